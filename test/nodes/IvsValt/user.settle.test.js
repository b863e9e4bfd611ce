/**
 * Every match mode settles: after one nightly sync with every field, the same roster sends VALT
 * nothing the next nights (reads are fine: the one user list per run, and logins).
 */
const { editorFields, useSandbox } = require('../../helpers');
const {
	valtWorkflow,
	apiCalls,
	everyFieldParameters,
	person,
	seedUsers,
} = require('./valt.fixtures');

const env = useSandbox();

const parameters = everyFieldParameters;
/** jdoe1 and jdoe2 exist before the first night (ids 48, 49); jdoe3 and jdoe4 are new. */
const roster = [
	person(1, {
		card: '0001',
		display: 'One',
		group: 2,
		rooms: [37],
		videoGroups: [2, 3],
		videoUsers: [1],
	}),
	person(2, {
		card: '0002',
		display: 'Two',
		group: 3,
		rooms: [37, 39],
		videoGroups: [3],
		videoUsers: [1, 48],
	}),
	person(3, {
		card: '0003',
		display: 'Three',
		group: 7,
		rooms: [43],
		videoGroups: [7],
		videoUsers: [49],
	}),
	person(4, {
		card: '0004',
		display: 'Four',
		group: 2,
		rooms: [37, 39, 43],
		videoGroups: [1, 2],
		videoUsers: [48, 49],
	}),
];

const writes = () => apiCalls(env.sandbox).filter((request) => request.method !== 'GET');
const run = async (people = roster) => {
	env.sandbox.valt.requests.length = 0;
	const result = await env.engine.run(valtWorkflow(parameters, people));
	expect(result.status).toBe('success');
	return result;
};
const actions = (result) => result.json('Node').map((item) => item.action);
const describeWrites = () => writes().map(({ path, json }) => ({ path, ...json }));

describe('IVS VALT Create or Update with every field settles', () => {
	test('the roster maps every field the editor offers', () => {
		const { topLevel, collections } = editorFields('ivsValt', 'user', 'createOrUpdate');
		expect(topLevel).toEqual(['userName', 'password', 'updatePasswords']);
		expect(Object.keys(collections)).toEqual(['additionalFields']);
		expect(Object.keys(parameters.additionalFields).sort()).toEqual(
			[...collections.additionalFields].sort(),
		);
	});

	test('the first night creates and updates; the next two nights send nothing', async () => {
		await seedUsers(env, 2);
		const first = await run();
		expect(actions(first)).toEqual(['updated', 'updated', 'created', 'created']);

		for (const night of [2, 3]) {
			const again = await run();
			expect({ night, writes: describeWrites() }).toEqual({ night, writes: [] });
			expect(actions(again)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
		}
	});

	test('after a night with one change, the following night sends nothing again', async () => {
		await run();
		const changed = roster.map((p, i) =>
			i === 1 ? { ...p, display: 'Deux', videoUsers: [1], rooms: [39] } : p,
		);
		const second = await run(changed);
		expect(actions(second)).toEqual(['unchanged', 'updated', 'unchanged', 'unchanged']);
		await run(changed);
		expect(describeWrites()).toEqual([]);
	});
});
