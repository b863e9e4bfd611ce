const { useSandbox, SANDBOX_SECRETS } = require('../../helpers');
const { pushWorkflow, person } = require('./opscom.fixtures');

const env = useSandbox();

describe('OPSCOM Profile → Create or Update', () => {
	test('creates a person, then updates the same person on a second run', async () => {
		const first = await env.engine.run(pushWorkflow([person(1)]));
		expect(first.status).toBe('success');
		const [created] = first.json('Node');
		expect(created).toEqual({
			action: 'created',
			reference_id: 41,
			unique_id: 'S00001',
			login_source: 'OPSCOM',
			first_name: 'First1',
			last_name: 'Last1',
			email: 'student1@school.edu',
		});

		const second = await env.engine.run(pushWorkflow([person(1, { last: 'Married-Name' })]));
		expect(second.json('Node')[0]).toMatchObject({
			action: 'updated',
			reference_id: 41,
			last_name: 'Married-Name',
			changes: [{ field: 'lastName', to: 'Married-Name' }],
		});

		const { profiles } = env.sandbox.opscom.api.snapshot();
		expect(profiles).toHaveLength(1);
		expect(profiles[0]).toMatchObject({ unique_id: 'S00001', last_name: 'Married-Name', reference_id: 41 });
	});

	test('sends every documented attribute under its first-listed key', async () => {
		const run = await env.engine.run(
			pushWorkflow([person(7)], {
				loginSource: 'SAML',
				additionalFields: {
					userName: 'fs7',
					userTypeId: '6',
					studentNo: 'SN 543209854',
					studentPhone: '999',
					employNo: 'E-1',
					employeePhone: '555',
					phoneCell: '613-555-1212',
					dateOfBirth: '2001-01-31T00:00:00',
					driverLicenceNum: 'QC 99999999',
					driverLicenceProv: 'bc',
					lockerUserTypeId: '3',
				},
				address: { street: '123 Main Street', city: 'Everywhere', province: 'ma', postalCode: '02139' },
				alternateAddress: { street2: '9 Side St', city2: 'Somewhere', province2: 'AB', postalCode2: 'A9A9A9' },
			}),
		);
		expect(run.status).toBe('success');
		const [request] = env.sandbox.opscom.requests;
		expect(request.json).toEqual({
			apiToken: SANDBOX_SECRETS.opscom.apiToken,
			unique_id: 'S00007',
			login_source: 'SAML',
			first_name: 'First7',
			last_name: 'Last7',
			email: 'student7@school.edu',
			user_name: 'fs7',
			user_type_id: '6',
			student_no: 'SN 543209854',
			student_phone: '999',
			employ_no: 'E-1',
			employee_phone: '555',
			phone_cell: '613-555-1212',
			date_of_birth: '2001-01-31',
			driver_licence_num: 'QC 99999999',
			driver_licence_prov: 'BC',
			locker_user_type_id: '3',
			street: '123 Main Street',
			city: 'Everywhere',
			province: 'MA',
			postal_code: '02139',
			street2: '9 Side St',
			city2: 'Somewhere',
			province2: 'AB',
			postal_code2: 'A9A9A9',
		});
		const output = run.json('Node')[0];
		expect(output).toMatchObject({ reference_id: 41, date_of_birth: '2001-01-31', province: 'MA' });
		expect(JSON.stringify(output)).not.toContain(SANDBOX_SECRETS.opscom.apiToken);
	});

	test('a user type id given by expression works', async () => {
		const run = await env.engine.run(
			pushWorkflow([person(2, { type: 3 })], { additionalFields: { userTypeId: '={{ $json.type }}' } }),
		);
		expect(run.json('Node')[0].user_type_id).toBe('3');
		expect(env.sandbox.opscom.api.profiles.get('S00002').user_type_id).toBe('3');
	});

	test('many people: one output per input, in input order, each paired with its input', async () => {
		const people = Array.from({ length: 40 }, (_, i) => person(i + 1));
		const run = await env.engine.run(pushWorkflow(people, {}, { options: { concurrency: 8 } }));
		const items = run.items('Node');
		expect(items.map((item) => item.json.unique_id)).toEqual(people.map((p) => p.id));
		expect(items.map((item) => item.pairedItem)).toEqual(people.map((_, i) => ({ item: i })));
		expect(env.sandbox.opscom.api.profiles.size).toBe(40);
	});

	test('requests go out concurrently, never more at once than the configured bound', async () => {
		env.sandbox.opscom.faults.configure({ latencyMs: 40 });
		const people = Array.from({ length: 12 }, (_, i) => person(i + 1));
		await env.engine.run(pushWorkflow(people, {}, { options: { concurrency: 4 } }));
		expect(env.sandbox.opscom.load.maxInFlight).toBe(4);
	});
});
