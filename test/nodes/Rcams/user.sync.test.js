/** Changed-only sync for RCAMS: users compared with RCAMS's list, notes and grants with the node's history. */
const { useSandbox } = require('../../helpers');
const { calls, person, personFields, rcamsWorkflow, userRef } = require('./rcams.fixtures');

const env = useSandbox();

const roster = [person(1, { phone: '555-0001' }), person(2, { phone: '555-0002' }), person(3)];
const upsert = (extra = {}) => ({
	resource: 'user',
	operation: 'createOrUpdate',
	matchOn: 'email',
	...personFields,
	additionalFields: { phone: '={{ $json.phone ?? "" }}', notes: '={{ $json.notes ?? "" }}' },
	...extra,
});
const writes = () =>
	env.sandbox.rcams.requests.filter((request) => !['list', 'get'].includes(request.json?.action));
const run = async (parameters, settings) => {
	env.sandbox.rcams.requests.length = 0;
	const result = await env.engine.run(rcamsWorkflow(parameters, settings));
	expect(result.status).toBe('success');
	return result;
};
const actions = (result) => result.json('Node').map((item) => item.action);

describe('RCAMS User → Create or Update, changed only', () => {
	test('a second run sends no write, and "unchanged" items still carry the user token', async () => {
		const first = await run(upsert(), { items: roster });
		const second = await run(upsert(), { items: roster });
		expect(writes()).toHaveLength(0);
		expect(calls(env.sandbox, 'user.php', 'list')).toHaveLength(1);
		expect(actions(second)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(second.json('Node').map((item) => item.userToken)).toEqual(
			first.json('Node').map((item) => item.userToken),
		);
	});

	test('a changed phone is one update of that user; the output says old and new', async () => {
		await run(upsert(), { items: roster });
		const changed = roster.map((p, i) => (i === 1 ? { ...p, phone: '555-9999' } : p));
		const second = await run(upsert(), { items: changed });
		expect(writes().map((request) => request.json)).toEqual([
			{
				action: 'update',
				usr_tokenid: second.json('Node')[1].userToken,
				first_name: 'First2',
				last_name: 'Last2',
				phone: '555-9999',
			},
		]);
		expect(second.json('Node')[1].changes).toEqual([
			{ field: 'phone', from: '555-0002', to: '555-9999' },
		]);
	});

	test('notes, which RCAMS does not report, are compared with what the node last sent', async () => {
		await run(upsert(), { items: roster.map((p) => ({ ...p, notes: 'Staff' })) });
		await run(upsert(), { items: roster.map((p) => ({ ...p, notes: 'Staff' })) });
		expect(writes()).toHaveLength(0);
		const second = await run(upsert(), {
			items: roster.map((p, i) => ({ ...p, notes: i === 0 ? 'Student' : 'Staff' })),
		});
		expect(writes()).toHaveLength(1);
		expect(second.json('Node')[0].changes).toEqual([{ field: 'notes', to: 'Student' }]);
	});

	test('Preview writes nothing; "Everyone" updates everyone', async () => {
		await run(upsert(), { items: roster });
		const changed = [...roster, person(4)];
		const preview = await run(upsert(), { items: changed, options: { preview: true } });
		expect(writes()).toHaveLength(0);
		expect(actions(preview)).toEqual(['unchanged', 'unchanged', 'unchanged', 'created']);
		const full = await run(upsert(), { items: roster, options: { syncMode: 'all' } });
		expect(actions(full)).toEqual(['updated', 'updated', 'updated']);
		expect(calls(env.sandbox, 'user.php', 'update')).toHaveLength(3);
	});
});

describe('RCAMS User → Assign Districts, changed only', () => {
	const assign = (settings) =>
		run(
			{
				resource: 'user',
				operation: 'assignDistricts',
				user: userRef('={{ $json.token }}', 'id'),
				districts: '={{ $json.districts }}',
			},
			settings,
		);

	test('a grant made in an earlier run is not sent again; a new one is', async () => {
		const created = await run(upsert(), { items: roster });
		const tokens = created.json('Node').map((item) => item.userToken);
		const grants = tokens.map((token) => ({ token, districts: '1,2' }));
		await assign({ items: grants });
		expect(calls(env.sandbox, 'userdistrict.php')).toHaveLength(3);

		const again = await assign({ items: grants });
		expect(calls(env.sandbox, 'userdistrict.php')).toHaveLength(0);
		expect(actions(again)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(again.json('Node')[0]).toMatchObject({ added: [], alreadyGranted: [1, 2] });

		const more = await assign({
			items: grants.map((g, i) => (i === 0 ? { ...g, districts: '1,2,4' } : g)),
		});
		expect(
			calls(env.sandbox, 'userdistrict.php').map((request) => request.json.district_list),
		).toEqual(['4']);
		expect(more.json('Node')[0]).toMatchObject({
			action: 'updated',
			added: [4],
			alreadyGranted: [1, 2],
		});
	});

	test('Preview sends no grant', async () => {
		const created = await run(upsert(), { items: roster.slice(0, 1) });
		const [token] = created.json('Node').map((item) => item.userToken);
		const preview = await assign({
			items: [{ token, districts: '3' }],
			options: { preview: true },
		});
		expect(calls(env.sandbox, 'userdistrict.php')).toHaveLength(0);
		expect(preview.json('Node')[0]).toMatchObject({
			action: 'updated',
			preview: true,
			changes: [{ field: 'districts', to: [3] }],
		});
	});
});
