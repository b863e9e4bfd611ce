/**
 * RCAMS's user list of an unexpected shape fails loudly and is never read as "no users": an
 * empty or short list would make present people look new (created twice) or gone (removed).
 * The docs promise neither that `users` is always there nor that `total` equals the users sent.
 */
const { useSandbox } = require('../../helpers');
const { calls, person, personFields, rcamsWorkflow, reshapeUserList } = require('./rcams.fixtures');

const env = useSandbox();

const roster = (n) => Array.from({ length: n }, (_, i) => person(i + 1));

const upsert = (people) =>
	env.engine.run(
		rcamsWorkflow(
			{ resource: 'user', operation: 'createOrUpdate', matchOn: 'email', ...personFields },
			{ items: people },
		),
	);
const removal = (people) =>
	env.engine.run(
		rcamsWorkflow(
			{
				resource: 'user',
				operation: 'removeLeavers',
				email: '={{ $json.email }}',
				managedUsers: 'emailPattern',
				emailPattern: '*@school.edu',
				maxShare: 100,
			},
			{ items: people },
		),
	);

/** Answers of the wrong shape, and what the node's error says about each. */
const SHAPES = [
	['without "users"', (json) => ({ ...json, users: undefined }), /^RCAMS sent the user list in an unexpected shape: "users" is missing$/],
	['with "users": null', (json) => ({ ...json, users: null }), /^RCAMS sent the user list in an unexpected shape: "users" is null, not a list$/],
	[
		'with the users in an object',
		(json) => ({ ...json, users: Object.fromEntries(json.users.map((user) => [user.user_token, user])) }),
		/^RCAMS sent the user list in an unexpected shape: "users" is an object, not a list$/,
	],
	[
		'with a "total" above the users it sent',
		(json) => ({ ...json, total: json.users.length + 2 }),
		/^RCAMS reported (\d+) users but returned (\d+); nothing was created or removed$/,
	],
	[
		'with a "total" as text above the users it sent',
		(json) => ({ ...json, total: String(json.users.length + 1) }),
		/^RCAMS reported (\d+) users but returned (\d+); nothing was created or removed$/,
	],
	[
		'with a user lacking "user_email"',
		(json) => ({ ...json, users: json.users.map((user, i) => (i === 1 ? { ...user, user_email: undefined } : user)) }),
		/^RCAMS listed a user without "user_email"$/,
	],
	[
		'with a user whose "user_email" is empty',
		(json) => ({ ...json, users: json.users.map((user, i) => (i === 1 ? { ...user, user_email: ' ' } : user)) }),
		/^RCAMS listed a user without "user_email"$/,
	],
	[
		'with a user lacking "user_token"',
		(json) => ({ ...json, users: json.users.map((user, i) => (i === 0 ? { ...user, user_token: null } : user)) }),
		/^RCAMS listed a user without "user_token"$/,
	],
];

describe.each(SHAPES)('RCAMS answering the user list %s', (_shape, reshape, message) => {
	test('Create or Update fails and creates nobody', async () => {
		reshapeUserList(env.sandbox, reshape);
		const before = env.sandbox.rcams.api.users.size;
		const run = await upsert(roster(3));
		expect(run.status).toBe('error');
		const error = run.nodeError('Node');
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/Nothing was created, updated or removed/);
		expect(calls(env.sandbox, 'user.php', 'insert')).toHaveLength(0);
		expect(calls(env.sandbox, 'user.php', 'update')).toHaveLength(0);
		expect(env.sandbox.rcams.api.users.size).toBe(before);
	});

	test('Remove Leavers fails and removes nobody', async () => {
		expect((await upsert(roster(3))).status).toBe('success');
		reshapeUserList(env.sandbox, reshape);
		const before = env.sandbox.rcams.api.users.size;
		const run = await removal(roster(1));
		expect(run.status).toBe('error');
		expect(run.nodeError('Node').message).toMatch(message);
		expect(calls(env.sandbox, 'user.php', 'remove')).toHaveLength(0);
		expect(env.sandbox.rcams.api.users.size).toBe(before);
	});
});

describe('RCAMS user list: what is still read as it comes', () => {
	test('the counts in the message are what RCAMS said and what it sent', async () => {
		reshapeUserList(env.sandbox, (json) => ({ ...json, total: '9' }));
		const run = await upsert(roster(1));
		expect(run.nodeError('Node').message).toBe(
			'RCAMS reported 9 users but returned 4; nothing was created or removed',
		);
	});

	test.each([
		['a "total" below the users sent (the array is trusted)', (json) => ({ ...json, total: 1 })],
		['a "total" that is not a number', (json) => ({ ...json, total: 'many' })],
		['no "total"', (json) => ({ ...json, total: undefined })],
		['an empty list with a "total" of 0', (json) => ({ ...json, users: [], total: 0 })],
	])('%s: Create or Update goes on', async (_case, reshape) => {
		reshapeUserList(env.sandbox, reshape);
		const run = await upsert(roster(1));
		expect(run.status).toBe('success');
		expect(run.json('Node')).toEqual([expect.objectContaining({ action: 'created' })]);
	});

	test('a create whose answer was lost, with a short list to check it against: the item says it may exist, nothing is sent again', async () => {
		reshapeUserList(env.sandbox, (json) => ({ ...json, total: json.users.length + 3 }));
		const api = env.sandbox.rcams.api;
		const handle = api.handle.bind(api);
		// The server acts on the insert, then the connection drops before the answer.
		env.sandbox.rcams.faults.configure({ errorRates: { lostResponse: 1 } });
		api.handle = (request) => {
			const response = handle(request);
			if (request.json?.action === 'insert') env.sandbox.rcams.faults.configure({});
			return response;
		};
		const run = await env.engine.run(
			rcamsWorkflow({ resource: 'user', operation: 'create', ...personFields }, { items: [person(7)] }),
		);
		const error = run.nodeError('Node');
		expect(error.message).toBe(
			'RCAMS may have created the user "user.7" (user7@school.edu): the connection dropped before its answer, and the user list that would confirm it could not be read',
		);
		expect(error.description).toMatch(/^Check in RCAMS whether user7@school.edu exists before running again/);
		expect(error.description).toMatch(/The user list failed with: RCAMS reported 8 users but returned 5/);
		expect(calls(env.sandbox, 'user.php', 'insert')).toHaveLength(1);
	});

	test('Get Many fails on a list of the wrong shape rather than answering "no users"', async () => {
		reshapeUserList(env.sandbox, (json) => ({ ...json, users: 'none' }));
		const run = await env.engine.run(
			rcamsWorkflow({ resource: 'user', operation: 'getAll', returnAll: true }),
		);
		expect(run.nodeError('Node').message).toBe(
			'RCAMS sent the user list in an unexpected shape: "users" is text, not a list',
		);
	});
});
