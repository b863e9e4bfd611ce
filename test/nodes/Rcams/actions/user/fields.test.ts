/**
 * Every field of the RCAMS user table (nodes/Rcams/actions/user/fields.ts) round-trips: editor
 * value → request body → the vendor's record (the sandbox emulator) → read back → compared
 * equal (a second run changes nothing) → output. A field added to the table without a sample
 * here fails the first test.
 */
import type { IDataObject } from 'n8n-workflow';

import { comparable } from '../../../../../nodes/shared/changes';
import { Held, reportedValues } from '../../../../../nodes/shared/records';
import { runOperations } from '../../../../../nodes/shared/runOperations';
import { userOperations } from '../../../../../nodes/Rcams/actions/user';
import { USER } from '../../../../../nodes/Rcams/actions/user/fields';
import { listedShape } from '../../../../../nodes/Rcams/output';
import { RCAMS } from '../../../../../nodes/Rcams/transport';
import { RcamsApi } from '../../../../../sandbox/rcams';
import { bodyOf, editorItem, sandboxResponder } from '../../../roundTrip';
import { fakeContext, type SentRequest } from '../../../shared/fakeContext';

/** An editor value for every field, as a campus admin would type or map it. */
const SAMPLES: IDataObject = {
	firstName: 'Ada',
	lastName: 'Quinn',
	userName: 'ada.quinn',
	email: 'ada.quinn@school.edu',
	password: 'Initial-Pass-42',
	notes: 'Science department',
	phone: '555-010-7788',
	pictureUrl: 'https://photos.school.edu/ada.png',
};

const CREDENTIALS = {
	baseUrl: 'http://rcams.test/api/v2',
	username: 'api-user',
	password: 'api-pass-123',
};

function setUp() {
	const sandbox = new RcamsApi({ username: CREDENTIALS.username, password: CREDENTIALS.password });
	const basic = Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString('base64');
	const respond = sandboxResponder(sandbox, () => ({
		headers: { authorization: `Basic ${basic}` },
	}));
	const staticData: IDataObject = {};
	const run = async (operation: string, item: IDataObject) => {
		const fake = fakeContext({
			items: [{ resource: 'user', operation, matchOn: 'email', ...item }],
			credentials: { rcamsApi: CREDENTIALS },
			respond,
			staticData,
		});
		const [output] = await runOperations(fake.context, RCAMS, { user: userOperations });
		return { output: output[0].json, sent: fake.sent };
	};
	return { sandbox, run };
}

const actionOf = (request: SentRequest) => bodyOf(request).action;

test('every field of the table has a sample', () => {
	expect(Object.keys(SAMPLES).sort()).toEqual(USER.fields.map((field) => field.name).sort());
});

describe('a user created with every field', () => {
	let created: IDataObject;
	let sent: SentRequest[];
	let listed: IDataObject;
	let got: IDataObject;
	let second: { output: IDataObject; sent: SentRequest[] };

	beforeAll(async () => {
		const { sandbox, run } = setUp();
		({ output: created, sent } = await run('createOrUpdate', editorItem(USER, SAMPLES)));
		const list = sandbox.handle({
			method: 'POST',
			path: '/api/v2/user.php',
			headers: {
				authorization: `Basic ${Buffer.from('api-user:api-pass-123').toString('base64')}`,
			},
			rawBody: '{"action":"list"}',
		}).json as IDataObject;
		listed = (list.users as IDataObject[]).find(
			(user) => user.user_email === SAMPLES.email,
		) as IDataObject;
		const token = String(listed.user_token);
		const { output } = await run('get', { user: { mode: 'id', value: token }, simplify: false });
		got = output;
		second = await run('createOrUpdate', editorItem(USER, SAMPLES));
	});

	test.each(USER.fields.map((field) => [field.name, field] as const))(
		'%s round-trips',
		(name, field) => {
			// Editor value → request body, under the field's key.
			const insert = sent.find((request) => actionOf(request) === 'insert') as SentRequest;
			expect(bodyOf(insert)[field.key]).toBe(SAMPLES[name]);
			// Vendor record → read back → compared equal.
			const held = new Held(USER, listed);
			if (field.compare === 'vendor') {
				const read = field.combined ? held.combined(field.combined) : held.value(field);
				const desired = field.combined ? field.combined.desired(SAMPLES) : SAMPLES[name];
				// The user list has no logins: what the list cannot say, Get does.
				const fromGet =
					field.read === undefined
						? undefined
						: new Held(USER, listedShape(got.raw as IDataObject)).value(field);
				expect(comparable(read ?? fromGet)).toBe(comparable(desired));
			}
			// Output: every field but a write-only one, under its own name.
			if (field.compare === 'never')
				expect(JSON.stringify(created)).not.toContain(String(SAMPLES[name]));
			else expect(created[name]).toBe(SAMPLES[name]);
		},
	);

	test('a second run finds every field equal and sends no write', () => {
		expect(second.output.action).toBe('unchanged');
		expect(second.sent.map(actionOf)).toEqual(['list']);
	});

	test("Get outputs what RCAMS reports, under the fields' names", () => {
		const simplified = reportedValues(USER, listedShape(got.raw as IDataObject));
		expect(got).toEqual({ ...simplified, raw: got.raw });
		expect(simplified).toMatchObject({
			userToken: listed.user_token,
			userName: SAMPLES.userName,
			fullName: 'Ada Quinn',
			email: SAMPLES.email,
			phone: SAMPLES.phone,
			pictureUrl: SAMPLES.pictureUrl,
		});
	});
});
