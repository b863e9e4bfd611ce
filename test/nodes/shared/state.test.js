/**
 * What the sync remembers between runs holds only what a vendor confirmed. Each scenario ends
 * the same way: the next ordinary run must leave the vendor holding the current roster, whatever
 * went wrong before it (a store call failing, a run dying, a manual run, two runs at once).
 * OPSCOM is the strict case: it cannot be read, so the node's state alone decides who is sent.
 */
const { useSandbox } = require('../../helpers');
const { pushWorkflow, person } = require('../Opscom/opscom.fixtures');

const env = useSandbox();

const ROSTER = [1, 2, 3, 4, 5, 6].map((n) => person(n));
/** Everyone's email changed (e.g. a domain move). */
const MOVED = ROSTER.map((p) => ({ ...p, email: p.email.replace('school.edu', 'new.school.edu') }));

const pushes = () =>
	env.sandbox.opscom.requests.filter((request) => request.path.endsWith('/profiles/push'));
/** What OPSCOM holds: unique id → email. */
const held = () =>
	Object.fromEntries(
		[...env.sandbox.opscom.api.profiles.values()].map((p) => [p.unique_id, p.email]),
	);
const wanted = (people) => Object.fromEntries(people.map((p) => [p.id, p.email]));

async function night(people, runOptions) {
	env.sandbox.opscom.requests.length = 0;
	return await env.engine.run(pushWorkflow(people), runOptions);
}
const actions = (result) => result.json('Node').map((item) => item.action);

describe('the state of a sync survives failures without skipping anyone', () => {
	beforeEach(async () => {
		// Night 1: everyone pushed and confirmed.
		await night(ROSTER);
		expect(held()).toEqual(wanted(ROSTER));
	});

	test('an ordinary night after an ordinary night sends nothing', async () => {
		const result = await night(ROSTER);
		expect(pushes()).toHaveLength(0);
		expect(actions(result)).toEqual(ROSTER.map(() => 'unchanged'));
	});

	test.each([
		['checkProcessedAndRecord', 'the run-start marker'],
		['getProcessedDataCount', 'the marker count'],
	])('%s failing once (%s): the next nights leave OPSCOM holding the roster', async (method) => {
		env.engine.deduplication.failNext(method);
		const second = await night(MOVED);
		// Either the run stopped before sending anything, or it sent and remembered.
		if (second.status === 'success') expect(held()).toEqual(wanted(MOVED));
		else expect(pushes()).toHaveLength(0);

		// Night 3 goes back to the old emails: OPSCOM must end with them, whatever night 2 did.
		await night(ROSTER);
		expect(held()).toEqual(wanted(ROSTER));
		// And the night after that settles.
		await night(ROSTER);
		expect(pushes()).toHaveLength(0);
	});

	test('the save of the workflow failing once: the next night does not trust the old state', async () => {
		env.engine.staticDataFaults.failNextSave = 1;
		const second = await night(MOVED);
		expect(second.status).toBe('success');
		expect(held()).toEqual(wanted(MOVED));

		// The saved state still says the old emails; OPSCOM holds the new ones.
		await night(ROSTER);
		expect(held()).toEqual(wanted(ROSTER));
		expect(pushes()).toHaveLength(ROSTER.length);
	});

	test('a run whose process dies before n8n saves anything: the next night sends again', async () => {
		await night(MOVED, { killed: true });
		expect(held()).toEqual(wanted(MOVED));
		const third = await night(ROSTER);
		expect(held()).toEqual(wanted(ROSTER));
		expect(actions(third)).toEqual(ROSTER.map(() => 'updated'));
		await night(ROSTER);
		expect(pushes()).toHaveLength(0);
	});

	test('a run that dies half-way: the people it never reached are sent by the next run', async () => {
		const bigger = [...ROSTER, ...[7, 8, 9, 10].map((n) => person(n))];
		// The vendor goes away after two pushes; the process then dies (nothing saved).
		env.sandbox.opscom.faults.configure({ failAfter: 2 });
		const dead = await env.engine.run(pushWorkflow(bigger, {}, { options: { maxRetries: 0 } }), {
			killed: true,
		});
		expect(dead.status).toBe('error');
		env.sandbox.opscom.faults.configure({});
		const next = await night(bigger);
		expect(held()).toEqual(wanted(bigger));
		const byId = Object.fromEntries(next.json('Node').map((item) => [item.unique_id, item.action]));
		for (const n of [7, 8, 9, 10]) expect(byId[person(n).id]).toBe('created');
	});

	test('a manual editor run (never saved by n8n) does not leave a false state behind', async () => {
		await night(MOVED, { mode: 'manual' });
		expect(held()).toEqual(wanted(MOVED));
		await night(ROSTER);
		expect(held()).toEqual(wanted(ROSTER));
	});

	test('a preview changes nothing, remembered or sent', async () => {
		env.sandbox.opscom.requests.length = 0;
		const preview = await env.engine.run(pushWorkflow(MOVED, {}, { options: { preview: true } }));
		expect(actions(preview)).toEqual(ROSTER.map(() => 'updated'));
		expect(pushes()).toHaveLength(0);
		expect(held()).toEqual(wanted(ROSTER));
		await night(ROSTER);
		expect(pushes()).toHaveLength(0);
	});

	test('two runs at once with different rosters: the night after leaves OPSCOM holding its roster', async () => {
		env.sandbox.opscom.faults.configure({ latencyMs: 20 });
		const shuffled = [...MOVED].reverse();
		await Promise.all([
			env.engine.run(pushWorkflow(MOVED)),
			env.engine.run(pushWorkflow(shuffled.map((p) => ({ ...p, email: `x.${p.email}` })))),
		]);
		env.sandbox.opscom.faults.configure({});
		// Whichever run saved last, its state cannot be trusted: the next night sends ROSTER whole.
		await night(ROSTER);
		expect(held()).toEqual(wanted(ROSTER));
		await night(ROSTER);
		expect(pushes()).toHaveLength(0);
	});

	test('a preview overlapping a real run records nothing', async () => {
		env.sandbox.opscom.faults.configure({ latencyMs: 10 });
		await Promise.all([
			env.engine.run(pushWorkflow(MOVED)),
			env.engine.run(pushWorkflow(ROSTER, {}, { options: { preview: true } })),
		]);
		env.sandbox.opscom.faults.configure({});
		expect(held()).toEqual(wanted(MOVED));
		await night(ROSTER);
		expect(held()).toEqual(wanted(ROSTER));
	});
});
