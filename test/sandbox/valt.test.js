'use strict';
/** The VALT emulator, over HTTP, against the vendor's documented behaviour (VALT.md). */
const { startSandbox, SANDBOX_SECRETS } = require('../../sandbox');

let sandbox;
let base;
beforeAll(async () => {
	sandbox = await startSandbox();
	base = sandbox.valt.url;
});
afterAll(() => sandbox.close());
beforeEach(() => fetch(`${base}/__sandbox/reset`, { method: 'POST' }));

async function call(method, path, { body, token } = {}) {
	const url = new URL(`/api/v3${path}`, base);
	if (token) url.searchParams.set('access_token', token);
	const response = await fetch(url, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: await response.json() };
}

async function login() {
	const { username, password } = SANDBOX_SECRETS.valt;
	const { body } = await call('POST', '/login', { body: { username, password } });
	return body.data.access_token;
}

const state = async () => (await fetch(`${base}/__sandbox/state`)).json();
const setUpdateMode = async (mode) =>
	(
		await fetch(`${base}/__sandbox/update-mode`, { method: 'PUT', body: JSON.stringify({ mode }) })
	).json();
const errorBody = (code, message) => ({ error: { code, message } });

describe('login', () => {
	test('returns a 32-hex access token and counts the login', async () => {
		const { username, password } = SANDBOX_SECRETS.valt;
		const { status, body } = await call('POST', '/login', { body: { username, password } });
		expect(status).toBe(200);
		expect(body.data.access_token).toMatch(/^[0-9a-f]{32}$/);
		expect((await state()).logins).toBe(1);
	});

	test.each([
		['a wrong password', { username: SANDBOX_SECRETS.valt.username, password: 'nope' }],
		['no body', undefined],
	])('answers 401 for %s', async (_label, body) => {
		const response = await call('POST', '/login', { body });
		expect(response).toEqual({ status: 401, body: { data: 'Invalid username or password' } });
		expect((await state()).logins).toBe(0);
	});
});

describe('access token', () => {
	test('is required', async () => {
		expect(await call('GET', '/admin/users')).toEqual({
			status: 401,
			body: errorBody(401, 'No API key provided'),
		});
	});

	test('must be one that was issued', async () => {
		const response = await call('GET', '/admin/users', { token: 'f'.repeat(32) });
		expect(response).toEqual({ status: 401, body: errorBody(401, 'Invalid API key') });
	});

	test('is reused for many calls: one login', async () => {
		const token = await login();
		for (let i = 0; i < 5; i++) {
			expect((await call('GET', '/admin/rooms', { token })).status).toBe(200);
		}
		expect((await state()).logins).toBe(1);
	});

	test('stops working once expired, and a new login works', async () => {
		const token = await login();
		await login();
		const expire = await fetch(`${base}/__sandbox/expire-tokens`, { method: 'POST' });
		expect(await expire.json()).toEqual({ expired: 2 });
		const response = await call('GET', '/admin/users', { token });
		expect(response).toEqual({ status: 401, body: errorBody(401, 'Invalid API key') });
		const fresh = await login();
		expect((await call('GET', '/admin/users', { token: fresh })).status).toBe(200);
		expect((await state()).logins).toBe(3);
	});
});

