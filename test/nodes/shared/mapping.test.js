/**
 * Node version 2: record fields through n8n's resource mapper. "Map Automatically" takes each
 * field from the input column named like it (node name, label or vendor key), with no expression
 * per field; "Map Each Field Manually" takes values and expressions as version 1 did.
 */
const { useSandbox, singleNodeWorkflow, PACKAGE } = require('../../helpers');

const env = useSandbox();

const AUTO = { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] };
const manual = (value) => ({ mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] });

function v2(type, parameters, items, extra = {}) {
	return singleNodeWorkflow({ type, parameters, items, typeVersion: 2, ...extra });
}

/** SIS rows as an export gives them: columns spelled three ways, plus columns no vendor takes. */
const row = (n, more = {}) => ({
	unique_id: `S${n}`,
	'First Name': `First${n}`,
	lastName: `Last${n}`,
	email: `p${n}@school.edu`,
	userName: `p.${n}`,
	password: `Initial-${n}!`,
	homeroom: '7B',
	...more,
});

describe('version 2: fields through the resource mapper', () => {
	test('OPSCOM Map Automatically: columns by node name, label or vendor key; Login Source keeps its preset; a quiet re-run sends nothing', async () => {
		const parameters = { resource: 'profile', operation: 'createOrUpdate', fields: AUTO };
		const first = await env.engine.run(v2('opscom', parameters, [row(1), row(2)]));
		expect(first.status).toBe('success');
		expect(first.json('Node').map((item) => item.action)).toEqual(['created', 'created']);
		const pushed = env.sandbox.opscom.requests.map((request) => request.json);
		expect(pushed[0]).toMatchObject({
			unique_id: 'S1',
			login_source: 'OPSCOM',
			first_name: 'First1',
			last_name: 'Last1',
			email: 'p1@school.edu',
			user_name: 'p.1',
		});
		// Columns no OPSCOM field is named after are not sent.
		expect(pushed[0]).not.toHaveProperty('homeroom');
		expect(pushed[0]).not.toHaveProperty('password');

		const again = await env.engine.run(v2('opscom', parameters, [row(1), row(2, { lastName: 'Wed' })]));
		expect(again.json('Node').map((item) => item.action)).toEqual(['unchanged', 'updated']);
		expect(env.sandbox.opscom.requests).toHaveLength(3);
		expect(env.sandbox.opscom.requests[2].json).toMatchObject({ unique_id: 'S2', last_name: 'Wed' });
	});

	test('a required field with no column fails that item only, naming the field, the names looked for and the columns there are', async () => {
		const parameters = { resource: 'profile', operation: 'createOrUpdate', fields: AUTO };
		const { unique_id: _dropped, ...noId } = row(2);
		const run = await env.engine.run(
			v2('opscom', parameters, [row(1), { ...noId, id: 'S2' }], { continueOnFail: true }),
		);
		const [ok, failed] = run.json('Node');
		expect(ok.action).toBe('created');
		expect(failed.error).toBe('Invalid input on item 1: "Unique ID" is required, and the input has no column for it');
		expect(failed.details).toContain('"uniqueId" or "Unique ID" or "unique_id"');
		expect(failed.details).toContain('"id"');
		expect(failed.details).toContain('Map Each Field Manually');
		expect(env.sandbox.opscom.requests).toHaveLength(1);
	});

	test('two columns for one field fail the item rather than guessing', async () => {
		const parameters = { resource: 'profile', operation: 'createOrUpdate', fields: AUTO };
		const run = await env.engine.run(
			v2('opscom', parameters, [row(1, { first_name: 'Other' })], { continueOnFail: true }),
		);
		const [failed] = run.json('Node');
		expect(failed.error).toBe('The input has 2 columns for "First Name": "First Name", "first_name"');
		expect(env.sandbox.opscom.requests).toHaveLength(0);
	});

	test('values from columns are validated like typed ones: the item is named and nothing is sent', async () => {
		const parameters = { resource: 'user', operation: 'createOrUpdate', matchOn: 'email', fields: AUTO };
		const run = await env.engine.run(
			v2('rcams', parameters, [row(1, { email: 'not-an-address' }), row(2)], { continueOnFail: true }),
		);
		const [failed, ok] = run.json('Node');
		expect(failed.error).toMatch(/^Invalid input on item 0: "Email" /);
		expect(ok.action).toBe('created');
		const users = env.sandbox.rcams.api.snapshot().users.map((user) => user.email);
		expect(users).toContain('p2@school.edu');
		expect(users).not.toContain('not-an-address');
	});

	test('RCAMS and IVS VALT Map Automatically: created, then unchanged with no write', async () => {
		const rcams = { resource: 'user', operation: 'createOrUpdate', matchOn: 'email', fields: AUTO };
		const valt = { resource: 'user', operation: 'createOrUpdate', fields: AUTO };
		const people = [row(1, { cardNumber: '0042' }), row(2)];
		for (const [type, parameters] of [['rcams', rcams], ['ivsValt', valt]]) {
			const first = await env.engine.run(v2(type, parameters, people));
			expect(first.status).toBe('success');
			expect(first.json('Node').map((item) => item.action)).toEqual(['created', 'created']);
			const again = await env.engine.run(v2(type, parameters, people));
			expect(again.json('Node').map((item) => item.action)).toEqual(['unchanged', 'unchanged']);
		}
		const valtUser = env.sandbox.valt.api.snapshot().users.find((user) => user.name === 'p.1');
		expect(valtUser.card_number).toBe('0042');
		const rcamsUser = env.sandbox.rcams.api.snapshot().users.find((user) => user.email === 'p1@school.edu');
		expect(rcamsUser).toMatchObject({ first_name: 'First1', last_name: 'Last1' });
	});

	test('RCAMS Remove Leavers Map Automatically: the roster rows keep their users, the leaver goes', async () => {
		const sync = { resource: 'user', operation: 'createOrUpdate', matchOn: 'email', fields: AUTO };
		const people = [1, 2, 3, 4].map((n) => row(n));
		await env.engine.run(v2('rcams', sync, people));
		const removal = {
			resource: 'user',
			operation: 'removeLeavers',
			fields: AUTO,
			maxShare: 100,
			maxRemovals: 10,
		};
		const run = await env.engine.run(v2('rcams', removal, people.slice(0, 3)));
		expect(run.status).toBe('success');
		expect(run.json('Node').map((item) => [item.action, item.email])).toEqual([['removed', 'p4@school.edu']]);
		const left = env.sandbox.rcams.api.snapshot().users.map((user) => user.email);
		expect(left).toEqual(expect.arrayContaining(['p1@school.edu', 'p2@school.edu', 'p3@school.edu']));
		expect(left).not.toContain('p4@school.edu');

		// A roster without an email column removes nobody: every row is refused, by name.
		const noEmail = await env.engine.run(v2('rcams', removal, [{ mail: 'p1@school.edu' }]));
		expect(noEmail.status).toBe('error');
		expect(noEmail.nodeError('Node').message).toMatch(/"Email" is required, and the input has no column for it/);
	});

	test('RCAMS Assign Districts Map Automatically: user token and districts from the columns; a second night sends nothing', async () => {
		const sync = { resource: 'user', operation: 'createOrUpdate', matchOn: 'email', fields: AUTO };
		const created = await env.engine.run(v2('rcams', sync, [row(1), row(2)]));
		const tokens = created.json('Node').map((item) => item.userToken);
		expect(tokens.every((token) => /^[0-9a-f]{64}$/.test(token))).toBe(true);
		const grants = [
			{ userToken: tokens[0], districts: '1,3', email: 'p1@school.edu' },
			{ userToken: tokens[1], districts: '2' },
		];
		const assign = { resource: 'user', operation: 'assignDistricts', fields: AUTO };
		const first = await env.engine.run(v2('rcams', assign, grants));
		expect(first.json('Node').map((item) => item.action)).toEqual(['updated', 'updated']);
		const districtsOf = (email) =>
			env.sandbox.rcams.api.snapshot().users.find((user) => user.email === email).districts;
		expect(districtsOf('p1@school.edu')).toEqual([1, 3]);
		expect(districtsOf('p2@school.edu')).toEqual([2]);
		env.sandbox.rcams.requests.length = 0;
		const again = await env.engine.run(v2('rcams', assign, grants));
		expect(again.json('Node').map((item) => item.action)).toEqual(['unchanged', 'unchanged']);
		expect(env.sandbox.rcams.requests.filter((r) => r.path.includes('userdistrict'))).toEqual([]);

		const bad = await env.engine.run(
			v2('rcams', assign, [{ userToken: 'nope', districts: '1' }], { continueOnFail: true }),
		);
		expect(bad.json('Node')[0].error).toMatch(/^Invalid input on item 0: "User Token" must be an RCAMS user token/);
	});

	test('RCAMS Assign Districts Map Automatically: the roster row itself (email, districts) grants, with no token and no expression', async () => {
		const sync = { resource: 'user', operation: 'createOrUpdate', matchOn: 'email', fields: AUTO };
		const people = [row(1, { districts: '1,3' }), row(2, { districts: '2' })];
		await env.engine.run(v2('rcams', sync, people));
		const assign = { resource: 'user', operation: 'assignDistricts', fields: AUTO };
		const first = await env.engine.run(v2('rcams', assign, people));
		expect(first.status).toBe('success');
		const tokenOf = (email) =>
			env.sandbox.rcams.api.snapshot().users.find((user) => user.email === email).token;
		expect(first.json('Node')).toEqual([
			{
				action: 'updated',
				userToken: tokenOf('p1@school.edu'),
				email: 'p1@school.edu',
				changes: [{ field: 'districts', to: [1, 3] }],
			},
			{
				action: 'updated',
				userToken: tokenOf('p2@school.edu'),
				email: 'p2@school.edu',
				changes: [{ field: 'districts', to: [2] }],
			},
		]);
		const districtsOf = (email) =>
			env.sandbox.rcams.api.snapshot().users.find((user) => user.email === email).districts;
		expect(districtsOf('p1@school.edu')).toEqual([1, 3]);
		expect(districtsOf('p2@school.edu')).toEqual([2]);

		const { fields } = await env.engine.resourceMapping(`${PACKAGE}.rcams`, 'getGrantFields');
		expect(fields.map((field) => [field.id, field.displayName, field.required])).toEqual([
			['userToken', 'User Token', false],
			['email', 'Email', false],
			['districts', 'District IDs', true],
		]);
	});

	test('Map Each Field Manually takes values and expressions, as version 1 did', async () => {
		const parameters = {
			resource: 'profile',
			operation: 'createOrUpdate',
			fields: manual({
				uniqueId: '={{ $json.unique_id }}',
				loginSource: 'SAML',
				firstName: '={{ $json["First Name"] }}',
				lastName: '={{ $json.lastName }}',
				email: '={{ $json.email }}',
				studentNo: null,
			}),
		};
		const run = await env.engine.run(v2('opscom', parameters, [row(5)]));
		expect(run.status).toBe('success');
		expect(env.sandbox.opscom.requests[0].json).toMatchObject({
			unique_id: 'S5',
			login_source: 'SAML',
			first_name: 'First5',
		});
		expect(env.sandbox.opscom.requests[0].json).not.toHaveProperty('student_no');
		expect(env.sandbox.opscom.requests[0].json).not.toHaveProperty('user_name');
	});

	test('the resource mapper lists every field, the required ones shown, dropdowns loaded from the vendor', async () => {
		const { fields } = await env.engine.resourceMapping(`${PACKAGE}.ivsValt`, 'getUserFields');
		expect(fields.find((field) => field.id === 'userName')).toMatchObject({
			displayName: 'User Name',
			required: true,
			type: 'string',
		});
		expect(fields.find((field) => field.id === 'password')).toMatchObject({ required: false, removed: true });
		const group = fields.find((field) => field.id === 'userGroup');
		expect(group.type).toBe('options');
		expect(group.options.length).toBeGreaterThan(0);
		const opscom = await env.engine.resourceMapping(`${PACKAGE}.opscom`, 'getProfileFields');
		expect(opscom.fields.find((field) => field.id === 'loginSource')).toMatchObject({
			required: true,
			defaultValue: 'OPSCOM',
		});
	});

	test('version 1 workflows keep their field parameters; version 2 shows the mapper instead', () => {
		const { description } = require('../../engine').loaded.nodes[`${PACKAGE}.opscom`];
		expect(description.version).toEqual([1, 2]);
		const byName = (name) => description.properties.filter((property) => property.name === name);
		expect(byName('uniqueId')[0].displayOptions.show['@version']).toEqual([1]);
		expect(byName('fields')[0].type).toBe('resourceMapper');
	});
});
