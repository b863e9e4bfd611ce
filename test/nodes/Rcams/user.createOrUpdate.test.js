const { useSandbox } = require('../../helpers');
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

const upsertWorkflow = (people, extra = {}, settings = {}) =>
	rcamsWorkflow(
		{ resource: 'user', operation: 'createOrUpdate', ...personFields, ...extra },
		{ items: people, ...settings },
	);

describe('RCAMS User → Create or Update, matching on email', () => {
	test('updates existing users, creates new ones, with one list call per run', async () => {
		const people = [
			person(1, {
				first: 'Jake',
				last: 'Mata',
				email: 'JACOB.MATA@rcams.example',
				login: 'ignored',
			}),
			person(2),
			person(3),
		];
		const run = await env.engine.run(
			upsertWorkflow(people, { matchOn: 'email', additionalFields: { notes: 'Synced' } }),
		);
		expect(run.status).toBe('success');
		const outputs = run.json('Node');
		expect(outputs.map((o) => o.action)).toEqual(['updated', 'created', 'created']);
		expect(outputs[0]).toEqual({
			action: 'updated',
			userToken: JACOB,
			fullName: 'Jake Mata',
			firstName: 'Jake',
			lastName: 'Mata',
			// What RCAMS holds: an update cannot change the email or user name.
			email: 'jacob.mata@rcams.example',
			notes: 'Synced',
			// RCAMS lists the full name; notes it does not report, so they count as new the first time.
			changes: [
				{ field: 'fullName', from: 'Jacob Mata', to: 'Jake Mata' },
				{ field: 'notes', to: 'Synced' },
			],
		});
		expect(outputs[1]).toMatchObject({
			action: 'created',
			userName: 'user.2',
			email: 'user2@school.edu',
		});

		expect(calls(env.sandbox, 'user.php', 'list')).toHaveLength(1);
		expect(calls(env.sandbox, 'user.php', 'get')).toHaveLength(0);
		const [update] = calls(env.sandbox, 'user.php', 'update');
		// Never the password, user name or email: RCAMS cannot change them.
		expect(update.json).toEqual({
			action: 'update',
			usr_tokenid: JACOB,
			first_name: 'Jake',
			last_name: 'Mata',
			notes: 'Synced',
		});
		expect(env.sandbox.rcams.api.users.get(JACOB)).toMatchObject({
			first_name: 'Jake',
			notes: 'Synced',
		});
		expect(env.sandbox.rcams.api.users.size).toBe(6);
	});

	test('the same new person twice in one run is created once, then updated', async () => {
		const run = await env.engine.run(
			upsertWorkflow(
				[person(7), person(7, { last: 'Renamed' })],
				{ matchOn: 'email' },
				{ options: { concurrency: 5 } },
			),
		);
		expect(run.json('Node').map((o) => o.action)).toEqual(['created', 'updated']);
		expect(calls(env.sandbox, 'user.php', 'insert')).toHaveLength(1);
		const created = [...env.sandbox.rcams.api.users.values()].find(
			(u) => u.email === 'user7@school.edu',
		);
		expect(created.last_name).toBe('Renamed');
	});

	test('a second run updates what the first created', async () => {
		await env.engine.run(upsertWorkflow([person(4)], { matchOn: 'email' }));
		const second = await env.engine.run(
			upsertWorkflow([person(4, { first: 'Changed' })], { matchOn: 'email' }),
		);
		expect(second.json('Node')[0]).toMatchObject({ action: 'updated', firstName: 'Changed' });
		expect(env.sandbox.rcams.api.users.size).toBe(5);
	});
});

