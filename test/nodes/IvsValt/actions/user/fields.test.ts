/**
 * Every field of the VALT user table (nodes/IvsValt/actions/user/fields.ts) round-trips: editor
 * value → request body → the vendor's record (the sandbox emulator) → read back → compared
 * equal (a second run changes nothing) → output. A field added to the table without a sample
 * here fails the first test.
 */
import type { IDataObject } from 'n8n-workflow';

import { comparable } from '../../../../../nodes/shared/changes';
import { readValue } from '../../../../../nodes/shared/fields';
import { Held } from '../../../../../nodes/shared/records';
import { runOperations } from '../../../../../nodes/shared/runOperations';
import { userOperations } from '../../../../../nodes/IvsValt/actions/user';
import { USER } from '../../../../../nodes/IvsValt/actions/user/fields';
import { VALT } from '../../../../../nodes/IvsValt/transport';
import { ValtApi } from '../../../../../sandbox/valt';
import { bodyOf, editorItem, sandboxResponder } from '../../../roundTrip';
import { fakeContext, type SentRequest } from '../../../shared/fakeContext';

/** An editor value for every field, as a campus admin would pick or map it. */
const SAMPLES: IDataObject = {
	userName: 'det.rivera',
	password: 'Valt-Pass-77',
	cardNumber: '0042',
	displayName: 'Det. Rivera',
	userGroup: 2,
	rooms: [37, 39],
	videoAccessUserGroups: [2, 3],
	videoAccessUsers: [1],
};

const CREDENTIALS = {
	baseUrl: 'http://valt.test',
	username: 'api-admin',
	password: 'api-pass-456',
	sessionToken: '',
};

function setUp() {
	const sandbox = new ValtApi({ username: CREDENTIALS.username, password: CREDENTIALS.password });
	const login = sandbox.handle({
		method: 'POST',
		path: '/api/v3/login',
		query: {},
		json: CREDENTIALS,
	});
	const token = ((login.json as IDataObject).data as IDataObject).access_token;
	const respond = sandboxResponder(sandbox, () => ({ query: { access_token: token } }));
	const staticData: IDataObject = {};
	const run = async (item: IDataObject) => {
		const fake = fakeContext({
			items: [{ resource: 'user', operation: 'createOrUpdate', ...item }],
			credentials: { ivsValtApi: CREDENTIALS },
			respond,
			staticData,
		});
		const [output] = await runOperations(fake.context, VALT, { user: userOperations });
		return { output: output[0].json, sent: fake.sent };
	};
	return { sandbox, run };
}

const writes = (sent: SentRequest[]) => sent.filter((request) => request.options.method === 'POST');

test('every field of the table has a sample', () => {
	expect(Object.keys(SAMPLES).sort()).toEqual(USER.fields.map((field) => field.name).sort());
});

describe('a user created with every field', () => {
	let created: IDataObject;
	let sent: SentRequest[];
	let listed: IDataObject;
	let second: { output: IDataObject; sent: SentRequest[] };

	beforeAll(async () => {
		const { sandbox, run } = setUp();
		({ output: created, sent } = await run(editorItem(USER, SAMPLES)));
		listed = (sandbox.snapshot().users as IDataObject[]).find(
			(user) => user.name === SAMPLES.userName,
		) as IDataObject;
		listed = sandbox.userView(listed);
		second = await run(editorItem(USER, SAMPLES));
	});

	test.each(USER.fields.map((field) => [field.name, field] as const))(
		'%s round-trips',
		(name, field) => {
			// Editor value → request body, under the field's (dotted) key.
			const [create] = writes(sent);
			expect(readValue(field.key, bodyOf(create))).toEqual(SAMPLES[name]);
			// Vendor record → read back → compared equal.
			if (field.compare === 'vendor') {
				expect(comparable(new Held(USER, listed).value(field))).toBe(comparable(SAMPLES[name]));
			}
			// Output: what was sent, under VALT's keys, never a password.
			if (field.compare === 'never')
				expect(JSON.stringify(created)).not.toContain(String(SAMPLES[name]));
			else expect(readValue(field.key, created)).toEqual(SAMPLES[name]);
		},
	);

	test('a second run finds every field equal and sends no write', () => {
		expect(second.output.action).toBe('unchanged');
		expect(writes(second.sent)).toEqual([]);
	});

	test('the output names the new user by its id', () => {
		expect(created.id).toBe(listed.id);
	});
});
