/**
 * Node version 2: the plain Create and Update operations (IVS VALT and RCAMS users, OPSCOM
 * vehicles) take their record fields from the resource mapper too. Update sends only the fields
 * an item gives; a required field missing fails that item only, before anything is sent.
 */
const { useSandbox, singleNodeWorkflow, SANDBOX_SECRETS, PACKAGE } = require('../../helpers');
const { apiCalls, seedUsers } = require('../IvsValt/valt.fixtures');
const { JACOB, calls, userRef } = require('../Rcams/rcams.fixtures');

const env = useSandbox();

const AUTO = { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] };
const manual = (value) => ({ mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] });

function v2(type, parameters, items, extra = {}) {
	return singleNodeWorkflow({ type, parameters, items, typeVersion: 2, ...extra });
}

const pairedInputs = (run) => run.items('Node').map((item) => item.pairedItem);

/** The OPSCOM vehicle pushes, without the API token every one carries. */
const pushedVehicles = () =>
	env.sandbox.opscom.requests.map(({ json: { apiToken, ...vehicle } }) => {
		expect(apiToken).toBe(SANDBOX_SECRETS.opscom.apiToken);
		return vehicle;
	});
const valtEdits = () => apiCalls(env.sandbox).filter((request) => request.path.endsWith('/edit'));

