const { useSandbox, singleNodeWorkflow } = require('../../helpers');

const env = useSandbox();

const getMany = (extra) =>
	singleNodeWorkflow({ type: 'opscom', parameters: { resource: 'userType', operation: 'getAll', ...extra } });

test('Get Many returns every user type as an item', async () => {
	const run = await env.engine.run(getMany({ returnAll: true }));
	const types = run.json('Node');
	expect(types.length).toBeGreaterThan(2);
	expect(types[0]).toEqual({ id: '1', type_name: 'Full Time Student', ext_info: 'Student' });
	expect(run.items('Node').every((item) => item.pairedItem.item === 0)).toBe(true);
});

test('Get Many honours the limit', async () => {
	const run = await env.engine.run(getMany({ returnAll: false, limit: 2 }));
	expect(run.json('Node')).toHaveLength(2);
});

test('the User Type dropdown is loaded from OPSCOM', async () => {
	const options = await env.engine.loadOptions('n8n-nodes-campus-safety.opscom', 'getUserTypes');
	expect(options).toContainEqual({ name: 'Staff', value: '6', description: 'Staff' });
	expect(options.map((option) => option.value)).toEqual(['1', '2', '3', '6', '9']);
});