describe('RCAMS User → Create or Update, matching on user name', () => {
	test('finds the login with the likeliest user first: one list call, one get', async () => {
		// Same email as the seed user: the node checks that user's login first.
		const people = [
			person(1, {
				first: 'Noel',
				last: 'V',
				login: 'NOEL.VANEGAS',
				email: 'noel.vanegas@rcams.example',
			}),
		];
		const run = await env.engine.run(upsertWorkflow(people, { matchOn: 'userName' }));
		const [output] = run.json('Node');
		expect(output).toMatchObject({
			action: 'updated',
			userToken: NOEL,
			userName: 'noel.vanegas',
			lastName: 'V',
		});
		expect(calls(env.sandbox, 'user.php', 'list')).toHaveLength(1);
		expect(calls(env.sandbox, 'user.php', 'get').map((r) => r.json.usr_tokenid)).toEqual([NOEL]);
	});

	test('a user whose email changed is still matched by login, by full name first', async () => {
		const people = [
			person(1, {
				first: 'Jacob',
				last: 'Mata',
				login: 'jacob.mata',
				email: 'new.address@school.edu',
			}),
		];
		const run = await env.engine.run(
			upsertWorkflow(people, { matchOn: 'userName', options: { concurrency: 1 } }),
		);
		// Found by login; the name is what RCAMS holds and the email cannot change: nothing to send.
		expect(run.json('Node')[0]).toMatchObject({
			action: 'unchanged',
			userToken: JACOB,
			userName: 'jacob.mata',
			email: 'jacob.mata@rcams.example',
		});
		expect(calls(env.sandbox, 'user.php', 'get')[0].json.usr_tokenid).toBe(JACOB);
		expect(calls(env.sandbox, 'user.php', 'update')).toHaveLength(0);
	});

	test('new logins cost each existing user at most one get per run, whatever the item count', async () => {
		const people = Array.from({ length: 6 }, (_, i) => person(i + 1));
		const run = await env.engine.run(
			upsertWorkflow(people, { matchOn: 'userName' }, { options: { concurrency: 3 } }),
		);
		expect(run.json('Node').map((o) => o.action)).toEqual(Array(6).fill('created'));
		expect(calls(env.sandbox, 'user.php', 'list')).toHaveLength(1);
		const gets = calls(env.sandbox, 'user.php', 'get').map((r) => r.json.usr_tokenid);
		// The four seed users, each read once; users created in the run are known without a get.
		expect(gets.sort()).toEqual(
			[
				NOEL,
				JACOB,
				'21e2bc1297790f861b50d0868f256b450495edd69188107be2c8668918b37665',
				INTEGRATOR,
			].sort(),
		);
	});

	test('the same new login twice in one run is created once, then updated', async () => {
		const run = await env.engine.run(
			upsertWorkflow([person(5), person(5, { first: 'Again' })], { matchOn: 'userName' }),
		);
		expect(run.json('Node').map((o) => o.action)).toEqual(['created', 'updated']);
		expect(run.json('Node')[1]).toMatchObject({ userName: 'user.5', firstName: 'Again' });
		expect(calls(env.sandbox, 'user.php', 'insert')).toHaveLength(1);
	});

	test('a new login whose email is taken fails with the vendor message', async () => {
		const run = await env.engine.run(
			upsertWorkflow(
				[person(1, { email: 'jacob.mata@rcams.example' })],
				{ matchOn: 'userName' },
				{ continueOnFail: true },
			),
		);
		expect(run.json('Node')[0].error).toBe('RCAMS: Email already exists');
	});

	test('invalid input is refused before anything is sent for the item', async () => {
		const run = await env.engine.run(
			upsertWorkflow([person(1, { login: '' })], { matchOn: 'userName' }, { continueOnFail: true }),
		);
		expect(run.json('Node')[0].error).toBe('Invalid input on item 0: "User Name" is required');
		// With no valid item, not even the once-per-run list goes out.
		expect(env.sandbox.rcams.requests).toHaveLength(0);
	});

	test('a new user needs a password that is not blank; nothing is created without one', async () => {
		const run = await env.engine.run(
			upsertWorkflow(
				[person(1, { password: '   ' })],
				{ matchOn: 'email' },
				{ continueOnFail: true },
			),
		);
		expect(run.json('Node')[0].error).toBe(
			'Invalid input on item 0: "Password" is required: it cannot be empty',
		);
		expect(calls(env.sandbox, 'user.php', 'insert')).toHaveLength(0);
	});
});
