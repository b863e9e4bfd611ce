/**
 * Every match mode settles: OPSCOM has no read API, so Create or Update compares every attribute
 * with its history. After one night with every attribute of the field table, the same roster
 * sends OPSCOM nothing the next nights.
 */
const { useSandbox } = require('../../helpers');
const { KEYS, editorFields, everyFieldWorkflow, fullPerson } = require('./everyAttribute.fixtures');

const env = useSandbox();

const roster = [
	fullPerson(1),
	fullPerson(2),
	fullPerson(3, { user_type_id: '6', city: 'Toronto' }),
];
const pushes = () =>
	env.sandbox.opscom.requests.filter((request) => request.path.endsWith('/profiles/push'));
const run = async (people = roster) => {
	env.sandbox.opscom.requests.length = 0;
	const result = await env.engine.run(everyFieldWorkflow(people));
	expect(result.status).toBe('success');
	return result;
};
const actions = (result) => result.json('Node').map((item) => item.action);

describe('OPSCOM Profile → Create or Update with every attribute settles', () => {
	test('the roster maps every field the editor offers', () => {
		const { topLevel, collections } = editorFields();
		expect([...topLevel, ...Object.values(collections).flat()].sort()).toEqual(
			Object.keys(KEYS).sort(),
		);
		expect(Object.keys(fullPerson(1)).sort()).toEqual(Object.values(KEYS).sort());
	});

	test('the first night sends everyone; the next two nights send nothing', async () => {
		const first = await run();
		expect(actions(first)).toEqual(['created', 'created', 'created']);
		const { profiles } = env.sandbox.opscom.api.snapshot();
		expect(profiles.map(({ reference_id: _id, ...profile }) => profile)).toEqual(roster);

		for (const night of [2, 3]) {
			const again = await run();
			expect({ night, pushes: pushes().map((request) => request.json.unique_id) }).toEqual({
				night,
				pushes: [],
			});
			expect(actions(again)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		}
	});

	test('after a night with one change, the following night sends nothing again', async () => {
		await run();
		const changed = roster.map((p, i) =>
			i === 1 ? { ...p, city2: 'Montreal', province2: 'QC' } : p,
		);
		const second = await run(changed);
		expect(actions(second)).toEqual(['unchanged', 'updated', 'unchanged']);
		await run(changed);
		expect(pushes()).toEqual([]);
	});
});
