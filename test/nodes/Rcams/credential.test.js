const { useSandbox } = require('../../helpers');

const env = useSandbox();

describe('RCAMS API credential test', () => {
	test('passes with the right API user name and password', async () => {
		const result = await env.engine.testCredential('rcamsApi', env.engine.store.rcamsApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('fails with a wrong password', async () => {
		const result = await env.engine.testCredential('rcamsApi', {
			...env.engine.store.rcamsApi,
			password: 'wrong',
		});
		expect(result.status).toBe('Error');
		expect(env.sandbox.rcams.requests[0].headers.authorization).toMatch(/^Basic /);
	});

	test('fails when RCAMS answers HTTP 200 with status ERROR', async () => {
		// RCAMS refuses a non-administrator this way: only the body says so.
		env.sandbox.rcams.api.handle = () => ({
			status: 200,
			json: { status: 'ERROR', message: 'Access denied' },
		});
		const result = await env.engine.testCredential('rcamsApi', env.engine.store.rcamsApi);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/RCAMS refused the request/);
	});

	// RCAMS promises status "OK" for success only: anything else must fail the test.
	test.each([
		['NO', { status: 'NO', users: [] }],
		['ok (lower case)', { status: 'ok', users: [] }],
		['Ok', { status: 'Ok', users: [] }],
		['FAIL', { status: 'FAIL', message: 'Not allowed' }],
		['"OK " (a trailing space)', { status: 'OK ', users: [] }],
		['"O"', { status: 'O' }],
		['an empty status', { status: '' }],
		['a number', { status: 200 }],
		['true', { status: true }],
		['no status at all', { users: [] }],
		['an HTML page with HTTP 200', '<html><body>Welcome</body></html>'],
	])('fails when RCAMS answers HTTP 200 with status %s', async (_label, body) => {
		env.sandbox.rcams.api.handle = () =>
			typeof body === 'string' ? { status: 200, text: body, contentType: 'text/html' } : { status: 200, json: body };
		const result = await env.engine.testCredential('rcamsApi', env.engine.store.rcamsApi);
		expect(result).toEqual({
			status: 'Error',
			message:
				'RCAMS did not answer status "OK": check the Base URL (it should end in /api/v2) and that the API user has administrator rights',
		});
	});

	test('fails when the Base URL does not point at the API', async () => {
		const result = await env.engine.testCredential('rcamsApi', {
			...env.engine.store.rcamsApi,
			baseUrl: env.sandbox.rcams.url,
		});
		expect(result.status).toBe('Error');
	});
});
