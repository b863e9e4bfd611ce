const { useSandbox, SANDBOX_SECRETS } = require('../../helpers');
const { JACOB, calls, rcamsWorkflow, userRef } = require('./rcams.fixtures');

const env = useSandbox();

const basic = `Basic ${Buffer.from(`${SANDBOX_SECRETS.rcams.username}:${SANDBOX_SECRETS.rcams.password}`).toString('base64')}`;

describe('RCAMS wire format', () => {
	test('every call is a POST with Basic auth and a JSON string body carrying the action', async () => {
		const run = await env.engine.run(
			rcamsWorkflow({ resource: 'user', operation: 'get', user: userRef(JACOB) }),
		);
		expect(run.status).toBe('success');
		const [request] = env.sandbox.rcams.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v2/user.php');
		expect(request.headers.authorization).toBe(basic);
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.rawBody).toBe(JSON.stringify({ action: 'get', usr_tokenid: JACOB }));
	});

	test('district_list goes as a comma-separated string, not an array', async () => {
		await env.engine.run(
			rcamsWorkflow({
				resource: 'user',
				operation: 'assignDistricts',
				user: userRef(JACOB),
				districts: [3, 2, 4],
			}),
		);
		const [request] = calls(env.sandbox, 'userdistrict.php');
		expect(request.json).toEqual({ action: 'insert', usr_tokenid: JACOB, district_list: '3,2,4' });
		expect(typeof request.json.district_list).toBe('string');
	});

	test('the credential test lists users with a JSON string body', async () => {
		const result = await env.engine.testCredential('rcamsApi', env.engine.store.rcamsApi);
		expect(result.status).toBe('OK');
		const [request] = env.sandbox.rcams.requests;
		expect(request).toMatchObject({
			method: 'POST',
			path: '/api/v2/user.php',
			rawBody: '{"action":"list"}',
		});
		expect(request.headers.authorization).toBe(basic);
	});

	test('a trailing slash on the Base URL is tolerated', async () => {
		env.engine.store.rcamsApi.baseUrl += '/';
		const run = await env.engine.run(rcamsWorkflow({ resource: 'district', operation: 'getAll' }));
		expect(run.status).toBe('success');
		expect(env.sandbox.rcams.requests[0].path).toBe('/api/v2/district.php');
	});
});
