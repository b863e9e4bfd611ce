/** Changed-only sync for VALT: compared with VALT's user list, rooms and video access with the node's history. */
const { useSandbox } = require('../../helpers');
const { valtWorkflow, apiCalls, person } = require('./valt.fixtures');

const env = useSandbox();

const parameters = (extra = {}) => ({
	resource: 'user',
	operation: 'createOrUpdate',
	userName: '={{ $json.name }}',
	password: '={{ $json.password }}',
	additionalFields: {
		displayName: '={{ $json.display }}',
		cardNumber: '={{ $json.card }}',
		userGroup: '={{ $json.group }}',
		rooms: '={{ $json.rooms }}',
	},
	...extra,
});
const roster = [
	person(1, { display: 'One', card: '0001', group: 2, rooms: [37] }),
	person(2, { display: 'Two', card: '0002', group: 3, rooms: [37, 39] }),
	person(3, { display: 'Three', card: '0003', group: 2, rooms: [43] }),
];
const writes = () => apiCalls(env.sandbox).filter((request) => request.method === 'POST');
const run = async (people, { options, ...settings } = {}) => {
	env.sandbox.valt.requests.length = 0;
	const result = await env.engine.run(
		valtWorkflow({ ...parameters(), ...(options ? { options } : {}) }, people, settings),
	);
	expect(result.status).toBe('success');
	return result;
};
const actions = (result) => result.json('Node').map((item) => item.action);

describe('IVS VALT User → Create or Update, changed only', () => {
	test('a second run with the same roster sends no write: one list call, all "unchanged"', async () => {
		await run(roster);
		const second = await run(roster);
		expect(writes()).toHaveLength(0);
		expect(apiCalls(env.sandbox).map((request) => `${request.method} ${request.path}`)).toEqual([
			'GET /api/v3/admin/users',
		]);
		expect(actions(second)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(second.json('Node')[0]).toEqual({
			action: 'unchanged',
			id: 48,
			name: 'jdoe1',
			display_name: 'One',
			card_number: '0001',
			user_group: 2,
			rooms: [37],
		});
	});

	test('one changed field is one edit of that user, with every field the roster gives; the output names the change', async () => {
		await run(roster);
		const changed = roster.map((p, i) => (i === 2 ? { ...p, card: '0099' } : p));
		const second = await run(changed);
		expect(writes().map((request) => [request.path, request.json])).toEqual([
			[
				'/api/v3/admin/users/50/edit',
				{ name: 'jdoe3', display_name: 'Three', card_number: '0099', user_group: 2, rooms: [43] },
			],
		]);
		expect(actions(second)).toEqual(['unchanged', 'unchanged', 'updated']);
		expect(second.json('Node')[2].changes).toEqual([
			{ field: 'cardNumber', from: '0003', to: '0099' },
		]);
	});

	test('rooms, which VALT does not report, are compared with what the node last sent', async () => {
		await run(roster);
		const more = await run(roster.map((p, i) => (i === 0 ? { ...p, rooms: [39, 37] } : p)));
		expect(writes().map((request) => request.json)).toEqual([
			{ name: 'jdoe1', display_name: 'One', card_number: '0001', user_group: 2, rooms: [39, 37] },
		]);
		expect(more.json('Node')[0].changes).toEqual([{ field: 'rooms', to: [39, 37] }]);

		// Back to the first value: sent again, although the node once sent it.
		await run(roster);
		expect(writes().map((request) => request.json)).toEqual([
			{ name: 'jdoe1', display_name: 'One', card_number: '0001', user_group: 2, rooms: [37] },
		]);
		expect(env.sandbox.valt.api.users.get(48).rooms).toEqual([37]);

		// The same rooms in another order are no change.
		await run(roster.map((p, i) => (i === 1 ? { ...p, rooms: [39, 37] } : p)));
		expect(writes()).toHaveLength(0);
	});

	test('a change made in VALT by hand is seen and put back', async () => {
		await run(roster);
		env.sandbox.valt.api.users.get(49).display_name = 'Edited by hand';
		const second = await run(roster);
		expect(writes().map((request) => request.json)).toEqual([
			{ name: 'jdoe2', display_name: 'Two', card_number: '0002', user_group: 3, rooms: [37, 39] },
		]);
		expect(second.json('Node')[1].changes).toEqual([
			{ field: 'displayName', from: 'Edited by hand', to: 'Two' },
		]);
	});

	test('Preview reads but writes nothing, and says what would happen', async () => {
		await run(roster.slice(0, 2));
		const changed = [roster[0], { ...roster[1], display: 'Deux' }, roster[2]];
		const preview = await run(changed, { options: { preview: true } });
		expect(writes()).toHaveLength(0);
		expect(apiCalls(env.sandbox).map((request) => request.method)).toEqual(['GET']);
		expect(preview.json('Node').map((item) => [item.action, item.preview])).toEqual([
			['unchanged', undefined],
			['updated', true],
			['created', true],
		]);
		expect(preview.json('Node')[1].changes).toEqual([
			{ field: 'displayName', from: 'Two', to: 'Deux' },
		]);
		await run(changed);
		expect(writes()).toHaveLength(2);
	});

	test('Sync Mode "Everyone" edits every existing user with every field', async () => {
		await run(roster);
		const full = await run(roster, { options: { syncMode: 'all' } });
		expect(actions(full)).toEqual(['updated', 'updated', 'updated']);
		expect(writes()[0].json).toEqual({
			name: 'jdoe1',
			display_name: 'One',
			card_number: '0001',
			user_group: 2,
			rooms: [37],
		});
	});

	test('the same new user twice in one run is created once', async () => {
		const twice = await run([roster[0], roster[0]]);
		expect(actions(twice)).toEqual(['created', 'unchanged']);
		expect(writes()).toHaveLength(1);
	});
});
