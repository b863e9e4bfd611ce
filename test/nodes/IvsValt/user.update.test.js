const { useSandbox } = require('../../helpers');
const { valtWorkflow, apiCalls, seedUsers } = require('./valt.fixtures');

const env = useSandbox();

describe('IVS VALT User → Update', () => {
	test('changes only the fields given, by id', async () => {
		await seedUsers(env, 1);
		const run = await env.engine.run(
			valtWorkflow({
				resource: 'user',
				operation: 'update',
				userId: 48,
				updateFields: {
					userName: 'jdoe-renamed',
					password: 'Changed-1',
					displayName: 'Jane Doe',
					userGroup: '3',
					cardNumber: '000777',
					rooms: [43],
					videoAccessUsers: '1',
					videoAccessUserGroups: [7],
				},
			}),
		);
		expect(run.status).toBe('success');
		const [edit] = apiCalls(env.sandbox);
		expect(edit.path).toBe('/api/v3/admin/users/48/edit');
		expect(edit.json).toEqual({
			name: 'jdoe-renamed',
			password: 'Changed-1',
			display_name: 'Jane Doe',
			user_group: 3,
			card_number: '000777',
			rooms: [43],
			video_access: { users: [1], user_groups: [7] },
		});
		expect(run.json('Node')[0]).toEqual({
			action: 'updated',
			id: 48,
			name: 'jdoe-renamed',
			display_name: 'Jane Doe',
			user_group: 3,
			card_number: '000777',
			rooms: [43],
			video_access: { users: [1], user_groups: [7] },
		});

		env.sandbox.valt.requests.length = 0;
		await env.engine.run(
			valtWorkflow({
				resource: 'user',
				operation: 'update',
				userId: 48,
				updateFields: { displayName: 'J. Doe' },
			}),
		);
		expect(apiCalls(env.sandbox)[0].json).toEqual({ display_name: 'J. Doe' });
		expect(env.sandbox.valt.api.users.get(48)).toMatchObject({
			name: 'jdoe-renamed',
			card_number: '000777',
			user_group: 3,
		});
	});

	test('an unknown id, a taken name and an empty update fail clearly', async () => {
		const unknown = await env.engine.run(
			valtWorkflow({
				resource: 'user',
				operation: 'update',
				userId: 99,
				updateFields: { displayName: 'x' },
			}),
		);
		expect(unknown.nodeError('Node').message).toBe('User 99 was not found in IVS VALT');

		await seedUsers(env, 1);
		const taken = await env.engine.run(
			valtWorkflow({
				resource: 'user',
				operation: 'update',
				userId: 48,
				updateFields: { userName: 'admin' },
			}),
		);
		expect(taken.nodeError('Node').message).toContain('the user name probably exists already');

		const empty = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'update', userId: 48 }),
		);
		expect(empty.nodeError('Node').message).toBe('Nothing to update on item 0');
		expect(apiCalls(env.sandbox).filter((request) => request.path.endsWith('/edit'))).toHaveLength(
			1,
		);
	});
});
