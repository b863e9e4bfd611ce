const { useSandbox, SANDBOX_SECRETS } = require('../../helpers');

const env = useSandbox();

const credential = (overrides) => ({
	baseUrl: env.sandbox.opscom.url,
	clientCode: 'OC_TOMA',
	apiToken: SANDBOX_SECRETS.opscom.apiToken,
	...overrides,
});

test('the credential test passes with a good token, reading the user type list', async () => {
	expect(await env.engine.testCredential('opscomApi', credential())).toEqual({ status: 'OK', message: 'Connection successful!' });
	const [request] = env.sandbox.opscom.requests;
	expect(request.path).toBe('/api/OC_TOMA/v1/profiles/types/list');
	expect(request.json).toEqual({ apiToken: SANDBOX_SECRETS.opscom.apiToken });
});

test('the credential test fails with a bad token', async () => {
	const result = await env.engine.testCredential('opscomApi', credential({ apiToken: 'nope' }));
	expect(result.status).toBe('Error');
	expect(JSON.stringify(result)).not.toContain('nope');
});

test('a trailing slash in the base URL is fine', async () => {
	const result = await env.engine.testCredential('opscomApi', credential({ baseUrl: `${env.sandbox.opscom.url}/` }));
	expect(result.status).toBe('OK');
});
