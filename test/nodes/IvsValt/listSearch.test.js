const { useSandbox } = require('../../helpers');
const { TYPE, valtWorkflow, seedUsers } = require('./valt.fixtures');

const env = useSandbox();

describe('IVS VALT "From List" pickers', () => {
	test('users are searchable by name and valued by id', async () => {
		await seedUsers(env, 3);
		const all = await env.engine.listSearch(TYPE, 'searchUsers');
		expect(all.results.map((r) => r.name)).toEqual(
			expect.arrayContaining(['admin', 'jdoe1', 'jdoe2', 'jdoe3']),
		);
		const some = await env.engine.listSearch(TYPE, 'searchUsers', 'DOE2');
		expect(some.results).toEqual([{ name: 'jdoe2', value: expect.any(Number) }]);
	});

	test('user groups and rooms are searchable', async () => {
		const groups = await env.engine.listSearch(TYPE, 'searchUserGroups', 'invest');
		expect(groups.results).toEqual([{ name: 'Investigators', value: 2 }]);
		const rooms = await env.engine.listSearch(TYPE, 'searchRooms');
		expect(rooms.results.map((r) => r.name)).toEqual([
			'Interview Room A',
			'Interview Room B',
			'Soft Room',
		]);
	});

	test('Get accepts a user picked from the list or given by id', async () => {
		const picked = await env.engine.run(
			valtWorkflow({
				resource: 'user',
				operation: 'get',
				userId: { __rl: true, mode: 'list', value: 1 },
			}),
		);
		expect(picked.json('Node')[0]).toMatchObject({ id: 1, name: 'admin' });
		const byId = await env.engine.run(
			valtWorkflow({
				resource: 'room',
				operation: 'get',
				roomId: { __rl: true, mode: 'id', value: '39' },
			}),
		);
		expect(byId.json('Node')[0]).toMatchObject({ id: 39, name: 'Interview Room B' });
	});

	test('a typed id that is not a whole number is flagged by n8n before the run', async () => {
		const workflow = valtWorkflow({
			resource: 'userGroup',
			operation: 'get',
			userGroupId: { __rl: true, mode: 'id', value: 'seven' },
		});
		await expect(env.engine.run(workflow)).rejects.toThrow(
			/A VALT ID is a whole number, e\.g\. 48/,
		);
	});

	test('an id from an expression that is not a whole number is refused before sending', async () => {
		const run = await env.engine.run(
			valtWorkflow({
				resource: 'userGroup',
				operation: 'get',
				userGroupId: { __rl: true, mode: 'id', value: '={{ "seven" }}' },
			}),
		);
		expect(run.nodeError('Node').message).toMatch(
			/^Invalid input on item 0: "User Group ID" must be a whole-number ID/,
		);
		expect(
			env.sandbox.valt.requests.filter((r) => r.path.startsWith('/api/v3/admin')),
		).toHaveLength(0);
	});
});