describe('users', () => {
	let token;
	beforeEach(async () => {
		token = await login();
	});

	test('list returns the seeded admin with group and rooms resolved', async () => {
		const { status, body } = await call('GET', '/admin/users', { token });
		expect(status).toBe(200);
		expect(body.data).toEqual([
			{
				id: 1,
				name: 'admin',
				display_name: null,
				user_group: { id: 1, name: 'Administrators' },
				card_number: '326577',
				rooms: [
					{ id: 37, name: 'Interview Room A' },
					{ id: 39, name: 'Interview Room B' },
					{ id: 43, name: 'Soft Room' },
				],
				video_access: {
					user_groups: [{ id: 1, name: 'Administrators', users: [{ id: 1, name: 'admin' }] }],
				},
			},
		]);
	});

	test('list filters on the exact card number', async () => {
		const list = async (cardNumber) =>
			(await call('GET', `/admin/users?cardNumber=${cardNumber}`, { token })).body.data;
		expect((await list('326577')).map((user) => user.id)).toEqual([1]);
		expect(await list('0326577')).toEqual([]);
		expect(await list('32657')).toEqual([]);
	});

	test('get returns one user, 404 for an unknown id', async () => {
		expect((await call('GET', '/admin/users/1', { token })).body.data.name).toBe('admin');
		for (const id of ['999', 'abc']) {
			expect(await call('GET', `/admin/users/${id}`, { token })).toEqual({
				status: 404,
				body: errorBody(404, 'User not found'),
			});
		}
	});

	test('create stores every field and numbers users from 48', async () => {
		const created = await call('POST', '/admin/users', {
			token,
			body: {
				name: 'jdoe3',
				password: 'apiuser',
				display_name: 'John Doe',
				user_group: 3,
				card_number: '0032650',
				rooms: [37, 43],
				video_access: { users: [1], user_groups: [3] },
			},
		});
		expect(created).toEqual({ status: 200, body: { data: { id: 48 } } });
		const { body } = await call('GET', '/admin/users/48', { token });
		expect(body.data).toEqual({
			id: 48,
			name: 'jdoe3',
			display_name: 'John Doe',
			user_group: { id: 3, name: 'Detectives' },
			card_number: '0032650',
			rooms: [
				{ id: 37, name: 'Interview Room A' },
				{ id: 43, name: 'Soft Room' },
			],
			// Users are filed under their primary group, as the vendor reads access back.
			video_access: {
				user_groups: [
					{ id: 3, name: 'Detectives', users: [{ id: 48, name: 'jdoe3' }] },
					{ id: 1, name: 'Administrators', users: [{ id: 1, name: 'admin' }] },
				],
			},
		});
		const stored = (await state()).users.find((user) => user.id === 48);
		expect(stored.password).toBe('apiuser');
		expect(
			(await call('POST', '/admin/users', { token, body: { name: 'b', password: 'p' } })).body,
		).toEqual({ data: { id: 49 } });
	});

	test('create with only the required fields leaves the rest empty', async () => {
		await call('POST', '/admin/users', { token, body: { name: 'minimal', password: 'x' } });
		const { body } = await call('GET', '/admin/users/48', { token });
		expect(body.data).toMatchObject({
			display_name: null,
			user_group: null,
			card_number: null,
			rooms: [],
			video_access: { user_groups: [] },
		});
	});

	test.each([
		[{ password: 'p' }, 'The name field is required.'],
		[{ name: '  ', password: 'p' }, 'The name field is required.'],
		[{ name: 'x' }, 'The password field is required.'],
		[{ name: 42, password: 'p' }, 'The name must be a string.'],
		[{ name: 'x', password: 'p', display_name: 5 }, 'The display_name must be a string.'],
		[{ name: 'x', password: 'p', user_group: '7' }, 'The user_group must be an integer.'],
		[{ name: 'x', password: 'p', user_group: 99 }, 'The selected user_group is invalid.'],
		[{ name: 'x', password: 'p', card_number: 32650 }, 'The card_number must be a string.'],
		[{ name: 'x', password: 'p', rooms: 37 }, 'The rooms must be an array.'],
		[{ name: 'x', password: 'p', rooms: [37, '39'] }, 'The rooms.1 must be an integer.'],
		[{ name: 'x', password: 'p', rooms: [999] }, 'The selected rooms.0 is invalid.'],
		[{ name: 'x', password: 'p', video_access: [1] }, 'The video_access must be an object.'],
		[
			{ name: 'x', password: 'p', video_access: { users: [999] } },
			'The selected video_access.users.0 is invalid.',
		],
		[
			{ name: 'x', password: 'p', video_access: { user_groups: [5] } },
			'The selected video_access.user_groups.0 is invalid.',
		],
	])('create rejects %j with 400', async (body, message) => {
		expect(await call('POST', '/admin/users', { token, body })).toEqual({
			status: 400,
			body: errorBody(400, message),
		});
		expect((await state()).users).toHaveLength(1);
	});

	test('create with a name that exists answers the bare 500', async () => {
		const response = await call('POST', '/admin/users', {
			token,
			body: { name: 'ADMIN', password: 'p' },
		});
		expect(response).toEqual({ status: 500, body: errorBody(500, 'Internal Server Error') });
	});

	test('edit changes only the fields sent', async () => {
		const body = { name: 'jdoe', password: 'p', card_number: '1', video_access: { users: [1] } };
		await call('POST', '/admin/users', { token, body });
		const edited = await call('POST', '/admin/users/48/edit', {
			token,
			body: { display_name: 'Jane Doe', user_group: 7, video_access: { user_groups: [7] } },
		});
		expect(edited).toEqual({ status: 200, body: { data: { id: 48 } } });
		const stored = (await state()).users.find((user) => user.id === 48);
		expect(stored).toMatchObject({
			name: 'jdoe',
			password: 'p',
			display_name: 'Jane Doe',
			user_group: 7,
			card_number: '1',
			video_access: { users: [1], user_groups: [7] },
		});
	});

	describe('in replace mode (PUT /__sandbox/update-mode {"mode":"replace"})', () => {
		const full = {
			name: 'jdoe',
			password: 'p',
			display_name: 'Jane Doe',
			card_number: '0042',
			user_group: 2,
			rooms: [37, 39],
			video_access: { users: [1], user_groups: [2, 3] },
		};
		beforeEach(async () => {
			await call('POST', '/admin/users', { token, body: full });
			await setUpdateMode('replace');
		});
		const stored = async () => (await state()).users.find((user) => user.id === 48);

		test('edit clears the optional fields it is not sent; name and password stay', async () => {
			const edited = await call('POST', '/admin/users/48/edit', {
				token,
				body: { display_name: 'J. Doe' },
			});
			expect(edited).toEqual({ status: 200, body: { data: { id: 48 } } });
			expect(await stored()).toEqual({
				id: 48,
				name: 'jdoe',
				password: 'p',
				display_name: 'J. Doe',
				card_number: null,
				user_group: null,
				rooms: [],
				video_access: { users: [], user_groups: [] },
			});
		});

		test('video_access is one object: sending only users clears user_groups, and back', async () => {
			await call('POST', '/admin/users/48/edit', {
				token,
				body: { ...full, video_access: { users: [1] } },
			});
			expect((await stored()).video_access).toEqual({ users: [1], user_groups: [] });
			await call('POST', '/admin/users/48/edit', {
				token,
				body: { ...full, video_access: { user_groups: [3] } },
			});
			expect((await stored()).video_access).toEqual({ users: [], user_groups: [3] });
		});

		test('edit with every field keeps them all, as GET reads them back', async () => {
			await call('POST', '/admin/users/48/edit', { token, body: { ...full, card_number: '0043' } });
			expect(await stored()).toEqual({ id: 48, ...full, card_number: '0043' });
			const { body } = await call('GET', '/admin/users/48', { token });
			expect(body.data).toMatchObject({
				display_name: 'Jane Doe',
				card_number: '0043',
				user_group: { id: 2, name: 'Investigators' },
				rooms: [
					{ id: 37, name: 'Interview Room A' },
					{ id: 39, name: 'Interview Room B' },
				],
			});
		});

		test('a refused edit changes nothing', async () => {
			const refused = await call('POST', '/admin/users/48/edit', {
				token,
				body: { user_group: 4 },
			});
			expect(refused.status).toBe(400);
			expect(await stored()).toEqual({ id: 48, ...full });
		});

		test('POST /__sandbox/reset returns to merge', async () => {
			await fetch(`${base}/__sandbox/reset`, { method: 'POST' });
			expect(await (await fetch(`${base}/__sandbox/update-mode`)).json()).toEqual({
				mode: 'merge',
			});
		});
	});

	test('edit may keep its own name and clear optional fields with null', async () => {
		const edited = await call('POST', '/admin/users/1/edit', {
			token,
			body: { name: 'admin', card_number: null, user_group: null },
		});
		expect(edited.status).toBe(200);
		const { body } = await call('GET', '/admin/users/1', { token });
		expect(body.data).toMatchObject({ card_number: null, user_group: null });
	});

	test('edit errors: unknown user 404, taken name 500, bad types 400', async () => {
		await call('POST', '/admin/users', { token, body: { name: 'other', password: 'p' } });
		expect(await call('POST', '/admin/users/999/edit', { token, body: {} })).toEqual({
			status: 404,
			body: errorBody(404, 'User not found'),
		});
		expect(await call('POST', '/admin/users/48/edit', { token, body: { name: 'admin' } })).toEqual({
			status: 500,
			body: errorBody(500, 'Internal Server Error'),
		});
		const bad = [
			[{ name: '' }, 'The name field is required.'],
			[{ password: null }, 'The password field is required.'],
			[{ card_number: 7 }, 'The card_number must be a string.'],
			[{ user_group: 4 }, 'The selected user_group is invalid.'],
			[{ rooms: [1.5] }, 'The rooms.0 must be an integer.'],
		];
		for (const [body, message] of bad) {
			expect(await call('POST', '/admin/users/48/edit', { token, body })).toEqual({
				status: 400,
				body: errorBody(400, message),
			});
		}
	});
});

