/** RCAMS User → Remove Leavers: only managed users, never the credential's own, within the guard. */
const { createEngine } = require('../../engine');
const { sandboxCredentials, useSandbox } = require('../../helpers');
const {
	INTEGRATOR,
	JACOB,
	NOEL,
	calls,
	person,
	personFields,
	rcamsWorkflow,
} = require('./rcams.fixtures');

const env = useSandbox();

const roster = (n) => Array.from({ length: n }, (_, i) => person(i + 1));
const sync = async (people) => {
	const run = await env.engine.run(
		rcamsWorkflow(
			{ resource: 'user', operation: 'createOrUpdate', matchOn: 'email', ...personFields },
			{ items: people },
		),
	);
	expect(run.status).toBe('success');
	return run;
};
/** A Remove Leavers run; the share limit is lifted unless a test sets it (small rosters trip 5%). */
const removal = async (people, extra = {}, settings = {}) => {
	env.sandbox.rcams.requests.length = 0;
	return await env.engine.run(
		rcamsWorkflow(
			{
				resource: 'user',
				operation: 'removeLeavers',
				email: '={{ $json.email }}',
				maxShare: 100,
				...extra,
			},
			{ items: people, ...settings },
		),
	);
};
const emails = () => [...env.sandbox.rcams.api.users.values()].map((user) => user.email);
const removeCalls = () => calls(env.sandbox, 'user.php', 'remove');

