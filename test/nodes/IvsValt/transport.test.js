const { useSandbox } = require('../../helpers');
const { valtWorkflow, apiCalls } = require('./valt.fixtures');

const env = useSandbox();

/** Makes VALT answer every admin call with `response` (logins still work). */
function answerWith(response) {
	const api = env.sandbox.valt.api;
	const handle = api.handle.bind(api);
	api.handle = (request) => (request.path === '/api/v3/login' ? handle(request) : response);
}

const getRooms = { resource: 'room', operation: 'getAll', returnAll: true };

describe('IVS VALT responses the node must make sense of', () => {
	test('an HTML page instead of JSON (a proxy or captive portal)', async () => {
		answerWith({
			status: 200,
			text: '<html><body><h1>Please sign in</h1></body></html>',
			contentType: 'text/html',
		});
		const error = (await env.engine.run(valtWorkflow(getRooms))).nodeError('Node');
		expect(error.message).toBe('IVS VALT sent an unexpected response (HTTP 200) instead of JSON');
		expect(error.description).toContain('Please sign in');
		expect(error.description).toContain('Check the Base URL');
	});

	test('an empty body', async () => {
		answerWith({ status: 200, text: '' });
		const error = (await env.engine.run(valtWorkflow(getRooms))).nodeError('Node');
		expect(error.message).toBe('IVS VALT sent an unexpected response (HTTP 200) instead of JSON');
		expect(error.description).toContain('(empty body)');
	});

	test('a VALT error body reaches the user in its own words', async () => {
		answerWith({ status: 403, json: { error: { code: 403, message: 'Insufficient rights' } } });
		const error = (await env.engine.run(valtWorkflow(getRooms))).nodeError('Node');
		expect(error.message).toBe(
			'The VALT account in the credential is not allowed to do this: use an administrator account',
		);
		expect(error.description).toBe('VALT said: Insufficient rights');
	});

	test('an overloaded server is retried with backoff, then gives up naming the cause', async () => {
		env.sandbox.valt.faults.configure({ errorRates: { html: 1 } });
		const run = await env.engine.run(valtWorkflow({ ...getRooms, options: { maxRetries: 2 } }));
		const error = run.nodeError('Node');
		expect(error.message).toMatch(
			/^IVS VALT did not complete the request: HTTP 502 \(gave up after 2 retries/,
		);
		// The login itself went through the same faults: only count the admin calls that got in.
		expect(apiCalls(env.sandbox).length).toBeLessThanOrEqual(3);
	});

	test('a 500 outside user saving is reported as a server failure, not a duplicate name', async () => {
		answerWith({ status: 500, json: { error: { code: 500, message: 'Internal Server Error' } } });
		const error = (
			await env.engine.run(valtWorkflow({ resource: 'user', operation: 'get', userId: '1' }))
		).nodeError('Node');
		expect(error.message).toBe('IVS VALT failed to process the request');
		expect(error.description).toBe('VALT said: Internal Server Error');
	});
});
