/**
 * IVS VALT's user list of an unexpected shape fails loudly and is never read as "no users". The
 * list call is not on the vendor's seed page (user groups come wrapped as data.userGroups), so
 * a `data` that is not a list, or a user without the id and name the sync keys on, is an error.
 */
const { useSandbox } = require('../../helpers');
const {
	valtWorkflow,
	apiCalls,
	person,
	reshapeUserList,
	seedUsers,
	createParameters,
	faultOnce,
} = require('./valt.fixtures');

const env = useSandbox();

const syncParameters = {
	resource: 'user',
	operation: 'createOrUpdate',
	userName: '={{ $json.name }}',
	password: '={{ $json.password }}',
};
const writes = () => apiCalls(env.sandbox).filter((request) => request.method === 'POST');

const SHAPES = [
	[
		'the users wrapped in an object, as user groups are',
		(json) => ({ data: { users: json.data } }),
		'IVS VALT sent the user list in an unexpected shape: "data" is an object, not a list',
	],
	[
		'"data": null',
		() => ({ data: null }),
		'IVS VALT sent the user list in an unexpected shape: "data" is null, not a list',
	],
	[
		'a user without "id"',
		(json) => ({ data: json.data.map((user, i) => (i === 1 ? { ...user, id: undefined } : user)) }),
		'IVS VALT listed a user without "id"',
	],
	[
		'a user without "name"',
		(json) => ({ data: json.data.map((user, i) => (i === 0 ? { ...user, name: '' } : user)) }),
		'IVS VALT listed a user without "name"',
	],
];

describe.each(SHAPES)('IVS VALT answering the user list with %s', (_shape, reshape, message) => {
	test('Create or Update fails and creates nobody', async () => {
		await seedUsers(env, 2);
		reshapeUserList(env.sandbox, reshape);
		const before = env.sandbox.valt.api.users.size;
		const run = await env.engine.run(
			valtWorkflow(syncParameters, [person(1), person(5), person(6)]),
		);
		expect(run.status).toBe('error');
		const error = run.nodeError('Node');
		expect(error.message).toBe(message);
		expect(error.description).toMatch(/Nothing was created or changed/);
		expect(writes()).toHaveLength(0);
		expect(env.sandbox.valt.api.users.size).toBe(before);
	});

	test('Get Many fails rather than answering "no users"', async () => {
		await seedUsers(env, 2);
		reshapeUserList(env.sandbox, reshape);
		const run = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'getAll', returnAll: true }),
		);
		expect(run.status).toBe('error');
		expect(run.nodeError('Node').message).toBe(message);
	});
});

describe('IVS VALT: a lost create answer is matched on the exact user name, ignoring case only', () => {
	test('a user whose name only starts the same is not taken for the one created', async () => {
		// jdoe50 exists; the create of jdoe5 goes through but its answer is lost (request 1 is the login).
		env.sandbox.valt.api.createUser({ json: { name: 'jdoe50', password: 'x-Pass-1' } });
		faultOnce(env.sandbox, 2, 'lostResponse');
		// VALT lists the name in capitals: names ignore case in VALT, so it is still the same user.
		reshapeUserList(env.sandbox, (json) => ({
			data: json.data.map((user) => ({ ...user, name: user.name.toUpperCase() })),
		}));
		const run = await env.engine.run(valtWorkflow(createParameters(), [person(5)]));
		expect(run.status).toBe('success');
		const created = [...env.sandbox.valt.api.users.values()].find((user) => user.name === 'jdoe5');
		expect(run.json('Node')).toEqual([{ action: 'created', id: created.id, name: 'jdoe5' }]);
		expect(created.id).not.toBe(48);
	});
});