describe('user groups and rooms', () => {
	let token;
	beforeEach(async () => {
		token = await login();
	});

	test('user groups are listed by name', async () => {
		const { status, body } = await call('GET', '/admin/user_groups', { token });
		expect(status).toBe(200);
		expect(body.data.userGroups).toEqual([
			{ id: 1, name: 'Administrators', marker: 2, information: 1 },
			{ id: 3, name: 'Detectives', marker: 32, information: 1 },
			{ id: 2, name: 'Investigators', marker: 2, information: 1 },
			{ id: 7, name: 'Victim Advocates', marker: 2, information: 30 },
		]);
	});

	test('a user group has rights, rooms, video access and retention', async () => {
		const { body } = await call('GET', '/admin/user_groups/7', { token });
		expect(body.data).toEqual({
			id: 7,
			name: 'Victim Advocates',
			marker: 2,
			information: 30,
			rights: [{ name: 'general', sub_rights: ['general--home'] }],
			max_record_duration: 120,
			rooms: [{ id: 43, name: 'Soft Room' }],
			video_access: { user_groups: [{ id: 7, name: 'Victim Advocates', users: [] }] },
			retention: { until: 0, for: { days: 365 } },
		});
		expect(await call('GET', '/admin/user_groups/4', { token })).toEqual({
			status: 404,
			body: errorBody(404, 'User group not found'),
		});
	});

	test('rooms list their cameras; IO rooms name their IO camera and user', async () => {
		const { body } = await call('GET', '/admin/rooms', { token });
		expect(body.data.map((room) => [room.id, room.name])).toEqual([
			[37, 'Interview Room A'],
			[39, 'Interview Room B'],
			[43, 'Soft Room'],
		]);
		const room = (await call('GET', '/admin/rooms/39', { token })).body.data;
		expect(room).toMatchObject({ id: 39, is_io: true, io_camera_id: 88, io_user_id: 1 });
		expect(room.cameras).toContainEqual({ id: 88, name: 'Room B Table', type: 'camera' });
		expect(await call('GET', '/admin/rooms/38', { token })).toEqual({
			status: 404,
			body: errorBody(404, 'Room not found'),
		});
	});
});

describe('routing and reset', () => {
	test('unknown paths and wrong methods are 404, before the token check', async () => {
		const token = await login();
		for (const [method, path] of [
			['GET', '/admin/cameras'],
			['DELETE', '/admin/users/1'],
			['GET', '/login'],
			['PUT', '/admin/users/1/edit'],
		]) {
			expect(await call(method, path, { token })).toEqual({
				status: 404,
				body: errorBody(404, 'Not Found'),
			});
		}
		expect((await call('GET', '/admin/nothing')).status).toBe(404);
	});

	test('reset restores the seed and forgets tokens and logins', async () => {
		const token = await login();
		await call('POST', '/admin/users', { token, body: { name: 'temp', password: 'p' } });
		await fetch(`${base}/__sandbox/reset`, { method: 'POST' });
		const after = await state();
		expect(after).toMatchObject({ logins: 0, activeTokens: 0 });
		expect(after.users.map((user) => user.id)).toEqual([1]);
		expect((await call('GET', '/admin/users', { token })).status).toBe(401);
	});
});
