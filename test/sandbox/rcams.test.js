'use strict';
/** The RCAMS emulator, over HTTP, against the vendor's documented behaviour (RCAMS.md). */
const { startSandbox, SANDBOX_SECRETS } = require('../../sandbox');

let sandbox;
let base;
beforeAll(async () => {
	sandbox = await startSandbox();
	base = sandbox.rcams.url;
});
afterAll(() => sandbox.close());
beforeEach(async () => {
	await (await fetch(`${base}/__sandbox/reset`, { method: 'POST' })).json();
});

const { username, password } = SANDBOX_SECRETS.rcams;
const BASIC = 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
const NOEL = '8ca38857213c9eec6689e9c86311c7ada086d44262bbc532444cb81e99d67c64';
const JACOB = '9865d065a4ec09e3de4755d02affdec5f6559833857df332c5c78efd48605a9a';

/**
 * Sends the body as the vendor's helper does: a JSON string with no Content-Type
 * (a byte body makes fetch leave the header out).
 */
async function call(endpoint, body, { authorization = BASIC, method = 'POST' } = {}) {
	const response = await fetch(`${base}/api/v2/${endpoint}`, {
		method,
		headers: authorization ? { Authorization: authorization } : {},
		body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
	});
	const text = await response.text();
	const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
	return { status: response.status, body: json };
}

const state = async () => (await fetch(`${base}/__sandbox/state`)).json();
const setUpdateMode = async (mode) =>
	(
		await fetch(`${base}/__sandbox/update-mode`, { method: 'PUT', body: JSON.stringify({ mode }) })
	).json();
const error = (message) => ({ status: 200, body: { status: 'ERROR', message } });
const newUser = {
	action: 'insert',
	first_name: 'Jane',
	last_name: 'Doe',
	user_name: 'jdoe',
	email: 'jane.doe@example.com',
	password: 'securePassword456',
};

describe('transport', () => {
	test.each([
		['no Authorization header', null],
		['a wrong password', 'Basic ' + Buffer.from(`${username}:nope`).toString('base64')],
		['a Bearer token', `Bearer ${password}`],
	])('answers 401 for %s', async (_label, authorization) => {
		expect(await call('user.php', { action: 'list' }, { authorization })).toEqual({
			status: 401,
			body: { status: 'ERROR', message: 'Invalid API credentials' },
		});
	});

	test('reads the JSON string body whatever the Content-Type', async () => {
		for (const contentType of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
			const response = await fetch(`${base}/api/v2/user.php`, {
				method: 'POST',
				headers: { Authorization: BASIC, ...(contentType && { 'Content-Type': contentType }) },
				body: Buffer.from(JSON.stringify({ action: 'list' })),
			});
			expect((await response.json()).status).toBe('OK');
		}
		const [recorded] = (await (await fetch(`${base}/__sandbox/requests`)).json()).slice(-3);
		expect(recorded.headers['content-type']).toBeUndefined();
	});

	test('a body that is not a JSON object is an error with HTTP 200', async () => {
		for (const raw of ['action=list', '["list"]', '"list"']) {
			const response = await fetch(`${base}/api/v2/user.php`, {
				method: 'POST',
				headers: { Authorization: BASIC },
				body: raw,
			});
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ status: 'ERROR', message: 'Invalid JSON body' });
		}
	});

	test('unknown scripts are a plain 404; other methods are refused', async () => {
		expect(await call('users.php', { action: 'list' })).toEqual({ status: 404, body: 'Not Found' });
		expect(await call('user.php', undefined, { method: 'GET' })).toEqual({
			status: 405,
			body: { status: 'ERROR', message: 'Method not allowed' },
		});
	});

	test('an unknown or missing action is an error', async () => {
		expect(await call('user.php', { action: 'delete' })).toEqual(error('Invalid action'));
		expect(await call('user.php', {})).toEqual(error('Invalid action'));
	});
});

