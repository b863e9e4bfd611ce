const { useSandbox } = require('../../helpers');
const { valtWorkflow, apiCalls } = require('./valt.fixtures');

const env = useSandbox();

describe('IVS VALT User Group', () => {
	test('Get Many lists the groups, Return All or Limit', async () => {
		const all = await env.engine.run(
			valtWorkflow({ resource: 'userGroup', operation: 'getAll', returnAll: true }),
		);
		expect(all.json('Node')).toEqual([
			{ id: 1, name: 'Administrators', marker: 2, information: 1 },
			{ id: 3, name: 'Detectives', marker: 32, information: 1 },
			{ id: 2, name: 'Investigators', marker: 2, information: 1 },
			{ id: 7, name: 'Victim Advocates', marker: 2, information: 30 },
		]);
		const two = await env.engine.run(
			valtWorkflow({ resource: 'userGroup', operation: 'getAll', limit: 2 }),
		);
		expect(two.json('Node')).toHaveLength(2);
		expect(
			apiCalls(env.sandbox).every((request) => request.path === '/api/v3/admin/user_groups'),
		).toBe(true);
	});

	test('Get returns one group with its rights and rooms; an unknown id is named', async () => {
		const run = await env.engine.run(
			valtWorkflow({ resource: 'userGroup', operation: 'get', userGroupId: '7' }),
		);
		expect(run.json('Node')[0]).toMatchObject({
			id: 7,
			name: 'Victim Advocates',
			rooms: [{ id: 43, name: 'Soft Room' }],
			retention: { until: 0, for: { days: 365 } },
		});
		const missing = await env.engine.run(
			valtWorkflow({ resource: 'userGroup', operation: 'get', userGroupId: '70' }),
		);
		expect(missing.nodeError('Node').message).toBe('User Group 70 was not found in IVS VALT');
	});
});
