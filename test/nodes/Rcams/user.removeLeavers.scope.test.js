/**
 * Remove Leavers acts only on a whole roster, only on users a sync of this workflow really
 * created or matched (as RCAMS confirmed and n8n saved), and a roster that covers one sync node
 * never removes another's users.
 */
const { useSandbox } = require('../../helpers');
const { person, personFields, rcamsWorkflow } = require('./rcams.fixtures');

const env = useSandbox();

const SEED_EMAILS = [
	'noel.vanegas@rcams.example',
	'jacob.mata@rcams.example',
	'integrations@rcams.example',
];
const roster = (from, count) => Array.from({ length: count }, (_, i) => person(from + i));
const emails = () => [...env.sandbox.rcams.api.users.values()].map((user) => user.email);
const removeCalls = () =>
	env.sandbox.rcams.requests.filter((request) => request.json?.action === 'remove');

/** The single-node workflow with its node renamed (and given its own id). */
function named(workflow, name, id = name) {
	const nodes = workflow.nodes.map((node) => (node.name === 'Node' ? { ...node, name, id } : node));
	const connections = JSON.parse(
		JSON.stringify(workflow.connections).replaceAll('"Node"', JSON.stringify(name)),
	);
	return { ...workflow, nodes, connections };
}
const syncWorkflow = (people, name = 'Node') =>
	named(
		rcamsWorkflow(
			{ resource: 'user', operation: 'createOrUpdate', matchOn: 'email', ...personFields },
			{ items: people },
		),
		name,
		name === 'Node' ? 'n' : name,
	);
const removalWorkflow = (people, extra = {}) =>
	rcamsWorkflow(
		{
			resource: 'user',
			operation: 'removeLeavers',
			email: '={{ $json.email }}',
			maxShare: 100,
			maxRemovals: 1000,
			...extra,
		},
		{ items: people },
	);

describe('Remove Leavers only acts on a whole roster', () => {
	test('inside Loop Over Items nobody is removed and the node says the roster must come whole', async () => {
		const people = roster(1, 8);
		await env.engine.run(syncWorkflow(people));
		const workflow = removalWorkflow(people);
		workflow.nodes.push({
			id: 'loop',
			name: 'Loop Over Items',
			type: 'n8n-nodes-base.splitInBatches',
			typeVersion: 3,
			position: [350, 0],
			parameters: { batchSize: 5, options: {} },
		});
		workflow.connections.Input = { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] };
		workflow.connections['Loop Over Items'] = {
			main: [[], [{ node: 'Node', type: 'main', index: 0 }]],
		};
		workflow.connections.Node = { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] };
		env.sandbox.rcams.requests.length = 0;
		const run = await env.engine.run(workflow);
		expect(run.status).toBe('error');
		expect(run.nodeError('Node').message).toMatch(
			/Nothing was removed: it runs inside the loop of "Loop Over Items"/,
		);
		expect(removeCalls()).toHaveLength(0);
		for (const p of people) expect(emails()).toContain(p.email);
	});

	test('after Loop Over Items’ "done" output (the whole roster at once) it works', async () => {
		const people = roster(1, 8);
		await env.engine.run(syncWorkflow(people));
		const workflow = removalWorkflow(people.slice(0, 7));
		workflow.nodes.push({
			id: 'loop',
			name: 'Loop Over Items',
			type: 'n8n-nodes-base.splitInBatches',
			typeVersion: 3,
			position: [350, 0],
			parameters: { batchSize: 5, options: {} },
		});
		workflow.nodes.push({
			id: 'body',
			name: 'Each Batch',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [450, 100],
			parameters: {},
		});
		workflow.connections.Input = { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] };
		workflow.connections['Loop Over Items'] = {
			main: [
				[{ node: 'Node', type: 'main', index: 0 }],
				[{ node: 'Each Batch', type: 'main', index: 0 }],
			],
		};
		workflow.connections['Each Batch'] = {
			main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]],
		};
		const run = await env.engine.run(workflow);
		expect(run.status).toBe('success');
		expect(run.json('Node').map((item) => item.email)).toEqual([people[7].email]);
	});

	test('with two inputs nobody is removed', async () => {
		const people = roster(1, 4);
		await env.engine.run(syncWorkflow(people));
		const workflow = removalWorkflow(people.slice(0, 2));
		workflow.nodes.push({
			id: 'other',
			name: 'Other Half',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [300, 200],
			parameters: {},
		});
		workflow.connections.Roster.main[0].push({ node: 'Other Half', type: 'main', index: 0 });
		workflow.connections['Other Half'] = { main: [[{ node: 'Node', type: 'main', index: 0 }]] };
		env.sandbox.rcams.requests.length = 0;
		const run = await env.engine.run(workflow);
		expect(run.status).toBe('error');
		expect(run.nodeError('Node').message).toMatch(
			/Nothing was removed: its input is connected to 2 nodes/,
		);
		expect(removeCalls()).toHaveLength(0);
	});
});