describe('user.php', () => {
	test('list gives full names as user_name', async () => {
		const { status, body } = await call('user.php', { action: 'list' });
		expect(status).toBe(200);
		expect(body).toMatchObject({ status: 'OK', message: 'Data retrieved successfully', total: 4 });
		expect(body.users[0]).toEqual({
			user_token: NOEL,
			user_name: 'Noel Vanegas',
			user_picture_url: 'https://rcams.example/images/noel.png',
			user_phone: '',
			user_email: 'noel.vanegas@rcams.example',
			last_login: '2025-04-14 09:02:34',
			enable: 'yes',
		});
		expect(body.users.map((user) => user.enable)).toEqual(['yes', 'yes', 'no', 'yes']);
	});

	test('get gives the login as user_name and districts as a string', async () => {
		expect(await call('user.php', { action: 'get', usr_tokenid: NOEL })).toEqual({
			status: 200,
			body: {
				status: 'OK',
				user_tokenid: NOEL,
				user_names: 'Noel Vanegas',
				user_name: 'noel.vanegas',
				user_email: 'noel.vanegas@rcams.example',
				user_phone: '',
				user_picture_url: 'https://rcams.example/images/noel.png',
				last_login: '2025-04-14 09:02:34',
				districts: '1,3',
			},
		});
		expect(await call('user.php', { action: 'get', usr_tokenid: 'ab'.repeat(32) })).toEqual(
			error('User not found'),
		);
		expect(await call('user.php', { action: 'get' })).toEqual(
			error('Missing required field: usr_tokenid'),
		);
	});

	test('insert creates a user with a 64-hex token', async () => {
		const { body } = await call('user.php', { ...newUser, phone: '555-987-6543', notes: 'Admin' });
		expect(body).toMatchObject({ status: 'OK', message: 'User created successfully' });
		expect(body.user_token).toMatch(/^[0-9a-f]{64}$/);
		const got = (await call('user.php', { action: 'get', usr_tokenid: body.user_token })).body;
		expect(got).toMatchObject({
			user_names: 'Jane Doe',
			user_name: 'jdoe',
			user_phone: '555-987-6543',
			last_login: '',
			districts: '',
		});
		const stored = (await state()).users.find((user) => user.token === body.user_token);
		expect(stored).toMatchObject({ password: 'securePassword456', notes: 'Admin', enable: 'yes' });
	});

	test.each(['first_name', 'last_name', 'user_name', 'email', 'password'])(
		'insert without %s is an error',
		async (field) => {
			const body = { ...newUser, [field]: '' };
			expect(await call('user.php', body)).toEqual(error(`Missing required field: ${field}`));
			delete body[field];
			expect(await call('user.php', body)).toEqual(error(`Missing required field: ${field}`));
		},
	);

	test('insert refuses a user name or email already in use', async () => {
		expect(await call('user.php', { ...newUser, user_name: 'Noel.Vanegas' })).toEqual(
			error('Username already exists'),
		);
		expect(await call('user.php', { ...newUser, email: 'JACOB.MATA@rcams.example' })).toEqual(
			error('Email already exists'),
		);
		expect((await state()).users).toHaveLength(4);
	});

	test('update changes names and optional fields, never login, email or password', async () => {
		const response = await call('user.php', {
			action: 'update',
			usr_tokenid: JACOB,
			first_name: 'Jake',
			last_name: 'Mata-Ruiz',
			phone: '555-000-1111',
			user_name: 'hijack',
			email: 'hijack@example.com',
			password: 'changed',
		});
		expect(response).toEqual({
			status: 200,
			body: { status: 'OK', message: 'User updated successfully' },
		});
		const stored = (await state()).users.find((user) => user.token === JACOB);
		expect(stored).toMatchObject({
			first_name: 'Jake',
			last_name: 'Mata-Ruiz',
			phone: '555-000-1111',
			notes: 'Night shift',
			user_name: 'jacob.mata',
			email: 'jacob.mata@rcams.example',
			password: 'sandbox-user-pass-2',
		});
	});

	describe('in replace mode (PUT /__sandbox/update-mode {"mode":"replace"})', () => {
		beforeEach(() => setUpdateMode('replace'));

		test('update clears phone, picture_url and notes it is not sent', async () => {
			await call('user.php', {
				action: 'update',
				usr_tokenid: JACOB,
				first_name: 'Jake',
				last_name: 'Mata',
				picture_url: 'https://rcams.example/images/jake.png',
			});
			const stored = (await state()).users.find((user) => user.token === JACOB);
			expect(stored).toMatchObject({
				first_name: 'Jake',
				last_name: 'Mata',
				phone: '',
				picture_url: 'https://rcams.example/images/jake.png',
				notes: '',
			});
			// Login, email, password, last login and grants are not updatable: they stay.
			expect(stored).toMatchObject({
				user_name: 'jacob.mata',
				email: 'jacob.mata@rcams.example',
				password: 'sandbox-user-pass-2',
				last_login: '2025-04-09 15:46:40',
				districts: [2],
			});
		});

		test('update with every field keeps them all; list and get show the result', async () => {
			const full = {
				action: 'update',
				usr_tokenid: JACOB,
				first_name: 'Jacob',
				last_name: 'Mata',
				phone: '555-010-2000',
				picture_url: 'https://rcams.example/images/jacob.png',
				notes: 'Night shift',
			};
			expect((await call('user.php', full)).body.status).toBe('OK');
			const { body } = await call('user.php', { action: 'get', usr_tokenid: JACOB });
			expect(body).toMatchObject({
				user_phone: '555-010-2000',
				user_picture_url: 'https://rcams.example/images/jacob.png',
			});
			const stored = (await state()).users.find((user) => user.token === JACOB);
			expect(stored.notes).toBe('Night shift');
		});

		test('insert is not affected', async () => {
			await call('user.php', { ...newUser, phone: '555-1' });
			const stored = (await state()).users.find((user) => user.user_name === 'jdoe');
			expect(stored).toMatchObject({ phone: '555-1', picture_url: '', notes: '' });
		});
	});

	test('update errors: missing names, unknown user', async () => {
		const update = { action: 'update', usr_tokenid: JACOB, first_name: 'A', last_name: 'B' };
		expect(await call('user.php', { ...update, last_name: undefined })).toEqual(
			error('Missing required field: last_name'),
		);
		expect(await call('user.php', { ...update, usr_tokenid: 'cd'.repeat(32) })).toEqual(
			error('User not found'),
		);
	});

	test('remove deletes the user for good', async () => {
		expect(await call('user.php', { action: 'remove', usr_tokenid: JACOB })).toEqual({
			status: 200,
			body: { status: 'OK', message: 'User removed successfully' },
		});
		expect(await call('user.php', { action: 'get', usr_tokenid: JACOB })).toEqual(
			error('User not found'),
		);
		expect(await call('user.php', { action: 'remove', usr_tokenid: JACOB })).toEqual(
			error('User not found'),
		);
	});
});

