/**
 * Every field of the OPSCOM profile table (nodes/Opscom/actions/profile/fields.ts) round-trips:
 * editor value → request body → the vendor's record (the sandbox emulator) → compared equal
 * (OPSCOM cannot be read, so with what it confirmed: a second run changes nothing) → output. A
 * field added to the table without a sample here fails the first test.
 */
import type { IDataObject } from 'n8n-workflow';

import { runOperations } from '../../../../../nodes/shared/runOperations';
import { profileOperations } from '../../../../../nodes/Opscom/actions/profile';
import { PROFILE } from '../../../../../nodes/Opscom/actions/profile/fields';
import { OPSCOM } from '../../../../../nodes/Opscom/transport';
import { OpscomApi } from '../../../../../sandbox/opscom';
import { SANDBOX_SECRETS } from '../../../../../sandbox/secrets';
import { bodyOf, editorItem, sandboxResponder } from '../../../roundTrip';
import { fakeContext, type SentRequest } from '../../../shared/fakeContext';

/** An editor value for every field, and (where OPSCOM stores it in another form) what is sent. */
const SAMPLES: IDataObject = {
	uniqueId: 'S-100200',
	loginSource: 'OPSCOM',
	firstName: 'Maya',
	lastName: 'Okafor',
	email: 'maya.okafor@school.edu',
	userName: 'mokafor',
	userTypeId: '3',
	studentNo: '100200',
	studentPhone: '613-555-0101',
	employNo: 'E-77',
	employeePhone: '613-555-0102',
	phoneCell: '613-555-0103',
	dateOfBirth: '2004-02-29T00:00:00.000Z',
	driverLicenceNum: 'O1234-56789-00000',
	driverLicenceProv: 'on',
	lockerUserTypeId: 4,
	street: '12 Campus Way',
	city: 'Ottawa',
	province: 'on',
	postalCode: 'K1A 0B1',
	street2: '3 Lake Rd',
	city2: 'Kingston',
	province2: 'ON',
	postalCode2: 'K7L 3N6',
};
const SENT: IDataObject = {
	dateOfBirth: '2004-02-29',
	driverLicenceProv: 'ON',
	province: 'ON',
	lockerUserTypeId: '4',
};
const sentValue = (name: string) => (name in SENT ? SENT[name] : SAMPLES[name]);

const CREDENTIALS = {
	baseUrl: 'http://opscom.test',
	clientCode: 'OC_TOMA',
	...SANDBOX_SECRETS.opscom,
};

function setUp() {
	const sandbox = new OpscomApi(CREDENTIALS.apiToken);
	const respond = sandboxResponder(sandbox, (request) => ({
		body: { ...(request.body as IDataObject), apiToken: CREDENTIALS.apiToken },
	}));
	const staticData: IDataObject = {};
	const run = async (item: IDataObject) => {
		const fake = fakeContext({
			items: [{ resource: 'profile', operation: 'createOrUpdate', ...item }],
			credentials: { opscomApi: CREDENTIALS },
			respond,
			staticData,
		});
		const [output] = await runOperations(fake.context, OPSCOM, { profile: profileOperations });
		return { output: output[0].json, sent: fake.sent };
	};
	return { sandbox, run };
}

test('every field of the table has a sample', () => {
	expect(Object.keys(SAMPLES).sort()).toEqual(PROFILE.fields.map((field) => field.name).sort());
});

describe('a profile pushed with every field', () => {
	let created: IDataObject;
	let sent: SentRequest[];
	let stored: IDataObject;
	let second: { output: IDataObject; sent: SentRequest[] };

	beforeAll(async () => {
		const { sandbox, run } = setUp();
		({ output: created, sent } = await run(editorItem(PROFILE, SAMPLES)));
		stored = sandbox.snapshot().profiles[0] as IDataObject;
		second = await run(editorItem(PROFILE, SAMPLES));
	});

	test.each(PROFILE.fields.map((field) => [field.name, field] as const))(
		'%s round-trips',
		(name, field) => {
			// Editor value → request body → what OPSCOM stores, under the field's key.
			expect(bodyOf(sent[0])[field.key]).toBe(sentValue(name));
			expect(stored[field.key]).toBe(sentValue(name));
			// Output: what was pushed, under OPSCOM's keys.
			expect(created[field.key]).toBe(sentValue(name));
		},
	);

	test('a second run finds every field equal to what OPSCOM confirmed and pushes nothing', () => {
		expect(created).toMatchObject({ action: 'created', reference_id: stored.reference_id });
		expect(second.output.action).toBe('unchanged');
		expect(second.sent).toEqual([]);
	});
});
