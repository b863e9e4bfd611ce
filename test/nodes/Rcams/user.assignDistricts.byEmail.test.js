/**
 * Version 2 Assign Districts finds the user by email: the roster row itself (email, districts)
 * grants, with no user token and no expression. The user list is read once per run, only when
 * an item has no token; what the node remembers stays keyed by user token.
 */
const { useSandbox } = require('../../helpers');
const { DANA, JACOB, NOEL, calls, rcamsWorkflow, reshapeUserList } = require('./rcams.fixtures');

const env = useSandbox();

const AUTO = { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] };
const NOEL_EMAIL = 'noel.vanegas@rcams.example';
const JACOB_EMAIL = 'jacob.mata@rcams.example';

/** Assign Districts, version 2, Map Automatically, fed `items`. */
const assign = (items, settings = {}) =>
	env.engine.run(
		rcamsWorkflow(
			{ resource: 'user', operation: 'assignDistricts', fields: AUTO },
			{ items, typeVersion: 2, ...settings },
		),
	);

const listCalls = () => calls(env.sandbox, 'user.php', 'list');
const grantCalls = () => calls(env.sandbox, 'userdistrict.php');
const districtsOf = (token) => [...env.sandbox.rcams.api.users.get(token).districts].sort();
const forgetRequests = () => (env.sandbox.rcams.requests.length = 0);