describe('userdistrict.php', () => {
	test('grants are additive and report districts already granted', async () => {
		const first = await call('userdistrict.php', { usr_tokenid: JACOB, district_list: '1,2' });
		expect(first).toEqual({
			status: 200,
			body: {
				status: 'OK',
				message: 'Districts added successfully',
				result: [
					{ district_id: '1', status: 'OK', message: 'District added successfully' },
					{ district_id: '2', status: 'OK', message: 'District already granted' },
				],
			},
		});
		const second = await call('userdistrict.php', {
			action: 'insert',
			usr_tokenid: JACOB,
			district_list: '4, 99',
		});
		expect(second.body.status).toBe('OK');
		expect(second.body.result).toEqual([
			{ district_id: '4', status: 'OK', message: 'District added successfully' },
			{ district_id: '99', status: 'ERROR', message: 'District not found' },
		]);
		const got = await call('user.php', { action: 'get', usr_tokenid: JACOB });
		expect(got.body.districts).toBe('1,2,4');
		const stored = (await state()).users.find((user) => user.token === JACOB);
		expect(stored.districts).toEqual([1, 2, 4]);
	});

	test.each([
		[
			{ usr_tokenid: JACOB, district_list: 'north,south' },
			'Invalid district_list: expected comma-separated district IDs',
		],
		[
			{ usr_tokenid: JACOB, district_list: 3 },
			'Invalid district_list: expected comma-separated district IDs',
		],
		[
			{ usr_tokenid: JACOB, district_list: '1,,2' },
			'Invalid district_list: expected comma-separated district IDs',
		],
		[{ usr_tokenid: JACOB }, 'Missing required field: district_list'],
		[{ district_list: '1' }, 'Missing required field: usr_tokenid'],
		[{ usr_tokenid: 'ef'.repeat(32), district_list: '1' }, 'User not found'],
		[{ action: 'remove', usr_tokenid: JACOB, district_list: '2' }, 'Invalid action'],
	])('refuses %j', async (body, message) => {
		expect(await call('userdistrict.php', body)).toEqual(error(message));
	});
});

