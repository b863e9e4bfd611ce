const { useSandbox, SANDBOX_SECRETS } = require('../../helpers');
const { credentialSecrets, expectNoSecrets, visible } = require('../../secrets.fixtures');
const { rcamsWorkflow } = require('./rcams.fixtures');

const env = useSandbox();

const myData = (extra = {}) =>
	rcamsWorkflow({ resource: 'account', operation: 'getMyData', ...extra });

describe('RCAMS Account → Get My Data', () => {
	test('returns the districts → schools → Wi-Fi networks / groups tree', async () => {
		const run = await env.engine.run(myData());
		const [output] = run.json('Node');
		expect(output.districts).toHaveLength(4);
		expect(output.districts[0]).toEqual({
			districtId: 1,
			districtName: 'North County School District',
			schools: [
				{
					schoolId: 1001,
					schoolName: 'Lincoln High School',
					schoolAddress: '123 Education Ave',
					wifiNetworks: [
						{ ssidId: 7001, ssidName: 'LHS-STAFF' },
						{ ssidId: 7002, ssidName: 'LHS-GUEST' },
					],
					groups: [
						{ groupId: 5001, groupName: 'Science Department' },
						{ groupId: 5002, groupName: 'Faculty Staff' },
					],
				},
				expect.objectContaining({ schoolName: 'Washington Elementary' }),
			],
		});
		expect(env.sandbox.rcams.requests[0]).toMatchObject({
			path: '/api/v2/userdata.php',
			rawBody: '{}',
		});
	});

	test('Wi-Fi passwords in the response are masked, in the output and under raw', async () => {
		// userdata.php as documented has no passwords; wifi.php does. Make this answer carry them.
		const api = env.sandbox.rcams.api;
		const handle = api.handle.bind(api);
		api.handle = (request) => {
			const response = handle(request);
			for (const district of response.json.districts)
				for (const school of district.schools)
					for (const wifi of school.wifi_ssids) wifi.password = `secret-${wifi.ssid_id}`;
			return response;
		};
		const run = await env.engine.run(myData({ simplify: false }));
		const [output] = run.json('Node');
		expect(output.districts[0].schools[0].wifiNetworks[0]).toEqual({
			ssidId: 7001,
			ssidName: 'LHS-STAFF',
			password: '********',
		});
		expect(output.raw.districts[0].schools[0].wifi_ssids[0].password).toBe('********');
		expect(JSON.stringify(output)).not.toContain('secret-');
	});

	test("a successful answer echoing the credential: the output (Simplify off) carries none of its secrets", async () => {
		const { username, password } = SANDBOX_SECRETS.rcams;
		const api = env.sandbox.rcams.api;
		const handle = api.handle.bind(api);
		// A vendor (or a proxy in front of it) that quotes the request in an answer that succeeds.
		api.handle = (request) => {
			const response = handle(request);
			const authorization = request.headers.authorization;
			const decoded = Buffer.from(authorization.split(' ')[1], 'base64').toString();
			response.json.debug = { authorization, login: decoded, note: `signed in as ${decoded}` };
			response.json.districts[0].district_name = `North County (${authorization})`;
			return response;
		};
		const run = await env.engine.run(myData({ simplify: false }));
		expect(run.status).toBe('success');
		const [output] = run.json('Node');
		// The answer was echoed, and its secret parts masked where they were.
		expect(output.raw.debug).toEqual({
			authorization: '***',
			login: `${username}:***`,
			note: `signed in as ${username}:***`,
		});
		expect(output.districts[0].districtName).toBe('North County (***)');
		expect(output.districts[1].districtName).toBe('Riverside Unified School District');
		expectNoSecrets(visible(run.raw), credentialSecrets());
		expect(visible(run.raw)).not.toContain(password);
	});

	test('Wi-Fi passwords in an error response are masked too', async () => {
		env.sandbox.rcams.api.handle = () => ({
			status: 200,
			json: {
				status: 'ERROR',
				message: 'Partial failure',
				wifi_list: [{ ssid_name: 'X', password: 'leak-me' }],
			},
		});
		const run = await env.engine.run(myData());
		const error = run.nodeError('Node');
		expect(error.message).toBe('RCAMS: Partial failure');
		expect(JSON.stringify(error)).not.toContain('leak-me');
	});
});
