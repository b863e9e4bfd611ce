const { useSandbox, SANDBOX_SECRETS } = require('../../helpers');
const { pushWorkflow, person } = require('./opscom.fixtures');

const env = useSandbox();

test('the push is a POST of JSON to /api/OC_TOMA/v1/profiles/push with the token only in the body', async () => {
	await env.engine.run(
		pushWorkflow([person(1)], {
			address: { province: 'ON', postalCode: 'K1A0B1' },
			additionalFields: { driverLicenceNum: 'X1', driverLicenceProv: 'ON' },
		}),
	);
	const [request] = env.sandbox.opscom.requests;
	expect(request.method).toBe('POST');
	expect(request.path).toBe('/api/OC_TOMA/v1/profiles/push');
	expect(request.query).toEqual({});
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	expect(request.headers.accept).toBe('application/json');
	expect(request.headers['cache-control']).toBe('no-cache');
	expect(request.json.apiToken).toBe(SANDBOX_SECRETS.opscom.apiToken);
	const headerText = JSON.stringify(request.headers);
	expect(headerText).not.toContain(SANDBOX_SECRETS.opscom.apiToken);
	// One key per attribute: never the alias spellings.
	for (const alias of ['state', 'zip', 'state2', 'zip2', 'driver_license_num', 'driver_license_state']) {
		expect(request.json).not.toHaveProperty(alias);
	}
	expect(Object.keys(request.json).sort()).toEqual(
		['apiToken', 'unique_id', 'login_source', 'first_name', 'last_name', 'email', 'province', 'postal_code', 'driver_licence_num', 'driver_licence_prov'].sort(),
	);
	expect(Object.values(request.json).every((value) => typeof value === 'string')).toBe(true);
});

test('fields left empty are not sent', async () => {
	await env.engine.run(pushWorkflow([{ id: 'S1', first: 'A', last: 'B', email: 'a@b.edu' }], { additionalFields: { userName: '' } }));
	expect(env.sandbox.opscom.requests[0].json).not.toHaveProperty('user_name');
});
