'use strict';
/** The OPSCOM emulator's main paths, over HTTP (OPSCOM.md). */
const { startSandbox, SANDBOX_SECRETS } = require('../../sandbox');
const { OPSCOM_CLIENT_CODE } = require('../../sandbox/opscom');

let sandbox;
let base;
beforeAll(async () => {
	sandbox = await startSandbox();
	base = sandbox.opscom.url;
});
afterAll(() => sandbox.close());
beforeEach(async () => {
	await (await fetch(`${base}/__sandbox/reset`, { method: 'POST' })).json();
});

const apiToken = SANDBOX_SECRETS.opscom.apiToken;

async function call(route, body, { clientCode = OPSCOM_CLIENT_CODE, method = 'POST' } = {}) {
	const response = await fetch(`${base}/api/${clientCode}/v1/${route}`, {
		method,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
	});
	const text = await response.text();
	const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
	return { status: response.status, body: json };
}

const push = (fields) => call('profiles/push', { apiToken, ...fields });
const error = (code, message, status = 200) => ({
	status,
	body: { ErrorCode: code, ErrorMessage: message },
});
const jane = {
	unique_id: 'S1001',
	login_source: 'OPSCOM',
	first_name: 'Jane',
	last_name: 'Doe',
	email: 'jane@campus.example',
};

test('lists the user types', async () => {
	const { status, body } = await call('profiles/types/list', { apiToken });
	expect(status).toBe(200);
	expect(body.status).toBe('success');
	expect(body.user_types).toContainEqual({ id: '3', type_name: 'Faculty', ext_info: 'Staff' });
});

test('push creates, then updates the same profile by unique_id', async () => {
	expect(await push(jane)).toEqual({
		status: 200,
		body: { status: 'success', reference_id: 41 },
	});
	// An update needs neither email nor names; aliases map to the canonical keys.
	expect((await push({ unique_id: 'S1001', login_source: 'SAML', state: 'MA' })).body).toEqual({
		status: 'success',
		reference_id: 41,
	});
	expect((await push({ ...jane, unique_id: 'S1002', email: 'b@campus.example' })).body).toEqual({
		status: 'success',
		reference_id: 42,
	});
	const { profiles } = await (await fetch(`${base}/__sandbox/state`)).json();
	expect(profiles[0]).toEqual({ ...jane, login_source: 'SAML', province: 'MA', reference_id: 41 });
});

describe('in replace mode (PUT /__sandbox/update-mode {"mode":"replace"})', () => {
	const profiles = async () => (await (await fetch(`${base}/__sandbox/state`)).json()).profiles;
	const full = {
		...jane,
		user_name: 'jdoe',
		street: '1 Main St',
		city: 'Boston',
		province: 'MA',
		phone_cell: '617-555-0100',
		student_no: 'SN-1',
	};
	beforeEach(async () => {
		await push(full);
		await fetch(`${base}/__sandbox/update-mode`, {
			method: 'PUT',
			body: JSON.stringify({ mode: 'replace' }),
		});
	});

	test('a push of an existing unique_id stores exactly the attributes sent', async () => {
		const update = { unique_id: 'S1001', login_source: 'OPSCOM', city: 'Cambridge' };
		expect((await push(update)).body).toEqual({ status: 'success', reference_id: 41 });
		expect(await profiles()).toEqual([{ ...update, reference_id: 41 }]);
	});

	test('what the dropped attributes held is free again (email, user name)', async () => {
		await push({ unique_id: 'S1001', login_source: 'OPSCOM' });
		expect((await push({ ...full, unique_id: 'S2002' })).body.status).toBe('success');
	});

	test('a push with every attribute keeps them all; a new profile is as before', async () => {
		await push({ ...full, city: 'Cambridge' });
		await push({ ...jane, unique_id: 'S1002', email: 'b@campus.example' });
		expect(await profiles()).toEqual([
			{ ...full, city: 'Cambridge', reference_id: 41 },
			{ ...jane, unique_id: 'S1002', email: 'b@campus.example', reference_id: 42 },
		]);
	});
});

test('refuses an unknown client code, a bad body and a missing or wrong token', async () => {
	expect(await call('profiles/push', { apiToken, ...jane }, { clientCode: 'OC_NOPE' })).toEqual(
		error(9000, 'Client code is missing or unknown.', 400),
	);
	expect(await call('profiles/push', 'not json')).toEqual(
		error(9003, 'The request could not be parsed.', 400),
	);
	expect(await call('profiles/push', jane)).toEqual(
		error(9001, 'API Token is missing from the request.', 401),
	);
	expect(await call('profiles/push', { ...jane, apiToken: 'wrong' })).toEqual(
		error(9002, 'API Token does not have permission to access this resource.', 403),
	);
});

test.each([
	[{ ...jane, unique_id: '' }, 9013, 'Unique ID is required.'],
	[{ ...jane, login_source: undefined }, 9014, 'Login source is required.'],
	[{ ...jane, login_source: 'KERBEROS' }, 9015, 'Login source KERBEROS is invalid.'],
	[{ ...jane, email: undefined }, 9016, 'Email is required for a new user.'],
	[{ ...jane, first_name: undefined }, 9017, 'First name is required for a new user.'],
	[{ ...jane, last_name: undefined }, 9018, 'Last name is required for a new user.'],
	[{ ...jane, province: 'Mass' }, 9030, 'The field province is too long (maximum 2 characters).'],
	[{ ...jane, date_of_birth: '01/02/2000' }, 9033, 'The field date_of_birth is invalid.'],
	[{ ...jane, user_type_id: '4' }, 9033, 'The field user_type_id is invalid.'],
])('push refuses %j', async (fields, code, message) => {
	expect(await push(fields)).toEqual(error(code, message));
});

