const { useSandbox } = require('../../helpers');
const { valtWorkflow, apiCalls, seedUsers } = require('./valt.fixtures');

const env = useSandbox();

describe('IVS VALT User → Get', () => {
	test('returns the user by id, as VALT describes it', async () => {
		await seedUsers(env, 1);
		const run = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'get', userId: '48' }),
		);
		expect(run.json('Node')).toEqual([
			expect.objectContaining({
				id: 48,
				name: 'jdoe1',
				user_group: { id: 2, name: 'Investigators' },
				card_number: '001',
			}),
		]);
		expect(apiCalls(env.sandbox)[0].path).toBe('/api/v3/admin/users/48');
	});

	test('an id from an expression works', async () => {
		const run = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'get', userId: '={{ $json.id }}' }, [{ id: 1 }]),
		);
		expect(run.json('Node')[0].name).toBe('admin');
	});

	test('an unknown id says which user was not found', async () => {
		const run = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'get', userId: '4711' }),
		);
		const error = run.nodeError('Node');
		expect(error.message).toBe('User 4711 was not found in IVS VALT');
		expect(error.description).toContain('User not found');
	});

	test('a non-integer id is rejected before sending', async () => {
		const run = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'get', userId: '12a' }),
		);
		expect(run.nodeError('Node').message).toBe(
			'Invalid input on item 0: "User ID" must be a whole-number ID, e.g. 7',
		);
		expect(apiCalls(env.sandbox)).toHaveLength(0);
	});
});