describe('RCAMS User → Remove Leavers', () => {
	test('a synced person who left the roster is removed; users the sync never touched stay', async () => {
		await sync(roster(5));
		const run = await removal(roster(5).filter((_, i) => i !== 2));
		expect(run.status).toBe('success');
		expect(run.json('Node')).toEqual([
			{
				action: 'removed',
				userToken: expect.stringMatching(/^[0-9a-f]{64}$/),
				fullName: 'First3 Last3',
				email: 'user3@school.edu',
				userName: 'user.3',
				deleted: true,
			},
		]);
		expect(emails()).not.toContain('user3@school.edu');
		// Seed users are not in the roster either, but this workflow never synced them.
		expect(emails()).toEqual(
			expect.arrayContaining([
				'noel.vanegas@rcams.example',
				'jacob.mata@rcams.example',
				'integrations@rcams.example',
			]),
		);
		expect(removeCalls()).toHaveLength(1);
		// Every output item stands for the whole roster.
		expect(run.items('Node')[0].pairedItem).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	});

	test('users matched (not created) by the sync are managed too; a removed user is forgotten', async () => {
		const jacob = person(0, {
			first: 'Jacob',
			last: 'Mata',
			email: 'jacob.mata@rcams.example',
			login: 'jacob.mata',
		});
		await sync([jacob, ...roster(2)]);
		const first = await removal(roster(2));
		expect(first.json('Node').map((item) => item.userToken)).toEqual([JACOB]);
		const again = await removal(roster(2));
		expect(again.json('Node')).toEqual([]);
		expect(removeCalls()).toHaveLength(0);
	});

	test('with user names given, a person whose email changed in the SIS stays', async () => {
		await sync(roster(3));
		const changed = roster(3).map((p, i) =>
			i === 1 ? { ...p, email: 'new.address@school.edu' } : p,
		);
		const byEmail = await removal(changed, {}, { options: { preview: true } });
		expect(byEmail.json('Node').map((item) => item.email)).toEqual(['user2@school.edu']);
		const byLogin = await removal(changed, { userName: '={{ $json.login }}' });
		expect(byLogin.json('Node')).toEqual([]);
		// One read, for the one candidate: the list has no logins.
		expect(calls(env.sandbox, 'user.php', 'get')).toHaveLength(1);
		expect(removeCalls()).toHaveLength(0);
	});

	test("the credential's own account is never removed, even when the sync manages it", async () => {
		const self = person(0, {
			first: 'Campus',
			last: 'Integration',
			email: 'integrations@rcams.example',
			login: 'sandbox-integrator',
		});
		await sync([self, ...roster(3)]);
		const run = await removal(roster(3));
		expect(run.json('Node')).toEqual([]);
		expect(env.sandbox.rcams.api.users.has(INTEGRATOR)).toBe(true);
		expect(removeCalls()).toHaveLength(0);
	});

	test("the credential's own account stays when its User Name is the account's email, not its login", async () => {
		// RCAMS's docs never say whether the API user name is a login or an email: the sandbox takes either.
		const credentials = sandboxCredentials(env.sandbox);
		credentials.rcamsApi.username = 'integrations@rcams.example';
		const engine = createEngine(credentials);
		env.sandbox.rcams.requests.length = 0;
		const run = await engine.run(
			rcamsWorkflow(
				{
					resource: 'user',
					operation: 'removeLeavers',
					email: '={{ $json.email }}',
					managedUsers: 'emailPattern',
					emailPattern: '*@rcams.example',
					maxShare: 100,
				},
				{ items: roster(2) },
			),
		);
		expect(run.nodeError('Node')?.message).toBeUndefined();
		expect(run.status).toBe('success');
		expect(
			run
				.json('Node')
				.map((item) => item.email)
				.sort(),
		).toEqual([
			'dana.whitfield@rcams.example',
			'jacob.mata@rcams.example',
			'noel.vanegas@rcams.example',
		]);
		expect(env.sandbox.rcams.api.users.has(INTEGRATOR)).toBe(true);
		expect(removeCalls().map((request) => request.json.usr_tokenid)).not.toContain(INTEGRATOR);
	});

	test('scope by email pattern: only matching users, never the credential account', async () => {
		await sync(roster(2));
		const run = await removal(roster(2), {
			managedUsers: 'emailPattern',
			emailPattern: '*@rcams.example',
			maxShare: 100,
		});
		expect(
			run
				.json('Node')
				.map((item) => item.email)
				.sort(),
		).toEqual([
			'dana.whitfield@rcams.example',
			'jacob.mata@rcams.example',
			'noel.vanegas@rcams.example',
		]);
		expect(env.sandbox.rcams.api.users.has(INTEGRATOR)).toBe(true);
		expect(emails()).toEqual(expect.arrayContaining(['user1@school.edu', 'user2@school.edu']));
	});

	test('a pattern that matches every domain is refused', async () => {
		const run = await removal(roster(1), { managedUsers: 'emailPattern', emailPattern: '*@*' });
		expect(run.nodeError('Node').message).toBe(
			'The Email Pattern "*@*" would match users of any domain',
		);
		expect(removeCalls()).toHaveLength(0);
	});

	test('an Email Pattern longer than an email address is refused, naming the field', async () => {
		await sync(roster(1));
		const pattern = `*${'a*'.repeat(127)}@school.edu`;
		expect(pattern.length).toBeGreaterThan(254);
		const run = await removal(roster(1), { managedUsers: 'emailPattern', emailPattern: pattern });
		expect(run.nodeError('Node').message).toBe(
			`The Email Pattern is ${pattern.length} characters long, the limit is 254: shorten it`,
		);
		expect(calls(env.sandbox, 'user.php')).toHaveLength(0);
	});

	test('a pattern with many `*` is matched at once, not by a backtracking regular expression', async () => {
		const people = [person(1, { email: `${'e'.repeat(60)}@school.edu` }), person(2)];
		await sync(people);
		const started = Date.now();
		// The regular expression this replaced took 26 s for 8 `*` against 60 letters; 31 would not end.
		const run = await removal(people, {
			managedUsers: 'emailPattern',
			emailPattern: `${'*e'.repeat(30)}*@rcams.example`,
		});
		expect(run.status).toBe('success');
		expect(run.json('Node')).toEqual([]);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	test('the guard trips on the count: nobody is removed, the message says how many and how to go on', async () => {
		await sync(roster(30));
		const run = await removal(roster(30).slice(0, 18), { maxShare: 100 });
		expect(run.status).toBe('error');
		const error = run.nodeError('Node');
		expect(error.message).toBe(
			'Nothing was removed: this run would remove at least 11 of the 30 RCAMS users this sync manages (36.7%), above the limit of 10 per run and 100%',
		);
		expect(error.description).toMatch(/raise "Max Removals per Run"/);
		expect(removeCalls()).toHaveLength(0);
		expect(env.sandbox.rcams.api.users.size).toBe(34);
	});

	test('the guard trips on the share of managed users', async () => {
		await sync(roster(40));
		const run = await removal(roster(40).slice(0, 37), { maxShare: 5 });
		expect(run.nodeError('Node').message).toBe(
			'Nothing was removed: this run would remove 3 of the 40 RCAMS users this sync manages (7.5%), above the limit of 10 per run and 5%',
		);
		expect(removeCalls()).toHaveLength(0);
		// Raised for one run, the same roster goes through.
		const raised = await removal(roster(40).slice(0, 37), { maxShare: 7.5 });
		expect(raised.json('Node')).toHaveLength(3);
	});

	test('Preview says who would be removed and removes nobody', async () => {
		await sync(roster(4));
		const run = await removal(roster(3), {}, { options: { preview: true } });
		expect(run.json('Node')).toEqual([
			expect.objectContaining({ action: 'removed', email: 'user4@school.edu', preview: true }),
		]);
		expect(removeCalls()).toHaveLength(0);
		expect(emails()).toContain('user4@school.edu');
		// And nothing was forgotten: the real run removes the same person.
		expect((await removal(roster(3))).json('Node')).toHaveLength(1);
	});

	test('an empty roster removes nothing; a roster with unreadable rows removes nothing', async () => {
		await sync(roster(3));
		const empty = await removal([]);
		expect(empty.runData.Node).toBeUndefined();
		// Even with Continue On Fail: a person it cannot read would look like a leaver.
		const broken = await removal(
			[...roster(2), { email: 'not-an-email' }],
			{},
			{ continueOnFail: true },
		);
		expect(broken.json('Node').map((item) => item.error)).toEqual([
			'Invalid input on item 2: "Email" is not a valid email address (expected something like name@school.edu)',
			'Nothing was removed: 1 roster item has no valid "Email"',
		]);
		expect(removeCalls()).toHaveLength(0);
		expect(env.sandbox.rcams.api.users.size).toBe(7);
	});

	test('a roster row whose User Name is null: the message names User Name, not the email', async () => {
		await sync(roster(3));
		const run = await removal(
			[...roster(2), person(3, { login: null })],
			{ userName: '={{ $json.login }}' },
			{ continueOnFail: true },
		);
		const errors = run.json('Node').map((item) => item.error);
		expect(errors).toEqual([
			'Invalid input on item 2: "User Name" must be text',
			'Nothing was removed: 1 roster item has no valid "User Name"',
		]);
		expect(run.json('Node')[1].details).toMatch(/First: Invalid input on item 2: "User Name" must be text/);
		expect(removeCalls()).toHaveLength(0);
	});

	test('rows failing on different fields: the message names each field', async () => {
		await sync(roster(3));
		const run = await removal(
			[person(1, { email: 'nope' }), person(2, { login: { not: 'text' } }), person(3)],
			{ userName: '={{ $json.login }}' },
			{ continueOnFail: true },
		);
		expect(run.json('Node').at(-1).error).toBe(
			'Nothing was removed: 2 roster items have no valid "Email" or "User Name"',
		);
		expect(removeCalls()).toHaveLength(0);
	});

	test("a removal RCAMS refuses is that user's error item; the others are removed", async () => {
		await sync(roster(6));
		let removes = 0;
		env.sandbox.rcams.faults.roll = () => undefined;
		const original = env.sandbox.rcams.api.handle.bind(env.sandbox.rcams.api);
		env.sandbox.rcams.api.handle = (request) =>
			request.json?.action === 'remove' && ++removes === 1
				? { status: 200, json: { status: 'ERROR', message: 'User is locked' } }
				: original(request);
		const before = env.sandbox.rcams.api.users.size;
		const run = await removal(roster(3), {}, { continueOnFail: true });
		const output = run.json('Node');
		expect(output).toHaveLength(3);
		const locked = output.filter((item) => item.error === 'RCAMS: User is locked');
		expect(locked).toEqual([
			expect.objectContaining({ email: expect.stringMatching(/^user[456]@school.edu$/) }),
		]);
		expect(output.filter((item) => item.action === 'removed')).toHaveLength(2);
		expect(env.sandbox.rcams.api.users.size).toBe(before - 2);

		// Without Continue On Fail, every removal is still tried, then the node fails saying so.
		await sync(roster(6));
		removes = 0;
		const strict = await removal(roster(3));
		expect(strict.nodeError('Node').message).toBe(
			'RCAMS refused 1 of 3 removals: RCAMS: User is locked',
		);
		expect(env.sandbox.rcams.api.users.size).toBe(before - 2);
	});
});