describe('which users a roster may remove', () => {
	test('staff and students synced by two nodes: a staff roster never removes students', async () => {
		const staff = roster(1, 3);
		const students = roster(101, 3);
		await env.engine.run(syncWorkflow(staff, 'Staff'));
		await env.engine.run(syncWorkflow(students, 'Students'));

		// Without naming the node the roster covers, nobody is removed.
		const unnamed = await env.engine.run(removalWorkflow(staff.slice(0, 2)));
		expect(unnamed.status).toBe('error');
		expect(unnamed.nodeError('Node').message).toMatch(
			/Nothing was removed: 2 nodes of this workflow sync RCAMS users \("Staff", "Students"\)/,
		);

		const run = await env.engine.run(removalWorkflow(staff.slice(0, 2), { syncNodes: 'Staff' }));
		expect(run.status).toBe('success');
		expect(run.json('Node').map((item) => item.email)).toEqual([staff[2].email]);
		for (const p of students) expect(emails()).toContain(p.email);

		// A person both nodes sync stays while either roster still has them.
		await env.engine.run(syncWorkflow([staff[0]], 'Students'));
		const again = await env.engine.run(removalWorkflow([staff[1]], { syncNodes: 'Staff' }));
		expect(again.json('Node')).toEqual([]);
		expect(emails()).toContain(staff[0].email);
	});

	test('a node name that synced nothing is refused, naming the known ones', async () => {
		await env.engine.run(syncWorkflow(roster(1, 2), 'Staff'));
		const one = await env.engine.run(removalWorkflow(roster(1, 1), { syncNodes: 'Staf' }));
		expect(one.status).toBe('error');
		expect(one.nodeError('Node').message).toMatch(/no node named "Staf" has synced RCAMS users/);
	});

	test.each([
		[
			'checkProcessedAndRecord fails once',
			(engine) => engine.deduplication.failNext('checkProcessedAndRecord'),
		],
		[
			'getProcessedDataCount fails once',
			(engine) => engine.deduplication.failNext('getProcessedDataCount'),
		],
		['the workflow save fails once', (engine) => (engine.staticDataFaults.failNextSave = 1)],
	])(
		'%s during a sync: removal candidates are still only users the sync confirmed',
		async (_, fault) => {
			const first = roster(1, 3);
			await env.engine.run(syncWorkflow(first));
			fault(env.engine);
			await env.engine.run(syncWorkflow([...first, ...roster(4, 2)]));
			// A roster of one: every managed user but that one is a candidate.
			const run = await env.engine.run(removalWorkflow(roster(1, 1)));
			expect(run.status).toBe('success');
			const removed = run.json('Node').map((item) => item.email);
			for (const email of removed) expect(email).toMatch(/^user[2-5]@school\.edu$/);
			for (const email of SEED_EMAILS) expect(emails()).toContain(email);
		},
	);

	test('a manual editor run of the sync (not saved by n8n) adds nobody to the removable users', async () => {
		await env.engine.run(syncWorkflow(roster(1, 2)));
		await env.engine.run(syncWorkflow(roster(1, 4)), { mode: 'manual' });
		const run = await env.engine.run(removalWorkflow(roster(1, 1)));
		expect(run.json('Node').map((item) => item.email)).toEqual(['user2@school.edu']);
		expect(emails()).toEqual(expect.arrayContaining(['user3@school.edu', 'user4@school.edu']));
	});

	test('a sync that ran without the state an earlier run left makes Remove Leavers remove nobody, once', async () => {
		// The first night dies before n8n saves anything (as every night does on a queue-mode
		// worker of n8n 2.41, which is not handed the workflow's static data).
		await env.engine.run(syncWorkflow(roster(1, 3)), { killed: true });
		await env.engine.run(syncWorkflow(roster(1, 2)));
		const refused = await env.engine.run(removalWorkflow(roster(1, 1)));
		expect(refused.status).toBe('error');
		expect(refused.nodeError('Node').message).toMatch(
			/Nothing was removed: "Node" ran without what earlier runs of this workflow remembered/,
		);
		expect(emails()).toEqual(expect.arrayContaining(['user2@school.edu', 'user3@school.edu']));
		// The next saved night is whole again.
		await env.engine.run(syncWorkflow(roster(1, 2)));
		const run = await env.engine.run(removalWorkflow(roster(1, 1)));
		expect(run.json('Node').map((item) => item.email)).toEqual(['user2@school.edu']);
	});

	test('a preview of the sync adds nobody to the removable users', async () => {
		const preview = syncWorkflow(roster(1, 3));
		preview.nodes.find((node) => node.name === 'Node').parameters.options = { preview: true };
		await env.engine.run(preview);
		const run = await env.engine.run(removalWorkflow(roster(1, 1)));
		expect(run.json('Node')).toEqual([]);
	});
});
