/**
 * RCAMS Remove Leavers with "When the Guard Trips: Hold for Approval", and Remove Approved
 * Leavers: a tripped guard removes nobody and holds the set; an approval removes exactly that
 * set, in the run that held it, once.
 */
const { useSandbox } = require('../../helpers');
const { calls, person, personFields, rcamsWorkflow } = require('./rcams.fixtures');

const env = useSandbox();

const roster = (n) => Array.from({ length: n }, (_, i) => person(i + 1));
const sync = async (people) => {
	const run = await env.engine.run(
		rcamsWorkflow(
			{ resource: 'user', operation: 'createOrUpdate', matchOn: 'email', ...personFields },
			{ items: people },
		),
	);
	expect(run.status).toBe('success');
};
const emails = () => [...env.sandbox.rcams.api.users.values()].map((user) => user.email);
const removeCalls = () => calls(env.sandbox, 'user.php', 'remove');
const leaverEmails = (from, to) =>
	Array.from({ length: to - from + 1 }, (_, i) => `user${from + i}@school.edu`);

/**
 * Remove Leavers holding for approval; with `answer` (what n8n's Send and Wait for Response
 * outputs, `{ data: { approved } }`, here from a Set node), the held output goes on to Remove
 * Approved Leavers, as in the nightly example.
 */
function heldWorkflow(people, { answer, removal = {}, approval = {} } = {}) {
	const workflow = rcamsWorkflow(
		{
			resource: 'user',
			operation: 'removeLeavers',
			email: '={{ $json.email }}',
			maxRemovals: 3,
			maxShare: 100,
			whenGuardTrips: 'hold',
			...removal,
		},
		{ items: people },
	);
	if (answer === undefined) return workflow;
	workflow.nodes.push(
		{
			id: 'ask',
			name: 'Ask Admin',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [600, 100],
			executeOnce: true,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ data: { approved: answer } }) },
		},
		{
			id: 'approve',
			name: 'Remove Approved',
			type: 'n8n-nodes-campus-safety.rcams',
			typeVersion: 1,
			position: [800, 100],
			parameters: {
				resource: 'user',
				operation: 'removeApproved',
				heldUsers: "={{ $('Node').all(1) }}",
				approved: '={{ $json.data.approved }}',
				...approval,
			},
		},
	);
	workflow.connections.Node = { main: [[], [{ node: 'Ask Admin', type: 'main', index: 0 }]] };
	workflow.connections['Ask Admin'] = {
		main: [[{ node: 'Remove Approved', type: 'main', index: 0 }]],
	};
	return workflow;
}

/** Remove Approved Leavers alone, fed an approval answer and given held items as JSON. */
const approvalWorkflow = (held) =>
	rcamsWorkflow(
		{
			resource: 'user',
			operation: 'removeApproved',
			heldUsers: JSON.stringify(held),
			approved: '={{ $json.data.approved }}',
		},
		{ items: [{ data: { approved: true } }] },
	);

describe('RCAMS Remove Leavers → Hold for Approval', () => {
	test('a guard trip holds the leavers on the second output and removes nobody', async () => {
		await sync(roster(10));
		env.sandbox.rcams.requests.length = 0;
		const run = await env.engine.run(heldWorkflow(roster(5)));
		expect(run.status).toBe('success');
		expect(run.json('Node', 0)).toEqual([]);
		const held = run.json('Node', 1);
		expect(held.map((item) => item.email).sort()).toEqual(leaverEmails(6, 10).sort());
		const [first] = held;
		expect(first).toMatchObject({
			action: 'held',
			userToken: expect.stringMatching(/^[0-9a-f]{64}$/),
			fullName: expect.stringMatching(/^First\d+ Last\d+$/),
			why: 'Held for approval: this run would remove 5 of the 10 RCAMS users this sync manages (50.0%), above the limit of 3 per run and 100%',
			exceeded: ['maxRemovals'],
			wouldRemove: 5,
			managedUsers: 10,
			sharePercent: 50,
			limits: { maxRemovals: 3, maxShare: 100 },
			heldSet: {
				id: expect.stringMatching(/^[0-9a-f]{32}$/),
				size: 5,
				scope: { managedUsers: 'workflow', syncNodes: [] },
			},
		});
		// One identifier for the whole set.
		expect(new Set(held.map((item) => item.heldSet.id)).size).toBe(1);
		expect(removeCalls()).toHaveLength(0);
		expect(emails()).toEqual(expect.arrayContaining(leaverEmails(1, 10)));
	});

	test('the set identifier is the same for the same set and differs for any change', async () => {
		await sync(roster(10));
		const idOf = async (people) =>
			(await env.engine.run(heldWorkflow(people))).json('Node', 1)[0].heldSet.id;
		const tonight = await idOf(roster(5));
		expect(await idOf(roster(5))).toBe(tonight);
		expect(await idOf(roster(6))).not.toBe(tonight);
		expect(await idOf(roster(4))).not.toBe(tonight);
	});

	test('within the limits, Hold for Approval removes as usual and holds nobody', async () => {
		await sync(roster(10));
		const run = await env.engine.run(heldWorkflow(roster(8)));
		expect(
			run
				.json('Node', 0)
				.map((item) => item.email)
				.sort(),
		).toEqual(leaverEmails(9, 10).sort());
		expect(run.json('Node', 1)).toEqual([]);
		expect(removeCalls()).toHaveLength(2);
	});

	test('a saved workflow without the option still fails when the guard trips', async () => {
		await sync(roster(10));
		const workflow = heldWorkflow(roster(5));
		delete workflow.nodes.find((node) => node.name === 'Node').parameters.whenGuardTrips;
		const run = await env.engine.run(workflow);
		expect(run.status).toBe('error');
		expect(run.nodeError('Node').message).toBe(
			'Nothing was removed: this run would remove at least 4 of the 10 RCAMS users this sync manages (40.0%), above the limit of 3 per run and 100%',
		);
		expect(removeCalls()).toHaveLength(0);
	});
});

