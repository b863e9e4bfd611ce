const { useSandbox } = require('../../helpers');
const { valtWorkflow, apiCalls, seedUsers } = require('./valt.fixtures');

const env = useSandbox();

describe('IVS VALT User → Get Many', () => {
	test('returns all users, or up to the limit', async () => {
		await seedUsers(env, 4);
		const all = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'getAll', returnAll: true }),
		);
		// Seeded concurrently, so VALT's order among the new users is not fixed.
		expect(
			all
				.json('Node')
				.map((user) => user.name)
				.sort(),
		).toEqual(['admin', 'jdoe1', 'jdoe2', 'jdoe3', 'jdoe4']);
		const limited = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'getAll', limit: 2 }),
		);
		expect(limited.json('Node')).toEqual(all.json('Node').slice(0, 2));
		expect(limited.items('Node').every((item) => item.pairedItem.item === 0)).toBe(true);
	});

	test('filters by card number, sent as text with its leading zeros', async () => {
		await seedUsers(env, 3);
		const run = await env.engine.run(
			valtWorkflow({
				resource: 'user',
				operation: 'getAll',
				returnAll: true,
				filters: { cardNumber: '002' },
			}),
		);
		expect(run.json('Node').map((user) => user.name)).toEqual(['jdoe2']);
		expect(apiCalls(env.sandbox)[0].query.cardNumber).toBe('002');
		const none = await env.engine.run(
			valtWorkflow({
				resource: 'user',
				operation: 'getAll',
				returnAll: true,
				filters: { cardNumber: '2' },
			}),
		);
		expect(none.json('Node')).toEqual([]);
	});
});
