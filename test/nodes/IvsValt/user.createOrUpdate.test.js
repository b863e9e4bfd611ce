const { useSandbox } = require('../../helpers');
const { valtWorkflow, apiCalls, logins, person } = require('./valt.fixtures');

const env = useSandbox();

const syncParameters = (extra = {}) => ({
	resource: 'user',
	operation: 'createOrUpdate',
	userName: '={{ $json.name }}',
	password: '={{ $json.password }}',
	additionalFields: { displayName: '={{ $json.display }}', cardNumber: '={{ $json.card }}' },
	...extra,
});

const calls = () => apiCalls(env.sandbox).map((request) => `${request.method} ${request.path}`);

describe('IVS VALT User → Create or Update (keyed on user name)', () => {
	test('lists users once per run, creates new names and edits only existing users that differ, with every field given', async () => {
		const first = await env.engine.run(
			valtWorkflow(syncParameters(), [
				person(1, { display: 'One' }),
				person(2, { display: 'Two' }),
			]),
		);
		// The output says what happened, and never carries the password.
		expect(first.json('Node')).toEqual([
			{ action: 'created', id: 48, name: 'jdoe1', display_name: 'One' },
			{ action: 'created', id: 49, name: 'jdoe2', display_name: 'Two' },
		]);

		env.sandbox.valt.requests.length = 0;
		const nightly = [
			person(1, { display: 'One Renamed', card: '007' }),
			person(2, { display: 'Two' }),
			person(3, { display: 'Three' }),
			{ name: 'ADMIN', display: 'The Administrator' },
		];
		const second = await env.engine.run(valtWorkflow(syncParameters(), nightly));
		expect(second.status).toBe('success');
		expect(second.json('Node')).toEqual([
			{
				action: 'updated',
				id: 48,
				name: 'jdoe1',
				display_name: 'One Renamed',
				card_number: '007',
				changes: [
					{ field: 'cardNumber', from: null, to: '007' },
					{ field: 'displayName', from: 'One', to: 'One Renamed' },
				],
			},
			// Nothing differs from what VALT holds: nothing is sent.
			{ action: 'unchanged', id: 49, name: 'jdoe2', display_name: 'Two' },
			{ action: 'created', id: 50, name: 'jdoe3', display_name: 'Three' },
			// VALT compares names without regard to case: ADMIN is the existing admin, renamed.
			{
				action: 'updated',
				id: 1,
				name: 'ADMIN',
				display_name: 'The Administrator',
				changes: [
					{ field: 'userName', from: 'admin', to: 'ADMIN' },
					{ field: 'displayName', from: null, to: 'The Administrator' },
				],
			},
		]);
		expect(calls().filter((call) => call === 'GET /api/v3/admin/users')).toHaveLength(1);
		expect(calls()[0]).toBe('GET /api/v3/admin/users');
		expect(calls().slice(1).sort()).toEqual([
			'POST /api/v3/admin/users',
			'POST /api/v3/admin/users/1/edit',
			'POST /api/v3/admin/users/48/edit',
		]);
		// Every field the roster gives is sent (VALT does not document that omitted ones are kept).
		const edit = apiCalls(env.sandbox).find((request) => request.path.endsWith('/48/edit'));
		expect(edit.json).toEqual({ name: 'jdoe1', display_name: 'One Renamed', card_number: '007' });
		expect(env.sandbox.valt.api.users.get(48)).toMatchObject({
			display_name: 'One Renamed',
			card_number: '007',
		});
		expect(logins(env.sandbox)).toBe(1);
	});

	test('existing users keep their password unless "Update Existing Passwords" is on', async () => {
		await env.engine.run(valtWorkflow(syncParameters(), [person(1)]));
		env.sandbox.valt.requests.length = 0;
		const unchanged = await env.engine.run(
			valtWorkflow(syncParameters(), [person(1, { password: 'New-1' })]),
		);
		// Passwords are never compared: a new password alone is no change, and nothing is sent.
		expect(unchanged.json('Node')[0]).toMatchObject({ action: 'unchanged', id: 48 });
		expect(apiCalls(env.sandbox).filter((request) => request.method === 'POST')).toEqual([]);

		env.sandbox.valt.requests.length = 0;
		await env.engine.run(
			valtWorkflow(syncParameters({ updatePasswords: true }), [person(1, { password: 'New-1' })]),
		);
		const withPassword = apiCalls(env.sandbox).find((request) => request.path.endsWith('/edit'));
		expect(withPassword.json).toEqual({ name: 'jdoe1', password: 'New-1' });
		expect(env.sandbox.valt.api.users.get(48).password).toBe('New-1');
	});

	test('a password is required for a new user only', async () => {
		const run = await env.engine.run(
			valtWorkflow(
				syncParameters(),
				[
					{ name: 'admin', display: 'Boss' },
					{ name: 'newbie' },
					{ name: 'empty', password: '' },
					{ name: 'blank', password: '  ' },
				],
				{ continueOnFail: true },
			),
		);
		const [existing, created, empty, blank] = run.json('Node');
		expect(existing).toMatchObject({ action: 'updated', id: 1 });
		expect(created.error).toBe('Invalid input on item 1: "Password" is required');
		// An empty password is left out when read, then missing for the new user.
		expect(empty.error).toBe('Invalid input on item 2: "Password" is required');
		expect(blank.error).toBe('Invalid input on item 3: "Password" is required: it cannot be empty');
		expect(calls().filter((call) => call === 'POST /api/v3/admin/users')).toHaveLength(0);
	});

	test('the same new name twice in one run is created once, then updated', async () => {
		const run = await env.engine.run(
			valtWorkflow(syncParameters(), [
				person(9, { display: 'First' }),
				person(9, { display: 'Second' }),
			]),
		);
		expect(run.status).toBe('success');
		expect(run.json('Node').map((item) => item.action)).toEqual(['created', 'updated']);
		expect(env.sandbox.valt.api.users.get(48).display_name).toBe('Second');
		expect(env.sandbox.valt.api.users.size).toBe(2);
	});

	test('ids are validated before anything is sent, naming field and item', async () => {
		const run = await env.engine.run(
			valtWorkflow(syncParameters({ additionalFields: { rooms: '={{ $json.rooms }}' } }), [
				person(1, { rooms: [37] }),
				person(2, { rooms: ['A'] }),
			]),
		);
		expect(run.nodeError('Node').message).toBe(
			'Invalid input on item 1: "Room Names or IDs" must be a whole-number ID, e.g. 7',
		);
		expect(calls().filter((call) => call !== 'GET /api/v3/admin/users').length).toBeLessThanOrEqual(
			1,
		);
		expect([...env.sandbox.valt.api.users.values()].some((user) => user.name === 'jdoe2')).toBe(
			false,
		);
	});
});