describe('RCAMS Remove Approved Leavers', () => {
	test('approving the held set removes exactly those users', async () => {
		await sync(roster(10));
		env.sandbox.rcams.requests.length = 0;
		const run = await env.engine.run(heldWorkflow(roster(5), { answer: true }));
		expect(run.status).toBe('success');
		const held = run.json('Node', 1);
		const removed = run.json('Remove Approved');
		expect(removed.map((item) => item.email).sort()).toEqual(leaverEmails(6, 10).sort());
		expect(removed[0]).toMatchObject({
			action: 'removed',
			deleted: true,
			approvedSet: held[0].heldSet.id,
		});
		expect(
			removeCalls()
				.map((r) => r.json.usr_tokenid)
				.sort(),
		).toEqual(held.map((item) => item.userToken).sort());
		expect(emails()).toEqual(expect.arrayContaining(leaverEmails(1, 5)));
		for (const email of leaverEmails(6, 10)) expect(emails()).not.toContain(email);
	});

	test('not approved, nobody is removed', async () => {
		await sync(roster(10));
		const run = await env.engine.run(heldWorkflow(roster(5), { answer: false }));
		expect(run.json('Remove Approved').map((item) => item.action)).toEqual(Array(5).fill('kept'));
		expect(removeCalls()).toHaveLength(0);
	});

	test('a changed set after approval is held again: the approval does not carry to the next run', async () => {
		await sync(roster(10));
		const approved = await env.engine.run(heldWorkflow(roster(5), { answer: true }));
		expect(approved.json('Remove Approved')).toHaveLength(5);

		// The next night four more people are missing: a new set, held again, nobody removed.
		env.sandbox.rcams.requests.length = 0;
		const next = await env.engine.run(heldWorkflow(roster(1)));
		expect(
			next
				.json('Node', 1)
				.map((item) => item.email)
				.sort(),
		).toEqual(leaverEmails(2, 5).sort());
		expect(next.json('Node', 1)[0].heldSet.id).not.toBe(approved.json('Node', 1)[0].heldSet.id);
		expect(removeCalls()).toHaveLength(0);
	});

	test('held items from another run (a retry, the next night) are refused', async () => {
		await sync(roster(10));
		const held = (await env.engine.run(heldWorkflow(roster(5)))).json('Node', 1);
		// The same set is held again tonight, and last night's items are fed to the approval.
		const workflow = heldWorkflow(roster(5), {
			answer: true,
			approval: { heldUsers: JSON.stringify(held) },
		});
		env.sandbox.rcams.requests.length = 0;
		const run = await env.engine.run(workflow);
		expect(run.nodeError('Remove Approved').message).toMatch(
			new RegExp(
				`^Nothing was removed: set ${held[0].heldSet.id} was held by execution \\d+, and this is execution \\d+$`,
			),
		);
		expect(removeCalls()).toHaveLength(0);
	});

	test('an approval is used once: the same execution cannot use it again', async () => {
		await sync(roster(10));
		const first = await env.engine.run(heldWorkflow(roster(5), { answer: true }), {
			executionId: 'night-1',
		});
		const held = first.json('Node', 1);
		expect(first.json('Remove Approved')).toHaveLength(5);
		// The approval step of that execution comes again (a second click, a replay).
		env.sandbox.rcams.requests.length = 0;
		const again = await env.engine.run(approvalWorkflow(held), { executionId: 'night-1' });
		expect(again.nodeError('Node').message).toMatch(
			/^Nothing was removed: (the approval of set [0-9a-f]{32} was already used|\d+ of the 5 held users are no longer leavers)/,
		);
		expect(removeCalls()).toHaveLength(0);
	});

	test('an approval spent on a removal RCAMS refused is not usable again (e.g. a retry)', async () => {
		await sync(roster(10));
		const held = (await env.engine.run(heldWorkflow(roster(5)), { executionId: 'night-3' })).json(
			'Node',
			1,
		);
		const api = env.sandbox.rcams.api;
		const handle = api.handle.bind(api);
		api.handle = (request) =>
			request.json?.action === 'remove'
				? { status: 200, json: { status: 'ERROR', message: 'Database is read-only' } }
				: handle(request);
		const refused = await env.engine.run(approvalWorkflow(held), { executionId: 'night-3' });
		expect(refused.nodeError('Node').message).toBe(
			'RCAMS refused 5 of 5 removals: RCAMS: Database is read-only',
		);
		api.handle = handle;
		env.sandbox.rcams.requests.length = 0;
		// The users are all still there and still leavers; the approval was recorded before removing.
		const replay = await env.engine.run(approvalWorkflow(held), { executionId: 'night-3' });
		expect(replay.nodeError('Node').message).toBe(
			`Nothing was removed: the approval of set ${held[0].heldSet.id} was already used`,
		);
		expect(removeCalls()).toHaveLength(0);
		expect(emails()).toEqual(expect.arrayContaining(leaverEmails(6, 10)));
	});

	test('an item left out, or one changed, is not the held set', async () => {
		await sync(roster(10));
		const held = (await env.engine.run(heldWorkflow(roster(5)), { executionId: 'night-4' })).json(
			'Node',
			1,
		);
		env.sandbox.rcams.requests.length = 0;
		const fewer = await env.engine.run(approvalWorkflow(held.slice(1)), {
			executionId: 'night-4',
		});
		expect(fewer.nodeError('Node').message).toBe(
			'Nothing was removed: "Held Users" has 4 items for a held set of 5 (4 different users)',
		);
		const swapped = held.map((item, i) =>
			i === 0
				? { ...item, userToken: item.userToken.replace(/^./, (c) => (c === 'f' ? 'e' : 'f')) }
				: item,
		);
		const changed = await env.engine.run(approvalWorkflow(swapped), { executionId: 'night-4' });
		expect(changed.nodeError('Node').message).toMatch(
			/^Nothing was removed: the held users are not the set [0-9a-f]{32} that was held/,
		);
		expect(removeCalls()).toHaveLength(0);
	});

	test('a held user who is no longer in RCAMS makes the whole approval remove nobody', async () => {
		await sync(roster(10));
		const workflow = heldWorkflow(roster(5), { answer: true });
		// Between the hold and the approval, someone deletes one held user by hand.
		const api = env.sandbox.rcams.api;
		const handle = api.handle.bind(api);
		let lists = 0;
		api.handle = (request) => {
			if (request.json?.action === 'list' && ++lists === 2) {
				const victim = [...api.users.values()].find((u) => u.email === 'user7@school.edu');
				api.users.delete(victim.token);
				api.emails.delete(victim.email);
			}
			return handle(request);
		};
		env.sandbox.rcams.requests.length = 0;
		const run = await env.engine.run(workflow);
		expect(run.nodeError('Remove Approved').message).toBe(
			'Nothing was removed: 1 of the 5 held users are no longer leavers this sync may remove (no longer in RCAMS, or no longer managed)',
		);
		expect(removeCalls()).toHaveLength(0);
	});

	test('Preview lists who would be removed, removes nobody, and does not spend the approval', async () => {
		await sync(roster(10));
		const workflow = heldWorkflow(roster(5), { answer: true });
		workflow.nodes.find((n) => n.name === 'Remove Approved').parameters.options = {
			preview: true,
		};
		const run = await env.engine.run(workflow, { executionId: 'night-2' });
		expect(run.json('Remove Approved').map((item) => item.preview)).toEqual(Array(5).fill(true));
		expect(removeCalls()).toHaveLength(0);
		delete workflow.nodes.find((n) => n.name === 'Remove Approved').parameters.options;
		const real = await env.engine.run(workflow, { executionId: 'night-2' });
		expect(real.json('Remove Approved')).toHaveLength(5);
	});
});

