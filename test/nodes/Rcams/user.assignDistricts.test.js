const { useSandbox } = require('../../helpers');
const { JACOB, NOEL, calls, rcamsWorkflow, userRef } = require('./rcams.fixtures');

const env = useSandbox();

const assign = (user, districts, settings) =>
	rcamsWorkflow({ resource: 'user', operation: 'assignDistricts', user, districts }, settings);

describe('RCAMS User → Assign Districts', () => {
	test('reports per district whether it was added or already granted', async () => {
		// Noel already has districts 1 and 3.
		const run = await env.engine.run(assign(userRef(NOEL), [1, 2, 4]));
		expect(run.json('Node')).toEqual([
			{
				action: 'updated',
				userToken: NOEL,
				added: [2, 4],
				alreadyGranted: [1],
				changes: [{ field: 'districts', to: [2, 4] }],
				districts: [
					{ districtId: 1, result: 'alreadyGranted', message: 'District already granted' },
					{ districtId: 2, result: 'added', message: 'District added successfully' },
					{ districtId: 4, result: 'added', message: 'District added successfully' },
				],
			},
		]);
		expect([...env.sandbox.rcams.api.users.get(NOEL).districts].sort()).toEqual([1, 2, 3, 4]);
	});

	test('ids from an expression: a comma-separated list, deduplicated', async () => {
		const run = await env.engine.run(
			assign(userRef(JACOB), '={{ $json.ids }}', { items: [{ ids: ' 3, 4,3' }] }),
		);
		expect(run.json('Node')[0]).toMatchObject({ added: [3, 4], alreadyGranted: [] });
		expect(calls(env.sandbox, 'userdistrict.php')[0].json.district_list).toBe('3,4');
	});

	test('a district the server refuses fails the item with the vendor message', async () => {
		const run = await env.engine.run(assign(userRef(JACOB), [1, 99]));
		const error = run.nodeError('Node');
		expect(error.message).toBe('RCAMS refused district 99: District not found');
		expect(error.description).toMatch(
			/pick districts from the list.*added \[1\], already granted \[\]/,
		);
	});

	test('with continue-on-fail the refused item becomes an error item, the others go on', async () => {
		const run = await env.engine.run(
			assign(userRef(JACOB), '={{ $json.ids }}', {
				items: [{ ids: '1' }, { ids: '99' }, { ids: '2' }],
				continueOnFail: true,
			}),
		);
		const items = run.items('Node');
		expect(items[0].json).toMatchObject({ added: [1] });
		expect(items[1].json).toMatchObject({ error: 'RCAMS refused district 99: District not found' });
		expect(items[2].json).toMatchObject({ alreadyGranted: [2] });
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('district ids must be positive whole numbers: nothing is sent otherwise', async () => {
		const run = await env.engine.run(
			assign(userRef(JACOB), '={{ $json.ids }}', {
				items: [{ ids: '1,abc' }, { ids: '' }],
				continueOnFail: true,
			}),
		);
		const [first, second] = run.json('Node');
		expect(first.error).toMatch(/^Invalid input on item 0: "District Names or IDs/);
		expect(second.error).toMatch(
			/^Invalid input on item 1: "District Names or IDs" needs at least one district/,
		);
		expect(env.sandbox.rcams.requests).toHaveLength(0);
	});
});