describe('districts, schools, groups and wifi', () => {
	test('userdata.php gives the whole tree with numeric ids', async () => {
		const { body } = await call('userdata.php');
		expect(body.status).toBe('OK');
		expect(body.districts.map((district) => district.district_id)).toEqual([1, 2, 3, 4]);
		expect(body.districts[0].schools[0]).toEqual({
			school_id: 1001,
			school_name: 'Lincoln High School',
			school_address: '123 Education Ave',
			wifi_ssids: [
				{ ssid_id: 7001, ssid_name: 'LHS-STAFF' },
				{ ssid_id: 7002, ssid_name: 'LHS-GUEST' },
			],
			groups: [
				{ group_id: 5001, group_name: 'Science Department' },
				{ group_id: 5002, group_name: 'Faculty Staff' },
			],
		});
		expect(body.districts[3].schools).toEqual([]);
	});

	test('district.php lists and gets districts with string ids matching userdata', async () => {
		const { body } = await call('district.php', { action: 'list' });
		const tree = (await call('userdata.php', {})).body.districts;
		expect(body.districts).toEqual(
			tree.map((district) => ({
				district_id: String(district.district_id),
				district_name: district.district_name,
			})),
		);
		expect((await call('district.php', { action: 'get', district_id: '2' })).body).toEqual({
			status: 'OK',
			district_id: '2',
			district_name: 'Riverside Unified School District',
		});
		expect(await call('district.php', { action: 'get', district_id: 9 })).toEqual(
			error('District not found'),
		);
		expect(await call('district.php', { action: 'remove', district_id: '1' })).toEqual(
			error('Invalid action'),
		);
	});

	test('school.php lists the schools of a district', async () => {
		const { body } = await call('school.php', { action: 'list', district_id: 1 });
		expect(body.school_list.map((school) => school.school_name)).toEqual([
			'Lincoln High School',
			'Washington Elementary',
		]);
		expect(await call('school.php', { action: 'list' })).toEqual(
			error('Missing required field: district_id'),
		);
		expect(await call('school.php', { action: 'list', district_id: '99' })).toEqual(
			error('District not found'),
		);
	});

	test('group.php and wifi.php list by school; wifi entries carry the password', async () => {
		const groups = (await call('group.php', { action: 'list', school_id: '1001' })).body.groups;
		expect(groups.map((group) => group.group_name)).toEqual([
			'Science Department',
			'Faculty Staff',
		]);
		const wifi = (await call('wifi.php', { action: 'list', school_id: 1002 })).body.wifi_list;
		expect(wifi).toEqual([
			{
				ssid_id: '7003',
				ssid_name: 'WES-NETWORK',
				password: 'wes-network-sandbox',
				school_id: '1002',
			},
		]);
		for (const endpoint of ['group.php', 'wifi.php']) {
			expect(await call(endpoint, { action: 'list' })).toEqual(
				error('Missing required field: school_id'),
			);
			expect(await call(endpoint, { action: 'list', school_id: '1' })).toEqual(
				error('School not found'),
			);
		}
	});

	test('reset restores the seeded users and grants', async () => {
		await call('user.php', newUser);
		await call('userdistrict.php', { usr_tokenid: NOEL, district_list: '2' });
		await fetch(`${base}/__sandbox/reset`, { method: 'POST' });
		const { users } = await state();
		expect(users.map((user) => [user.user_name, user.districts])).toEqual([
			['noel.vanegas', [1, 3]],
			['jacob.mata', [2]],
			['dana.whitfield', []],
			// The integrator the credential signs in with.
			['sandbox-integrator', [1, 2, 3, 4]],
		]);
	});

	test('the integrator cannot remove its own account', async () => {
		const { users } = await state();
		const self = users.find((user) => user.user_name === 'sandbox-integrator');
		expect(await call('user.php', { action: 'remove', usr_tokenid: self.token })).toEqual(
			error('You cannot remove your own account'),
		);
	});
});