describe('version 2: IVS VALT User → Create and Update through the resource mapper', () => {
	const create = { resource: 'user', operation: 'create', fields: AUTO };

	test('Map Automatically: columns named like the fields are sent in VALT wire format, the others not', async () => {
		const people = [
			{ userName: 'jdoe1', Password: 'Pass-1!', display_name: 'Jane Doe', 'Card Number': '0042', homeroom: '7B' },
			{ userName: 'jdoe2', Password: 'Pass-2!' },
		];
		const run = await env.engine.run(v2('ivsValt', create, people));
		expect(run.status).toBe('success');
		expect(apiCalls(env.sandbox).map((request) => request.json)).toEqual([
			{ name: 'jdoe1', password: 'Pass-1!', display_name: 'Jane Doe', card_number: '0042' },
			{ name: 'jdoe2', password: 'Pass-2!' },
		]);
		// Version 2 outputs lean by default: whom, and the new id.
		expect(run.json('Node')).toEqual([
			{ action: 'created', id: 48, userName: 'jdoe1' },
			{ action: 'created', id: 49, userName: 'jdoe2' },
		]);
		expect(pairedInputs(run)).toEqual([{ item: 0 }, { item: 1 }]);

		// With Output Full Record, the output is version 1's: every field sent, never the password.
		const full = await env.engine.run(
			v2('ivsValt', { ...create, options: { fullRecord: true } }, [{ ...people[0], userName: 'jdoe3' }]),
		);
		expect(full.json('Node')).toEqual([
			{ action: 'created', id: 50, name: 'jdoe3', display_name: 'Jane Doe', card_number: '0042' },
		]);
	});

	test('Map Automatically: an item without a password column fails alone, naming the field; nothing is sent for it', async () => {
		const people = [{ userName: 'jdoe1', password: 'Pass-1!' }, { userName: 'jdoe2', pass: 'x' }];
		const run = await env.engine.run(v2('ivsValt', create, people, { continueOnFail: true }));
		const [ok, failed] = run.json('Node');
		expect(ok).toMatchObject({ action: 'created', userName: 'jdoe1' });
		expect(failed.error).toBe('Invalid input on item 1: "Password" is required, and the input has no column for it');
		expect(failed.details).toContain('"userName", "pass"');
		expect(apiCalls(env.sandbox).map((request) => request.json.name)).toEqual(['jdoe1']);
		expect(pairedInputs(run)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('Map Each Field Manually: values and expressions; an empty field is not sent; an empty required one fails that item', async () => {
		const parameters = {
			...create,
			fields: manual({
				userName: '={{ $json.login }}',
				password: '={{ $json.secret }}',
				displayName: '',
				cardNumber: '={{ $json.card }}',
			}),
		};
		const people = [{ login: 'jdoe1', secret: 'Pass-1!', card: '007' }, { login: 'jdoe2', secret: '' }];
		const run = await env.engine.run(v2('ivsValt', parameters, people, { continueOnFail: true }));
		const [ok, failed] = run.json('Node');
		expect(ok).toEqual({ action: 'created', id: 48, userName: 'jdoe1' });
		expect(failed.error).toMatch(/^Invalid input on item 1: "Password" is required/);
		expect(apiCalls(env.sandbox).map((request) => request.json)).toEqual([
			{ name: 'jdoe1', password: 'Pass-1!', card_number: '007' },
		]);
	});

	test('Update, Map Automatically: only the fields the columns give are sent, to the user of the ID parameter', async () => {
		await seedUsers(env, 2);
		const update = { resource: 'user', operation: 'update', userId: '={{ $json.id }}', fields: AUTO };
		const rows = [
			{ id: 48, displayName: 'J. Doe', note: 'kept out' },
			{ id: 49, 'card number': '0099', 'User Group': 3 },
		];
		const run = await env.engine.run(v2('ivsValt', update, rows));
		expect(run.status).toBe('success');
		expect(valtEdits().map((request) => [request.path, request.json])).toEqual([
			['/api/v3/admin/users/48/edit', { display_name: 'J. Doe' }],
			['/api/v3/admin/users/49/edit', { card_number: '0099', user_group: 3 }],
		]);
		expect(run.json('Node')).toEqual([
			{ action: 'updated', id: 48 },
			{ action: 'updated', id: 49 },
		]);
		// What was not given was kept.
		expect(env.sandbox.valt.api.users.get(48)).toMatchObject({ name: 'jdoe1', card_number: '001' });
	});

	test('Update: an item that gives no field fails naming the item and the fix; nothing is sent for it', async () => {
		await seedUsers(env, 1);
		const update = { resource: 'user', operation: 'update', userId: '={{ $json.id }}', fields: AUTO };
		const run = await env.engine.run(
			v2('ivsValt', update, [{ id: 48, note: 'x' }, { id: 48, displayName: 'Ok' }], { continueOnFail: true }),
		);
		const [failed, ok] = run.json('Node');
		expect(failed.error).toBe('Nothing to update on item 0');
		expect(failed.details).toContain('Map Automatically');
		expect(failed.details).toContain('"id", "note"');
		expect(ok).toEqual({ action: 'updated', id: 48 });
		expect(valtEdits().map((request) => request.json)).toEqual([{ display_name: 'Ok' }]);

		env.sandbox.valt.requests.length = 0;
		const empty = { ...update, fields: manual({ displayName: '', cardNumber: null }) };
		const none = await env.engine.run(v2('ivsValt', empty, [{ id: 48 }]));
		expect(none.nodeError('Node').message).toBe('Nothing to update on item 0');
		expect(none.nodeError('Node').description).toContain('Map at least one field');
		expect(valtEdits()).toEqual([]);
	});

	test('Update, Map Each Field Manually: only the fields filled in are sent', async () => {
		await seedUsers(env, 1);
		const update = {
			resource: 'user',
			operation: 'update',
			userId: 48,
			fields: manual({ displayName: '={{ $json.shown }}', cardNumber: '', rooms: [] }),
		};
		const run = await env.engine.run(v2('ivsValt', update, [{ shown: 'Jane D.' }]));
		expect(run.json('Node')).toEqual([{ action: 'updated', id: 48 }]);
		expect(valtEdits().map((request) => request.json)).toEqual([{ display_name: 'Jane D.' }]);
	});
});

describe('version 2: RCAMS User → Create and Update through the resource mapper', () => {
	const create = { resource: 'user', operation: 'create', fields: AUTO };
	const person = (n, more = {}) => ({
		'First Name': `First${n}`,
		last_name: `Last${n}`,
		userName: `user.${n}`,
		Email: `user${n}@school.edu`,
		password: `Initial-${n}!`,
		...more,
	});

	test('Create, Map Automatically: the wire body holds exactly the mapped columns', async () => {
		const run = await env.engine.run(v2('rcams', create, [person(1, { phone: '555-123-4567', grade: 9 })]));
		expect(run.status).toBe('success');
		expect(calls(env.sandbox, 'user.php', 'insert').map((request) => request.json)).toEqual([
			{
				action: 'insert',
				first_name: 'First1',
				last_name: 'Last1',
				user_name: 'user.1',
				email: 'user1@school.edu',
				password: 'Initial-1!',
				phone: '555-123-4567',
			},
		]);
		expect(run.json('Node')).toEqual([
			{
				action: 'created',
				userToken: expect.stringMatching(/^[0-9a-f]{64}$/),
				email: 'user1@school.edu',
			},
		]);
	});

	test('Create: a missing email column or an empty mapped email fails that item only', async () => {
		const { Email: _dropped, ...noEmail } = person(2);
		const auto = await env.engine.run(v2('rcams', create, [person(1), noEmail], { continueOnFail: true }));
		expect(auto.json('Node')[0].action).toBe('created');
		expect(auto.json('Node')[1].error).toBe(
			'Invalid input on item 1: "Email" is required, and the input has no column for it',
		);
		expect(calls(env.sandbox, 'user.php', 'insert').map((request) => request.json.email)).toEqual(['user1@school.edu']);

		env.sandbox.rcams.requests.length = 0;
		const parameters = {
			...create,
			fields: manual({
				firstName: '={{ $json["First Name"] }}',
				lastName: '={{ $json.last_name }}',
				userName: '={{ $json.userName }}',
				email: '={{ $json.Email }}',
				password: 'Initial-Pass-1',
			}),
		};
		const run = await env.engine.run(
			v2('rcams', parameters, [person(3), person(4, { Email: '' })], { continueOnFail: true }),
		);
		expect(run.json('Node')[0]).toMatchObject({ action: 'created', email: 'user3@school.edu' });
		expect(run.json('Node')[1].error).toMatch(/^Invalid input on item 1: "Email" is required/);
		expect(calls(env.sandbox, 'user.php', 'insert').map((request) => request.json)).toEqual([
			{
				action: 'insert',
				first_name: 'First3',
				last_name: 'Last3',
				user_name: 'user.3',
				email: 'user3@school.edu',
				password: 'Initial-Pass-1',
			},
		]);
	});

	test('Update, Map Automatically: the names and the given optional fields; columns RCAMS cannot change are not sent', async () => {
		const update = { resource: 'user', operation: 'update', user: userRef('={{ $json.token }}', 'id'), fields: AUTO };
		const row = { token: JACOB, firstName: 'Jake', 'Last Name': 'Mata', phone: '555-999-0000', email: 'new@school.edu' };
		const run = await env.engine.run(v2('rcams', update, [row]));
		expect(run.status).toBe('success');
		expect(calls(env.sandbox, 'user.php', 'update').map((request) => request.json)).toEqual([
			{ action: 'update', usr_tokenid: JACOB, first_name: 'Jake', last_name: 'Mata', phone: '555-999-0000' },
		]);
		expect(run.json('Node')).toEqual([{ action: 'updated', userToken: JACOB }]);
		// Notes were not given, so RCAMS kept them.
		expect(env.sandbox.rcams.api.users.get(JACOB)).toMatchObject({ first_name: 'Jake', notes: 'Night shift' });
	});

	test('Update: RCAMS needs first and last name, so an item without one fails alone; nothing is sent for it', async () => {
		const update = { resource: 'user', operation: 'update', user: userRef('={{ $json.token }}', 'id'), fields: AUTO };
		const rows = [
			{ token: JACOB, firstName: 'Jake', phone: '1' },
			{ token: JACOB, firstName: 'Jake', lastName: 'Mata' },
		];
		const run = await env.engine.run(v2('rcams', update, rows, { continueOnFail: true }));
		const [failed, ok] = run.json('Node');
		expect(failed.error).toBe('Invalid input on item 0: "Last Name" is required, and the input has no column for it');
		expect(ok.action).toBe('updated');
		expect(calls(env.sandbox, 'user.php', 'update').map((request) => request.json)).toEqual([
			{ action: 'update', usr_tokenid: JACOB, first_name: 'Jake', last_name: 'Mata' },
		]);

		env.sandbox.rcams.requests.length = 0;
		const typed = {
			...update,
			fields: manual({ firstName: 'Jake', lastName: '={{ "  " }}', notes: '={{ $json.notes }}' }),
		};
		const blank = await env.engine.run(v2('rcams', typed, [{ token: JACOB, notes: 'x' }]));
		expect(blank.nodeError('Node').message).toBe('Invalid input on item 0: "Last Name" is required: it cannot be empty');
		expect(env.sandbox.rcams.requests).toHaveLength(0);
	});

	test('Update, Map Each Field Manually: the names and the optional fields filled in', async () => {
		const update = {
			resource: 'user',
			operation: 'update',
			user: userRef(JACOB, 'id'),
			fields: manual({ firstName: 'Jake', lastName: 'Mata', notes: '={{ $json.notes }}', phone: '' }),
		};
		const run = await env.engine.run(v2('rcams', update, [{ notes: 'Day shift' }]));
		expect(run.status).toBe('success');
		expect(calls(env.sandbox, 'user.php', 'update').map((request) => request.json)).toEqual([
			{ action: 'update', usr_tokenid: JACOB, first_name: 'Jake', last_name: 'Mata', notes: 'Day shift' },
		]);
	});
});

describe('version 2: OPSCOM Vehicle → Create through the resource mapper', () => {
	const create = { resource: 'vehicle', operation: 'create', fields: AUTO };

	test('Map Automatically: plate, plate type, province and the optional columns, in OPSCOM wire format', async () => {
		const rows = [
			{ Plate: 'PL8RDR', 'Plate Type': 'Motorcycle', prov: 'MA', Colour: 'red', year: '2021', owner: 'S1' },
			{ Plate: 'CAR002', 'Plate Type': 'Passenger', prov: 'ON' },
		];
		const run = await env.engine.run(v2('opscom', create, rows));
		expect(run.status).toBe('success');
		expect(pushedVehicles()).toEqual([
			{ plate: 'PL8RDR', plateType: 'Motorcycle', prov: 'MA', colour: 'red', year: '2021' },
			{ plate: 'CAR002', plateType: 'Passenger', prov: 'ON' },
		]);
		expect(env.sandbox.opscom.requests.map((request) => request.path)).toEqual([
			'/api/OC_TOMA/v1/vehicles/push',
			'/api/OC_TOMA/v1/vehicles/push',
		]);
		expect(run.json('Node')).toEqual([
			{ action: 'created', reference_id: 501, plate: 'PL8RDR' },
			{ action: 'created', reference_id: 502, plate: 'CAR002' },
		]);
		expect(pairedInputs(run)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('the "by ID" switches still choose: only the IDs are taken, a name column is not sent', async () => {
		const parameters = { ...create, plateTypeBy: 'id', provBy: 'id' };
		const row = { plate: 'CAR001', plateTypeId: 3, plateType: 'Motorcycle', 'Province/State ID': '9', prov: 'MA' };
		const run = await env.engine.run(v2('opscom', parameters, [row]));
		expect(run.status).toBe('success');
		expect(pushedVehicles()).toEqual([{ plate: 'CAR001', plateTypeID: '3', provID: '9' }]);
	});

	test('a missing required column, or an empty mapped field, fails that item only; nothing is sent for it', async () => {
		const rows = [{ plate: 'CAR001', plateType: 'Passenger' }, { plate: 'CAR002', plateType: 'Passenger', prov: 'MA' }];
		const auto = await env.engine.run(v2('opscom', create, rows, { continueOnFail: true }));
		expect(auto.json('Node')[0].error).toBe(
			'Invalid input on item 0: "Province/State" is required, and the input has no column for it',
		);
		expect(auto.json('Node')[1]).toMatchObject({ action: 'created', plate: 'CAR002' });
		expect(pushedVehicles().map((vehicle) => vehicle.plate)).toEqual(['CAR002']);

		env.sandbox.opscom.requests.length = 0;
		const parameters = {
			...create,
			fields: manual({ plate: '={{ $json.plate }}', plateType: 'Passenger', prov: '={{ $json.prov }}', make: '' }),
		};
		const typed = await env.engine.run(v2('opscom', parameters, rows, { continueOnFail: true }));
		expect(typed.json('Node')[0].error).toMatch(/^Invalid input on item 0: "Province\/State" is required/);
		expect(pushedVehicles()).toEqual([{ plate: 'CAR002', plateType: 'Passenger', prov: 'MA' }]);
	});
});

describe('version 2: the Create and Update editor', () => {
	const { nodes } = require('../../engine').loaded;
	const properties = (type, operation) =>
		nodes[`${PACKAGE}.${type}`].description.properties.filter((property) =>
			property.displayOptions?.show?.operation?.includes(operation),
		);

	test.each([
		['ivsValt', 'user', 'create', ['userName', 'password', 'additionalFields']],
		['ivsValt', 'user', 'update', ['updateFields']],
		['rcams', 'user', 'create', ['firstName', 'userName', 'additionalFields']],
		['rcams', 'user', 'update', ['firstName', 'lastName', 'additionalFields']],
		['opscom', 'vehicle', 'create', ['plate', 'plateType', 'provId', 'additionalFields']],
	])('%s %s %s: version 1 fields hidden on version 2, the mapper shown from 2 on', (type, resource, operation, v1Fields) => {
		const shown = properties(type, operation).filter((property) => property.displayOptions.show.resource?.includes(resource));
		for (const name of v1Fields) {
			expect(shown.filter((property) => property.name === name).map((property) => property.displayOptions.show['@version'])).toEqual([[1]]);
		}
		const [mapper] = shown.filter((property) => property.name === 'fields');
		expect(mapper.type).toBe('resourceMapper');
		expect(mapper.displayOptions.show['@version']).toEqual([{ _cnd: { gte: 2 } }]);
	});

	test('settings that are not fields stay on every version: locators, switches, notice, Simplify', () => {
		const unversioned = (type, operation) =>
			properties(type, operation)
				.filter((property) => property.displayOptions.show['@version'] === undefined)
				.map((property) => property.name);
		expect(unversioned('opscom', 'create')).toEqual(['plateTypeBy', 'provBy']);
		expect(unversioned('ivsValt', 'update')).toContain('userId');
		expect(unversioned('rcams', 'update')).toEqual(expect.arrayContaining(['user', 'updateNotice', 'simplify']));
		const vehicleMapper = properties('opscom', 'create').find((property) => property.name === 'fields');
		expect(vehicleMapper.typeOptions.loadOptionsDependsOn).toEqual(['plateTypeBy', 'provBy']);
	});

	test("the mapper lists each operation's fields: Create's required ones, Update's changeable ones, the switches' choice", async () => {
		const listed = async (type, method, parameters) =>
			(await env.engine.resourceMapping(`${PACKAGE}.${type}`, method, parameters)).fields.map((field) => [
				field.id,
				field.required,
			]);
		expect(await listed('rcams', 'getUserFields', { resource: 'user', operation: 'update' })).toEqual([
			['firstName', true],
			['lastName', true],
			['notes', false],
			['phone', false],
			['pictureUrl', false],
		]);
		const valtCreate = await listed('ivsValt', 'getUserFields', { resource: 'user', operation: 'create' });
		expect(valtCreate.slice(0, 2)).toEqual([['userName', true], ['password', true]]);
		const valtUpdate = await listed('ivsValt', 'getUserFields', { resource: 'user', operation: 'update' });
		expect(valtUpdate.filter(([, required]) => required)).toEqual([]);
		const vehicle = await listed('opscom', 'getVehicleFields', {
			resource: 'vehicle',
			operation: 'create',
			plateTypeBy: 'id',
			provBy: 'name',
		});
		expect(vehicle.slice(0, 3)).toEqual([['plate', true], ['plateTypeId', true], ['prov', true]]);
		expect(vehicle.map(([id]) => id)).not.toContain('plateType');
		expect(vehicle.map(([id]) => id)).not.toContain('provId');
	});
});