describe('the node’s outputs', () => {
	const { Workflow, NodeHelpers } = require('n8n-workflow');
	const { loaded, PACKAGE } = require('../../engine');
	const rcams = loaded.nodes[`${PACKAGE}.rcams`];
	/** The outputs n8n (editor and engine) gives an RCAMS node with these parameters. */
	const outputsOf = (parameters) => {
		const node = {
			id: 'n',
			name: 'RCAMS',
			type: `${PACKAGE}.rcams`,
			typeVersion: 1,
			position: [0, 0],
			parameters,
		};
		const nodeTypes = {
			getByName: () => rcams,
			getByNameAndVersion: () => rcams,
			getKnownTypes: () => ({}),
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return NodeHelpers.getNodeOutputs(workflow, node, rcams.description).map((output) =>
			typeof output === 'string' ? output : output.displayName,
		);
	};

	test('Hold for Approval adds "Held for Approval"; every other setting keeps one output', () => {
		expect(
			outputsOf({ resource: 'user', operation: 'removeLeavers', whenGuardTrips: 'hold' }),
		).toEqual(['Removed', 'Held for Approval']);
		expect(
			outputsOf({ resource: 'user', operation: 'removeLeavers', whenGuardTrips: 'stop' }),
		).toEqual(['main']);
		expect(outputsOf({ resource: 'user', operation: 'removeLeavers' })).toEqual(['main']);
		expect(outputsOf({ resource: 'user', operation: 'createOrUpdate' })).toEqual(['main']);
		expect(outputsOf({ resource: 'user', operation: 'removeApproved' })).toEqual(['main']);
	});
});
