/** Changed-only sync for OPSCOM, which has no read API: the node's own sync history decides. */
const { useSandbox } = require('../../helpers');
const { pushWorkflow, person } = require('./opscom.fixtures');

const env = useSandbox();

const roster = [person(1), person(2), person(3)];
const pushes = () =>
	env.sandbox.opscom.requests.filter((request) => request.path.endsWith('/profiles/push'));
const forget = () => (env.sandbox.opscom.requests.length = 0);
const run = async (people, extra, settings) => {
	forget();
	const result = await env.engine.run(pushWorkflow(people, extra, settings));
	expect(result.status).toBe('success');
	return result;
};
const actions = (result) => result.json('Node').map((item) => item.action);

describe('OPSCOM Profile → Create or Update, changed only', () => {
	test('a second run with the same roster sends nothing and says "unchanged"', async () => {
		expect(actions(await run(roster))).toEqual(['created', 'created', 'created']);
		expect(pushes()).toHaveLength(3);

		const second = await run(roster);
		expect(pushes()).toHaveLength(0);
		expect(second.json('Node')).toEqual(
			roster.map((p) => ({
				action: 'unchanged',
				unique_id: p.id,
				login_source: 'OPSCOM',
				first_name: p.first,
				last_name: p.last,
				email: p.email,
			})),
		);
		expect(second.items('Node').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	test('one changed field sends that person only, and the output names the field', async () => {
		await run(roster);
		const changed = [person(1), person(2, { email: 'new2@school.edu' }), person(3)];
		const second = await run(changed);
		expect(pushes().map((request) => request.json.unique_id)).toEqual(['S00002']);
		// The whole profile goes, as OPSCOM's push is an upsert of what it is given.
		expect(pushes()[0].json).toMatchObject({ first_name: 'First2', email: 'new2@school.edu' });
		expect(actions(second)).toEqual(['unchanged', 'updated', 'unchanged']);
		expect(second.json('Node')[1].changes).toEqual([{ field: 'email', to: 'new2@school.edu' }]);
	});

	test('a value changed back to an earlier one is sent again', async () => {
		await run([person(1, { last: 'Smith' })]);
		await run([person(1, { last: 'Jones' })]);
		expect(pushes()).toHaveLength(1);
		const back = await run([person(1, { last: 'Smith' })]);
		expect(pushes()).toHaveLength(1);
		expect(back.json('Node')[0]).toMatchObject({ action: 'updated', last_name: 'Smith' });
		expect(env.sandbox.opscom.api.snapshot().profiles[0].last_name).toBe('Smith');
	});

	test('a person OPSCOM refused is not remembered: the next run sends them again', async () => {
		await run([person(9, { email: 'taken@school.edu' })]);
		const people = [person(1), person(2, { email: 'taken@school.edu' })];
		const first = await run(people, {}, { continueOnFail: true });
		expect(first.json('Node')[1].error).toMatch(/OPSCOM error 9019/);

		const second = await run(people, {}, { continueOnFail: true });
		expect(pushes().map((request) => request.json.unique_id)).toEqual(['S00002']);
		expect(second.json('Node')[0].action).toBe('unchanged');
	});

	test('Preview sends nothing and leaves the history as it was', async () => {
		const preview = await run(roster, {}, { options: { preview: true } });
		expect(pushes()).toHaveLength(0);
		expect(preview.json('Node').map((item) => [item.action, item.preview])).toEqual([
			['created', true],
			['created', true],
			['created', true],
		]);
		expect(env.engine.deduplication.size('n')).toBe(0);

		await run(roster);
		const changed = [person(1, { first: 'Ada' }), person(2), person(3)];
		const previewChange = await run(changed, {}, { options: { preview: true } });
		expect(pushes()).toHaveLength(0);
		expect(actions(previewChange)).toEqual(['updated', 'unchanged', 'unchanged']);
		expect(previewChange.json('Node')[0]).toMatchObject({
			preview: true,
			changes: [{ field: 'firstName', to: 'Ada' }],
		});

		// The preview changed nothing: the real run still sends the change.
		await run(changed);
		expect(pushes().map((request) => request.json.unique_id)).toEqual(['S00001']);
	});

	test('Sync Mode "Everyone" sends every person, changed or not', async () => {
		await run(roster);
		const full = await run(roster, {}, { options: { syncMode: 'all' } });
		expect(pushes()).toHaveLength(3);
		expect(actions(full)).toEqual(['updated', 'updated', 'updated']);
		// …and the history it leaves lets the next run skip them again.
		await run(roster);
		expect(pushes()).toHaveLength(0);
	});

	test('the same person twice in one run is sent in turn, never at once', async () => {
		env.sandbox.opscom.faults.configure({ latencyMs: 30 });
		const twice = await run(
			[person(4), person(4, { last: 'Second' }), person(4, { last: 'Second' })],
			{},
			{
				options: { concurrency: 5 },
			},
		);
		expect(actions(twice)).toEqual(['created', 'updated', 'unchanged']);
		expect(pushes()).toHaveLength(2);
		expect(env.sandbox.opscom.load.maxInFlight).toBe(1);
		expect(env.sandbox.opscom.api.snapshot().profiles[0].last_name).toBe('Second');
	});

	test('another OPSCOM instance has its own history: switching the credential sends everyone', async () => {
		await run(roster);
		env.engine.store.opscomApi.baseUrl = env.sandbox.opscom.url.replace('127.0.0.1', 'localhost');
		await run(roster);
		expect(pushes()).toHaveLength(3);
	});
});
