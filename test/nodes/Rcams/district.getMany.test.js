const { useSandbox } = require('../../helpers');
const { rcamsWorkflow } = require('./rcams.fixtures');

const env = useSandbox();

describe('RCAMS District → Get Many', () => {
	test('returns every district with a numeric id', async () => {
		const run = await env.engine.run(rcamsWorkflow({ resource: 'district', operation: 'getAll' }));
		expect(run.json('Node')).toEqual([
			{ districtId: 1, districtName: 'North County School District' },
			{ districtId: 2, districtName: 'Riverside Unified School District' },
			{ districtId: 3, districtName: 'Lakeview Independent School District' },
			{ districtId: 4, districtName: 'Mountain View School District' },
		]);
	});

	test('Limit and Simplify off (vendor fields under raw)', async () => {
		const run = await env.engine.run(
			rcamsWorkflow({
				resource: 'district',
				operation: 'getAll',
				returnAll: false,
				limit: 1,
				simplify: false,
			}),
		);
		expect(run.json('Node')).toEqual([
			{
				districtId: 1,
				districtName: 'North County School District',
				raw: { district_id: '1', district_name: 'North County School District' },
			},
		]);
	});
});
