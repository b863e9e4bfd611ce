const { useSandbox } = require('../../helpers');
const { JACOB, rcamsWorkflow, userRef } = require('./rcams.fixtures');

const env = useSandbox();

const getJacob = (options) =>
	rcamsWorkflow({ resource: 'user', operation: 'get', user: userRef(JACOB) }, { options });

describe('RCAMS error handling', () => {
	test('a wrong API password fails with advice about the credential', async () => {
		env.engine.store.rcamsApi.password = 'wrong';
		const run = await env.engine.run(getJacob());
		const error = run.nodeError('Node');
		expect(error.message).toBe('RCAMS: Invalid API credentials');
		expect(error.description).toMatch(/API user name and password in the RCAMS credential/);
		expect(error.httpCode).toBe('401');
		// n8n itself resends a 401 once (its credential refresh); the node adds no retries.
		expect(env.sandbox.rcams.requests).toHaveLength(2);
	});

	test('HTTP 200 with status ERROR fails with the vendor message', async () => {
		const run = await env.engine.run(
			rcamsWorkflow({ resource: 'user', operation: 'get', user: userRef('a'.repeat(64), 'id') }),
		);
		const error = run.nodeError('Node');
		expect(error.message).toBe('RCAMS: User not found');
		expect(error.description).toMatch(/pick the user from the list/);
		expect(error.httpCode).toBe('200');
	});

	test('an unknown vendor message passes through with the response', async () => {
		env.sandbox.rcams.api.handle = () => ({
			status: 200,
			json: { status: 'ERROR', message: 'Database is locked' },
		});
		const run = await env.engine.run(getJacob());
		expect(run.nodeError('Node').message).toBe('RCAMS: Database is locked');
	});

	test('an HTML page instead of JSON (wrong Base URL) fails clearly', async () => {
		env.engine.store.rcamsApi.baseUrl = `${env.sandbox.rcams.url}/api/v1`;
		const run = await env.engine.run(getJacob());
		const error = run.nodeError('Node');
		expect(error.message).toBe('RCAMS sent an unexpected response (HTTP 404) instead of JSON');
		expect(error.description).toMatch(/Not Found.*Base URL/);
	});

	test('an HTML page with HTTP 200 is not mistaken for success', async () => {
		env.sandbox.rcams.api.handle = () => ({
			status: 200,
			text: '<html><body><h1>Maintenance</h1></body></html>',
			contentType: 'text/html',
		});
		const run = await env.engine.run(getJacob());
		const error = run.nodeError('Node');
		expect(error.message).toBe('RCAMS sent an unexpected response (HTTP 200) instead of JSON');
		expect(error.description).toMatch(/Maintenance/);
	});

	test('a proxy error page (502) is retried, then reported', async () => {
		env.sandbox.rcams.faults.configure({ errorRates: { html: 1 } });
		const run = await env.engine.run(getJacob({ maxRetries: 2 }));
		expect(run.nodeError('Node').message).toMatch(
			/RCAMS did not complete the request: HTTP 502 \(gave up after 2 retries/,
		);
		expect(run.nodeError('Node').message).not.toMatch(/<html>/);
	});

	test('transient failures are retried until the call works', async () => {
		env.sandbox.rcams.faults.configure({ errorRates: { error5xx: 0.5 }, seed: 3 });
		const run = await env.engine.run(
			rcamsWorkflow({ resource: 'district', operation: 'getAll' }, { options: { maxRetries: 10 } }),
		);
		expect(run.status).toBe('success');
		expect(run.json('Node')).toHaveLength(4);
	});
});
