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

	test('fails when the Base URL does not point at the API', async () => {
		const result = await env.engine.testCredential('rcamsApi', {
			...env.engine.store.rcamsApi,
			baseUrl: env.sandbox.rcams.url,
		});
		expect(result.status).toBe('Error');
	});
});