describe('RCAMS Assign Districts (version 2) by email', () => {
	test('the email finds the user (case and spaces ignored): granted, the token and the email in the output, one list read', async () => {
		const run = await assign([
			{ email: ` ${NOEL_EMAIL.toUpperCase()} `, districts: '2,4', homeroom: '7B' },
			{ email: JACOB_EMAIL, districts: '3' },
		]);
		expect(run.status).toBe('success');
		expect(run.json('Node')).toEqual([
			{
				action: 'updated',
				userToken: NOEL,
				email: NOEL_EMAIL.toUpperCase(),
				changes: [{ field: 'districts', to: [2, 4] }],
			},
			{
				action: 'updated',
				userToken: JACOB,
				email: JACOB_EMAIL,
				changes: [{ field: 'districts', to: [3] }],
			},
		]);
		expect(districtsOf(NOEL)).toEqual([1, 2, 3, 4]);
		expect(districtsOf(JACOB)).toEqual([2, 3]);
		expect(listCalls()).toHaveLength(1);
		expect(grantCalls().map((call) => call.json.usr_tokenid)).toEqual([NOEL, JACOB]);
	});

	test('remembered by token: the next run by email sends no grant, nor does a run by token', async () => {
		await assign([{ email: NOEL_EMAIL, districts: '2' }]);
		forgetRequests();
		const again = await assign([{ email: NOEL_EMAIL, districts: '2' }]);
		expect(again.json('Node')).toEqual([{ action: 'unchanged', userToken: NOEL, email: NOEL_EMAIL }]);
		expect(grantCalls()).toEqual([]);

		const byToken = await assign([{ userToken: NOEL, districts: '2' }]);
		expect(byToken.json('Node')).toEqual([{ action: 'unchanged', userToken: NOEL }]);
		expect(grantCalls()).toEqual([]);
		// A new district is sent alone.
		const more = await assign([{ email: NOEL_EMAIL, districts: '2,4' }]);
		expect(more.json('Node')[0].changes).toEqual([{ field: 'districts', to: [4] }]);
		expect(grantCalls().map((call) => call.json.district_list)).toEqual(['4']);
	});

	test('Output Full Record: every district and the email', async () => {
		const run = await assign([{ email: NOEL_EMAIL, districts: '1,2' }], {
			options: { fullRecord: true },
		});
		expect(run.json('Node')).toEqual([
			{
				action: 'updated',
				userToken: NOEL,
				email: NOEL_EMAIL,
				added: [2],
				alreadyGranted: [1],
				districts: [
					{ districtId: 1, result: 'alreadyGranted', message: 'District already granted' },
					{ districtId: 2, result: 'added', message: 'District added successfully' },
				],
				changes: [{ field: 'districts', to: [2] }],
			},
		]);
	});

	test('no RCAMS user with that email: the item fails, saying to run Create or Update first; the others go on', async () => {
		const run = await assign(
			[
				{ email: 'new.person@school.edu', districts: '1' },
				{ email: JACOB_EMAIL, districts: '1' },
			],
			{ continueOnFail: true },
		);
		const [missing, granted] = run.json('Node');
		expect(missing).toEqual({
			action: 'failed',
			email: 'new.person@school.edu',
			error: 'No RCAMS user has the email new.person@school.edu',
			details: expect.stringMatching(
				/Run Create or Update RCAMS User before Assign Districts.*Nothing was sent for this item\.$/,
			),
		});
		expect(granted).toMatchObject({ action: 'updated', userToken: JACOB });
		expect(grantCalls().map((call) => call.json.usr_tokenid)).toEqual([JACOB]);
	});

	test('two RCAMS users with that email: the item fails naming how many and their tokens; nothing is sent', async () => {
		env.sandbox.rcams.api.users.get(DANA).email = 'Noel.Vanegas@rcams.example';
		const run = await assign([{ email: NOEL_EMAIL, districts: '2' }], { continueOnFail: true });
		const [failed] = run.json('Node');
		expect(failed.error).toBe(`2 RCAMS users have the email ${NOEL_EMAIL}`);
		expect(failed.details).toContain(NOEL);
		expect(failed.details).toContain(DANA);
		expect(failed.details).toMatch(/give the item the User Token of the right one/);
		expect(grantCalls()).toEqual([]);
		expect(districtsOf(NOEL)).toEqual([1, 3]);
	});

	test('token and email both given: the token is used, and the list is not read', async () => {
		const run = await assign([{ userToken: JACOB, email: NOEL_EMAIL, districts: '4' }]);
		expect(run.json('Node')).toEqual([
			{
				action: 'updated',
				userToken: JACOB,
				email: NOEL_EMAIL,
				changes: [{ field: 'districts', to: [4] }],
			},
		]);
		expect(districtsOf(JACOB)).toEqual([2, 4]);
		expect(districtsOf(NOEL)).toEqual([1, 3]);
		expect(listCalls()).toEqual([]);
	});

	test('every item with a token: no list request', async () => {
		const run = await assign([
			{ userToken: NOEL, districts: '2' },
			{ userToken: JACOB.toUpperCase(), districts: '1' },
		]);
		expect(run.json('Node').map((item) => item.action)).toEqual(['updated', 'updated']);
		expect(listCalls()).toEqual([]);
		expect(grantCalls()).toHaveLength(2);
	});

	test('neither token nor email: the item fails before anything is sent, naming both fields and the fix', async () => {
		const run = await assign(
			[
				{ mail: NOEL_EMAIL, districts: '2' },
				{ email: JACOB_EMAIL, districts: '1' },
			],
			{ continueOnFail: true },
		);
		const [refused, granted] = run.json('Node');
		expect(refused.action).toBe('failed');
		expect(refused.error).toBe('Invalid input on item 0: "User Token" or "Email" is required');
		expect(refused.details).toContain('"userToken" or "User Token" or "usr_tokenid"');
		expect(refused.details).toContain('"email" or "Email" or "user_email"');
		expect(refused.details).toContain('this item has "mail", "districts"');
		expect(refused.details).toMatch(/Nothing was sent for this item\.$/);
		expect(granted.action).toBe('updated');

		// On its own (On Error → Stop), the run fails before any request.
		forgetRequests();
		const stopped = await assign([{ districts: '2' }]);
		expect(stopped.status).toBe('error');
		expect(stopped.nodeError('Node').message).toBe(
			'Invalid input on item 0: "User Token" or "Email" is required',
		);
		expect(env.sandbox.rcams.requests).toEqual([]);
	});

	test('an email that is not one is refused before anything is sent', async () => {
		const run = await assign([{ email: 'not-an-address', districts: '2' }], {
			continueOnFail: true,
		});
		expect(run.json('Node')[0].error).toMatch(
			/^Invalid input on item 0: "Email" is not a valid email address/,
		);
		expect(env.sandbox.rcams.requests).toEqual([]);
	});

	test('a listed token is read as a given one is (case ignored); one that is not a token fails its item, nothing sent', async () => {
		reshapeUserList(env.sandbox, (json) => ({
			...json,
			users: json.users.map((user) =>
				user.user_token === NOEL
					? { ...user, user_token: NOEL.toUpperCase() }
					: user.user_token === JACOB
						? { ...user, user_token: 'not-a-token' }
						: user,
			),
		}));
		const run = await assign(
			[
				{ email: NOEL_EMAIL, districts: '2' },
				{ email: JACOB_EMAIL, districts: '1' },
			],
			{ continueOnFail: true },
		);
		const [noel, jacob] = run.json('Node');
		expect(noel).toMatchObject({ action: 'updated', userToken: NOEL });
		expect(jacob).toMatchObject({
			action: 'failed',
			email: JACOB_EMAIL,
			error: `RCAMS lists the user with the email ${JACOB_EMAIL} with a user token that is not one (not-a-token)`,
		});
		expect(grantCalls().map((call) => call.json.usr_tokenid)).toEqual([NOEL]);
	});

	test('a user list that cannot be read fails every item that needed it; items with a token go on', async () => {
		reshapeUserList(env.sandbox, (json) => ({ ...json, users: undefined }));
		const run = await assign(
			[
				{ email: NOEL_EMAIL, districts: '2' },
				{ userToken: JACOB, districts: '1' },
				{ email: 'dana.whitfield@rcams.example', districts: '4' },
			],
			{ continueOnFail: true },
		);
		const [first, second, third] = run.json('Node');
		for (const [failed, email] of [
			[first, NOEL_EMAIL],
			[third, 'dana.whitfield@rcams.example'],
		]) {
			expect(failed).toMatchObject({
				action: 'failed',
				email,
				error: 'RCAMS sent the user list in an unexpected shape: "users" is missing',
			});
		}
		expect(second).toMatchObject({ action: 'updated', userToken: JACOB });
		expect(grantCalls().map((call) => call.json.usr_tokenid)).toEqual([JACOB]);

		// With On Error → Stop the run fails before sending anything, even for the items ahead
		// (one at a time, they would be sent before the item that needed the list was reached).
		forgetRequests();
		const stopped = await assign(
			[
				{ userToken: JACOB, districts: '4' },
				{ userToken: DANA, districts: '4' },
				{ email: NOEL_EMAIL, districts: '2' },
			],
			{ options: { concurrency: 1 } },
		);
		expect(stopped.status).toBe('error');
		expect(stopped.nodeError('Node').message).toBe(
			'RCAMS sent the user list in an unexpected shape: "users" is missing',
		);
		expect(grantCalls()).toEqual([]);
		expect(districtsOf(JACOB)).toEqual([1, 2]);
	});

	test('preview: found users say what would be added and nothing is written; a user who does not exist yet fails', async () => {
		const run = await assign(
			[
				{ email: NOEL_EMAIL, districts: '2' },
				{ email: 'new.person@school.edu', districts: '1' },
			],
			{ continueOnFail: true, options: { preview: true } },
		);
		const [found, missing] = run.json('Node');
		expect(found).toEqual({
			action: 'updated',
			userToken: NOEL,
			email: NOEL_EMAIL,
			changes: [{ field: 'districts', to: [2] }],
			preview: true,
		});
		expect(missing.error).toBe('No RCAMS user has the email new.person@school.edu');
		expect(grantCalls()).toEqual([]);
		expect(districtsOf(NOEL)).toEqual([1, 3]);
		// Nothing was remembered: the real run sends the grant.
		const real = await assign([{ email: NOEL_EMAIL, districts: '2' }]);
		expect(real.json('Node')[0].action).toBe('updated');
		expect(grantCalls()).toHaveLength(1);
	});

	test('the error output carries the input row, so a summary can name the person', async () => {
		const run = await assign([{ uniqueId: 'S1', email: 'new.person@school.edu', districts: '1' }], {
			errorOutput: true,
		});
		expect(run.json('Node', 1)).toEqual([
			expect.objectContaining({
				uniqueId: 'S1',
				error: 'No RCAMS user has the email new.person@school.edu',
			}),
		]);
	});
});
