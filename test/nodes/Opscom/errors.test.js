const { useSandbox } = require('../../helpers');
const { pushWorkflow, person } = require('./opscom.fixtures');

const env = useSandbox();

const noRetry = { options: { maxRetries: 0 } };

async function failWith(people, extra, opts = noRetry) {
	const run = await env.engine.run(pushWorkflow(people, extra, opts));
	expect(run.status).toBe('error');
	return run.nodeError('Node');
}

describe('OPSCOM vendor errors become readable NodeApiErrors', () => {
	test('9015 unknown login source', async () => {
		const error = await failWith([person(1, { loginSource: 'KERBEROS' })]);
		expect(error.message).toBe(
			'OPSCOM error 9015: The login source is not one OPSCOM knows: use OPSCOM, or the code of an SSO login source configured in OPSCOM',
		);
		expect(error.description).toBe('OPSCOM said: Login source KERBEROS is invalid.');
		expect(error.context.itemIndex).toBe(0);
	});

	test.each([
		[9016, { email: undefined }, 'Email is required for a new OPSCOM user'],
		[9017, { first: undefined }, 'First name is required for a new OPSCOM user'],
		[9018, { last: undefined }, 'Last name is required for a new OPSCOM user'],
	])('%s: a new person without a required field', async (code, overrides, advice) => {
		const error = await failWith([person(1, overrides)]);
		expect(error.message).toBe(`OPSCOM error ${code}: ${advice}`);
	});

	test('9019 / 9020: email and user name must be unique', async () => {
		await env.engine.run(pushWorkflow([person(1)], { additionalFields: { userName: 'taken' } }));
		const email = await failWith([person(2, { email: 'student1@school.edu' })]);
		expect(email.message).toMatch(/^OPSCOM error 9019: Another OPSCOM user already has this email/);
		const userName = await failWith([person(3)], { additionalFields: { userName: 'taken' } });
		expect(userName.message).toMatch(/^OPSCOM error 9020: Another OPSCOM user already has this user name/);
	});

	test('9002 wrong token and 9001 missing token', async () => {
		env.engine.store.opscomApi.apiToken = 'wrong-token';
		expect((await failWith([person(1)])).message).toMatch(/^OPSCOM error 9002: The API token is not allowed/);
		env.engine.store.opscomApi.apiToken = '';
		expect((await failWith([person(1)])).message).toMatch(/^OPSCOM error 9001: The API token is missing/);
	});

	test('9000 unknown client code', async () => {
		env.engine.store.opscomApi.clientCode = 'NOPE';
		expect((await failWith([person(1)])).message).toMatch(/^OPSCOM error 9000: The client code is missing or unknown/);
	});

	// The vehicle and permit codes of the vendor's "API Error Codes" page.
	test.each([
		[9004, 'An end time is required'],
		[9005, 'The end time is not valid'],
		[9006, 'Plate is required for a vehicle'],
		[9008, 'A reference ID is required'],
		[9009, 'OPSCOM has no record with this reference ID'],
		[9010, 'Plate Type is required for a vehicle: give a plate type name or ID'],
		[9011, 'Province/State is required for a vehicle: give its postal abbreviation, full name or ID'],
		[9012, 'OPSCOM already has this vehicle: the plate is registered for this province or state'],
		[9021, 'The plate is longer than 50 characters: shorten it'],
	])('%s has a readable message, with the vendor text in the details', async (code, advice) => {
		env.sandbox.opscom.api.admin('fail-next', { status: 200, json: { ErrorCode: code, ErrorMessage: `Vendor text ${code}` } });
		const error = await failWith([person(1)]);
		expect(error.message).toBe(`OPSCOM error ${code}: ${advice}`);
		expect(error.description).toBe(`OPSCOM said: Vendor text ${code}`);
	});

	test.each([9003, 9022, 9030, 9031, 9032, 9033, 9999])('%s: every other code keeps the vendor message', async (code) => {
		env.sandbox.opscom.api.admin('fail-next', { status: 200, json: { ErrorCode: code, ErrorMessage: `Vendor text ${code}` } });
		const error = await failWith([person(1)]);
		expect(error.message).toMatch(new RegExp(`^OPSCOM error ${code}: `));
		expect(error.description).toBe(`OPSCOM said: Vendor text ${code}`);
	});

	test('a body without ErrorCode but with a status other than success', async () => {
		env.sandbox.opscom.api.admin('fail-next', { status: 200, json: { status: 'failure' } });
		const error = await failWith([person(1)]);
		expect(error.message).toBe('OPSCOM did not accept the request (HTTP 200, status "failure")');
	});

	test('an HTML page or an empty body', async () => {
		env.sandbox.opscom.api.admin('fail-next', { status: 200, text: '<html><body><h1>Maintenance</h1></body></html>', contentType: 'text/html' });
		const html = await failWith([person(1)]);
		expect(html.message).toBe('OPSCOM sent an unexpected response (HTTP 200) instead of JSON');
		expect(html.description).toMatch(/Response: Maintenance/);

		env.sandbox.opscom.api.admin('fail-next', { status: 500, text: '' });
		const empty = await failWith([person(1)]);
		expect(empty.message).toBe('OPSCOM sent an unexpected response (HTTP 500) instead of JSON');
		expect(empty.description).toMatch(/\(empty body\)/);
	});

	test('an unreachable server fails with a clear message after the retry budget', async () => {
		env.engine.store.opscomApi.baseUrl = 'http://127.0.0.1:1';
		const error = await failWith([person(1)], {}, { options: { maxRetries: 1, maxRetryTime: 2 } });
		expect(error.message).toMatch(/^OPSCOM did not complete the request: connection refused \(gave up after 1 retries/);
	});

	test('transient 503s and dropped connections are retried until the push succeeds', async () => {
		env.sandbox.opscom.faults.configure({ errorRates: { error5xx: 0.3, lostResponse: 0.2, reset: 0.1 }, seed: 7 });
		const people = Array.from({ length: 30 }, (_, i) => person(i + 1));
		const run = await env.engine.run(pushWorkflow(people, {}, { options: { maxRetries: 10 } }));
		expect(run.status).toBe('success');
		expect(run.json('Node')).toHaveLength(30);
		expect(env.sandbox.opscom.api.profiles.size).toBe(30);
	});
});

describe('Continue On Fail', () => {
	test('each failed item becomes one error item; the rest go on', async () => {
		const people = [person(1), person(2, { email: 'broken@' }), person(3, { loginSource: 'KERBEROS' }), person(4)];
		const run = await env.engine.run(pushWorkflow(people, {}, { continueOnFail: true, options: { maxRetries: 0 } }));
		expect(run.status).toBe('success');
		const items = run.items('Node');
		expect(items).toHaveLength(4);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.reference_id).toBeDefined();
		expect(items[1].json.error).toMatch(/^Invalid input on item 1: "Email" is not a valid email address/);
		expect(items[2].json.error).toMatch(/^OPSCOM error 9015/);
		expect(items[3].json.reference_id).toBeDefined();
		expect([...env.sandbox.opscom.api.profiles.keys()].sort()).toEqual(['S00001', 'S00004']);
	});

	test('with "Continue (using error output)" failed items leave by the error output, with the input data', async () => {
		const people = [person(1), person(2, { email: 'broken@' }), person(3)];
		const run = await env.engine.run(pushWorkflow(people, {}, { errorOutput: true }));
		expect(run.status).toBe('success');
		expect(run.json('Node', 0).map((json) => json.unique_id)).toEqual(['S00001', 'S00003']);
		const [failed] = run.items('Node', 1);
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json).toMatchObject({ id: 'S00002', email: 'broken@' });
		expect(failed.json.error).toMatch(/^Invalid input on item 1: "Email"/);
		expect(failed.json.details).toMatch(/Nothing was sent for this item/);
	});
});
