/**
 * Every match mode settles: after one nightly sync (Create or Update, then Assign Districts), the
 * same roster sends RCAMS nothing the next nights. Reads (list, get) are fine; writes are not.
 */
const { editorFields, useSandbox } = require('../../helpers');
const { JACOB, person, personFields, rcamsWorkflow } = require('./rcams.fixtures');

const env = useSandbox();

const picture = (n) => `https://photos.school.edu/${n}.png`;
/** Three new people and Jacob Mata, whom RCAMS already has (with other phone, picture and notes). */
const roster = [
	person(1, { phone: '555-0001', picture: picture(1), notes: 'Staff', districts: '1,2' }),
	person(2, { phone: '555-0002', picture: picture(2), notes: 'Student', districts: '3' }),
	person(3, { phone: '555-0003', picture: picture(3), notes: 'Faculty', districts: '1,4' }),
	{
		first: 'Jacob',
		last: 'Mata',
		login: 'jacob.mata',
		email: 'jacob.mata@rcams.example',
		phone: '555-0004',
		picture: picture(4),
		notes: 'Day shift',
		districts: '2,3',
	},
];

const additionalFields = {
	phone: '={{ $json.phone }}',
	pictureUrl: '={{ $json.picture }}',
	notes: '={{ $json.notes }}',
};

/** Create or Update (matched on `matchOn`, with phone, picture URL and notes) → Assign Districts. */
function nightly(matchOn, people) {
	const workflow = rcamsWorkflow(
		{
			resource: 'user',
			operation: 'createOrUpdate',
			matchOn,
			...personFields,
			additionalFields,
		},
		{ items: people },
	);
	// Its own node id: each node keeps its own sync history.
	workflow.nodes.push({
		id: 'd',
		name: 'Districts',
		type: 'n8n-nodes-campus-safety.rcams',
		typeVersion: 1,
		position: [600, 0],
		parameters: {
			resource: 'user',
			operation: 'assignDistricts',
			user: { __rl: true, mode: 'id', value: '={{ $json.userToken }}' },
			districts: "={{ $('Input').item.json.districts }}",
		},
	});
	workflow.connections.Node = { main: [[{ node: 'Districts', type: 'main', index: 0 }]] };
	return workflow;
}

const writes = () =>
	env.sandbox.rcams.requests.filter((request) => !['list', 'get'].includes(request.json?.action));
const run = async (matchOn, people = roster) => {
	env.sandbox.rcams.requests.length = 0;
	const result = await env.engine.run(nightly(matchOn, people));
	expect(result.status).toBe('success');
	return result;
};
const calls = (action) =>
	env.sandbox.rcams.requests.filter((request) => request.json?.action === action);
const actions = (result, node) => result.json(node).map((item) => item.action);
/** The write requests without the tokens, for a readable failure. */
const describeWrites = () =>
	writes().map(({ path, json: { usr_tokenid: _token, ...body } }) => ({ path, ...body }));

test('the sync maps every additional field the editor offers', () => {
	const { collections } = editorFields('rcams', 'user', 'createOrUpdate');
	expect(Object.keys(additionalFields).sort()).toEqual([...collections.additionalFields].sort());
});

describe.each([
	['Email', 'email'],
	['User Name', 'userName'],
])('RCAMS nightly sync matched by %s settles', (_label, matchOn) => {
	test('the first night creates and updates; the next two nights send nothing', async () => {
		const first = await run(matchOn);
		expect(actions(first, 'Node')).toEqual(['created', 'created', 'created', 'updated']);
		expect(actions(first, 'Districts')).toEqual(['updated', 'updated', 'updated', 'updated']);
		expect(env.sandbox.rcams.api.users.get(JACOB)).toMatchObject({
			phone: '555-0004',
			picture_url: picture(4),
			notes: 'Day shift',
		});

		for (const night of [2, 3]) {
			const again = await run(matchOn);
			expect({ night, writes: describeWrites() }).toEqual({ night, writes: [] });
			expect(actions(again, 'Node')).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
			expect(actions(again, 'Districts')).toEqual([
				'unchanged',
				'unchanged',
				'unchanged',
				'unchanged',
			]);
		}
	});

	test('after a night with one change, the following night sends nothing again', async () => {
		await run(matchOn);
		const changed = roster.map((p, i) =>
			i === 1 ? { ...p, notes: 'Alumni', phone: '555-2222' } : p,
		);
		const second = await run(matchOn, changed);
		expect(actions(second, 'Node')).toEqual(['unchanged', 'updated', 'unchanged', 'unchanged']);
		expect(calls('update')).toHaveLength(1);
		await run(matchOn, changed);
		expect(describeWrites()).toEqual([]);
	});
});