test('push refuses an email or user name that another profile has', async () => {
	await push({ ...jane, user_name: 'jdoe' });
	const other = { ...jane, unique_id: 'S2002' };
	expect(await push(other)).toEqual(error(9019, 'Email must be unique.'));
	expect(await push({ ...other, email: 'x@campus.example', user_name: 'jdoe' })).toEqual(
		error(9020, 'Username must be unique.'),
	);
});

test('anything but POST to a known route is a plain 404', async () => {
	const notFound = { status: 404, body: 'Not Found' };
	expect(await call('profiles/push', undefined, { method: 'GET' })).toEqual(notFound);
	expect(await call('profiles/delete', { apiToken })).toEqual(notFound);
});

describe('vehicles/push', () => {
	const pushVehicle = (fields) => call('vehicles/push', { apiToken, ...fields });
	const state = async () => (await fetch(`${base}/__sandbox/state`)).json();
	const kia = {
		plate: 'PL8RDR',
		plateType: 'Motorcycle',
		prov: 'MA',
		make: 'kia',
		type: 'commercial',
		colour: 'red',
		year: '2021',
		vin: '8GKS1AKC7FR518845',
	};

	test("creates the vendor's sample vehicle and stores exactly what was sent", async () => {
		expect(await pushVehicle(kia)).toEqual({
			status: 200,
			body: { status: 'success', reference_id: 501 },
		});
		expect((await state()).vehicles).toEqual([{ ...kia, reference_id: 501 }]);
	});

	test('plate type and province may be given by ID; make and type too', async () => {
		const byId = { plate: 'ABC123', plateTypeID: '1', provID: '9', makeID: '8', typeID: '3' };
		expect((await pushVehicle(byId)).body).toEqual({ status: 'success', reference_id: 501 });
		// Province by full name, any case; plate type name in any case.
		const byName = { plate: 'XYZ 9', plateType: 'passenger', prov: 'british columbia' };
		expect((await pushVehicle(byName)).body).toEqual({ status: 'success', reference_id: 502 });
		expect((await state()).vehicles).toEqual([
			{ ...byId, reference_id: 501 },
			{ ...byName, reference_id: 502 },
		]);
	});

	test('refuses a missing or wrong token and an unknown client code', async () => {
		expect(await call('vehicles/push', kia)).toEqual(
			error(9001, 'API Token is missing from the request.', 401),
		);
		expect(await call('vehicles/push', { ...kia, apiToken: 'wrong' })).toEqual(
			error(9002, 'API Token does not have permission to access this resource.', 403),
		);
		expect(await call('vehicles/push', { apiToken, ...kia }, { clientCode: 'OC_NOPE' })).toEqual(
			error(9000, 'Client code is missing or unknown.', 400),
		);
		expect((await state()).vehicles).toEqual([]);
	});

	test.each([
		// The vehicle codes of the vendor's "API Error Codes" page.
		[{ ...kia, plate: '' }, 9006, 'Plate is required.'],
		[{ ...kia, plateType: undefined }, 9010, 'Plate type is required.'],
		[{ ...kia, prov: undefined }, 9011, 'Province or state is required.'],
		[{ ...kia, plate: 'P'.repeat(51) }, 9021, 'The plate cannot be longer than 50 characters.'],
		[
			{ ...kia, plateType: 'M'.repeat(51) },
			9030,
			'The field plateType is too long (maximum 50 characters).',
		],
		[{ ...kia, prov: 'P'.repeat(51) }, 9030, 'The field prov is too long (maximum 50 characters).'],
		[{ ...kia, make: 'K'.repeat(51) }, 9030, 'The field make is too long (maximum 50 characters).'],
		[{ ...kia, plateType: 'Spaceship' }, 9033, 'The field plateType is invalid.'],
		[
			{ ...kia, plateType: undefined, plateTypeID: '99' },
			9033,
			'The field plateTypeID is invalid.',
		],
		[{ ...kia, prov: 'Atlantis' }, 9033, 'The field prov is invalid.'],
		[{ ...kia, prov: undefined, provID: '999' }, 9033, 'The field provID is invalid.'],
		[{ ...kia, makeID: 'kia' }, 9033, 'The field makeID is invalid.'],
		[{ ...kia, year: '21' }, 9033, 'The field year is invalid.'],
	])('refuses %j', async (fields, code, message) => {
		expect(await pushVehicle(fields)).toEqual(error(code, message));
		expect((await state()).vehicles).toEqual([]);
	});

	test('the same plate in the same province or state is 9012, however it is written', async () => {
		await pushVehicle(kia);
		const duplicate = error(9012, 'The vehicle is already in the database.');
		expect(await pushVehicle(kia)).toEqual(duplicate);
		expect(await pushVehicle({ ...kia, plate: 'pl8-rdr', prov: 'Massachusetts' })).toEqual(
			duplicate,
		);
		expect(await pushVehicle({ ...kia, prov: undefined, provID: '22' })).toEqual(duplicate);
		// The same plate from another state is another vehicle.
		expect((await pushVehicle({ ...kia, prov: 'NY' })).body).toEqual({
			status: 'success',
			reference_id: 502,
		});
		expect((await state()).vehicles).toHaveLength(2);
	});

	test('reset forgets the vehicles and their plates', async () => {
		await pushVehicle(kia);
		await (await fetch(`${base}/__sandbox/reset`, { method: 'POST' })).json();
		expect((await state()).vehicles).toEqual([]);
		expect((await pushVehicle(kia)).body).toEqual({ status: 'success', reference_id: 501 });
	});
});
