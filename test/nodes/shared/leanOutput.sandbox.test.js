/**
 * Issue 20, item 2: a version 2 node's writes output what an admin needs (action, the person's
 * key as given, the vendor's id, changes), not every field sent, unless Output Full Record is on;
 * version 1 nodes keep the full output saved workflows were built on. A failed item of a version
 * 2 sync says `action: "failed"` and whom it is about.
 */
const { useSandbox } = require('../../helpers');
const { loaded, PACKAGE } = require('../../engine');
const { pushWorkflow, person: opscomPerson } = require('../Opscom/opscom.fixtures');
const {
	JACOB,
	NOEL,
	person: rcamsPerson,
	personFields,
	rcamsWorkflow,
	userRef,
} = require('../Rcams/rcams.fixtures');
const { valtWorkflow, person: valtPerson } = require('../IvsValt/valt.fixtures');

const env = useSandbox();

const rcamsUpsert = (people, extra = {}, settings = {}) =>
	rcamsWorkflow(
		{ resource: 'user', operation: 'createOrUpdate', ...personFields, ...extra },
		{ items: people, ...settings },
	);

const valtUpsert = {
	resource: 'user',
	operation: 'createOrUpdate',
	userName: '={{ $json.name }}',
	password: '={{ $json.password }}',
	additionalFields: { displayName: '={{ $json.display }}' },
};

describe('version 2: lean output by default', () => {
	test('OPSCOM Create or Update outputs action, Unique ID, the vendor id and changes only', async () => {
		const first = await env.engine.run(pushWorkflow([opscomPerson(1)], {}, { typeVersion: 2 }));
		expect(first.json('Node')).toEqual([
			{ action: 'created', uniqueId: 'S00001', reference_id: 41 },
		]);

		const second = await env.engine.run(
			pushWorkflow(
				[opscomPerson(1, { last: 'Married-Name' }), opscomPerson(2)],
				{},
				{ typeVersion: 2 },
			),
		);
		expect(second.json('Node')).toEqual([
			{
				action: 'updated',
				uniqueId: 'S00001',
				reference_id: 41,
				changes: [{ field: 'lastName', to: 'Married-Name' }],
			},
			{ action: 'created', uniqueId: 'S00002', reference_id: 42 },
		]);
		// Lean is the output only: every field still goes to OPSCOM.
		expect(env.sandbox.opscom.api.snapshot().profiles[0]).toMatchObject({
			last_name: 'Married-Name',
			email: 'student1@school.edu',
		});
	});

	test('a preview says so, and names the person', async () => {
		const run = await env.engine.run(
			pushWorkflow([opscomPerson(3)], {}, { typeVersion: 2, options: { preview: true } }),
		);
		expect(run.json('Node')).toEqual([{ action: 'created', uniqueId: 'S00003', preview: true }]);
	});

	test('Output Full Record on: every field sent, as on version 1', async () => {
		const run = await env.engine.run(
			pushWorkflow([opscomPerson(1)], {}, { typeVersion: 2, options: { fullRecord: true } }),
		);
		expect(run.json('Node')).toEqual([
			{
				action: 'created',
				reference_id: 41,
				unique_id: 'S00001',
				login_source: 'OPSCOM',
				first_name: 'First1',
				last_name: 'Last1',
				email: 'student1@school.edu',
			},
		]);
	});

	test('RCAMS Create or Update: the Match On field as given and the user token', async () => {
		const people = [
			rcamsPerson(1, { first: 'Jake', last: 'Mata', email: 'JACOB.MATA@rcams.example' }),
		];
		const byEmail = await env.engine.run(
			rcamsUpsert(people, { matchOn: 'email' }, { typeVersion: 2 }),
		);
		expect(byEmail.json('Node')).toEqual([
			{
				action: 'updated',
				email: 'JACOB.MATA@rcams.example',
				userToken: JACOB,
				changes: [{ field: 'fullName', from: 'Jacob Mata', to: 'Jake Mata' }],
			},
		]);

		const byLogin = await env.engine.run(
			rcamsUpsert(
				[
					rcamsPerson(1, {
						first: 'Noel',
						last: 'V',
						login: 'NOEL.VANEGAS',
						email: 'noel.vanegas@rcams.example',
					}),
				],
				{ matchOn: 'userName' },
				{ typeVersion: 2 },
			),
		);
		expect(byLogin.json('Node')).toEqual([
			expect.objectContaining({ action: 'updated', userName: 'NOEL.VANEGAS', userToken: NOEL }),
		]);
		expect(Object.keys(byLogin.json('Node')[0]).sort()).toEqual([
			'action',
			'changes',
			'userName',
			'userToken',
		]);

		const created = await env.engine.run(
			rcamsUpsert([rcamsPerson(7)], { matchOn: 'email' }, { typeVersion: 2 }),
		);
		const [output] = created.json('Node');
		expect(Object.keys(output).sort()).toEqual(['action', 'email', 'userToken']);
		expect(output).toMatchObject({ action: 'created', email: 'user7@school.edu' });
		expect(output.userToken).toMatch(/^[0-9a-f]{64}$/);
	});

	test('IVS VALT Create or Update: the user name and the VALT id', async () => {
		const run = await env.engine.run(
			valtWorkflow(valtUpsert, [valtPerson(1, { display: 'One' })], { typeVersion: 2 }),
		);
		expect(run.json('Node')).toEqual([{ action: 'created', userName: 'jdoe1', id: 48 }]);
		const again = await env.engine.run(
			valtWorkflow(valtUpsert, [valtPerson(1, { display: 'One' })], { typeVersion: 2 }),
		);
		expect(again.json('Node')).toEqual([{ action: 'unchanged', userName: 'jdoe1', id: 48 }]);
	});

	test('RCAMS Assign Districts: the user token and what changed, not every district', async () => {
		const run = await env.engine.run(
			rcamsWorkflow(
				{
					resource: 'user',
					operation: 'assignDistricts',
					user: userRef(NOEL),
					districts: [1, 2, 4],
				},
				{ typeVersion: 2 },
			),
		);
		expect(run.json('Node')).toEqual([
			{ action: 'updated', userToken: NOEL, changes: [{ field: 'districts', to: [2, 4] }] },
		]);
	});

	test('a failed item says action "failed" and whom it is about; the error output gets the error alone', async () => {
		const people = [
			rcamsPerson(1, { email: 'jacob.mata@rcams.example' }),
			rcamsPerson(2, { login: '' }),
		];
		const regular = await env.engine.run(
			rcamsUpsert(people, { matchOn: 'userName' }, { typeVersion: 2, continueOnFail: true }),
		);
		expect(regular.json('Node')).toEqual([
			{
				action: 'failed',
				userName: 'user.1',
				error: 'RCAMS: Email already exists',
				details: expect.any(String),
			},
			// Refused before it was read: whom it is about is not known.
			{
				action: 'failed',
				error: 'Invalid input on item 1: "User Name" is required',
				details: expect.any(String),
			},
		]);

		const routed = await env.engine.run(
			rcamsUpsert(people, { matchOn: 'userName' }, { typeVersion: 2, errorOutput: true }),
		);
		expect(routed.json('Node', 0)).toEqual([]);
		const errors = routed.json('Node', 1);
		expect(errors).toHaveLength(2);
		// n8n routes only error items to the error output, with the input item's fields.
		expect(errors[0]).toMatchObject({ error: 'RCAMS: Email already exists', login: 'user.1' });
		expect(errors[0].action).toBeUndefined();
	});
});

describe('version 1: the full output of saved workflows', () => {
	test('without the option, every field sent; with it off, lean', async () => {
		const full = await env.engine.run(pushWorkflow([opscomPerson(1)]));
		expect(full.json('Node')[0]).toMatchObject({
			action: 'created',
			unique_id: 'S00001',
			email: 'student1@school.edu',
		});
		const lean = await env.engine.run(
			pushWorkflow([opscomPerson(1, { last: 'Other' })], {}, { options: { fullRecord: false } }),
		);
		expect(lean.json('Node')).toEqual([
			{
				action: 'updated',
				uniqueId: 'S00001',
				reference_id: 41,
				changes: [{ field: 'lastName', to: 'Other' }],
			},
		]);
	});

	test('a failed item is the error alone', async () => {
		const run = await env.engine.run(
			rcamsUpsert(
				[rcamsPerson(1, { email: 'jacob.mata@rcams.example' })],
				{ matchOn: 'userName' },
				{ continueOnFail: true },
			),
		);
		expect(run.json('Node')).toEqual([
			{ error: 'RCAMS: Email already exists', details: expect.any(String) },
		]);
	});
});

test('the option is offered for writes and syncs, not reads, deletes or removals', () => {
	const shownFor = (type) =>
		loaded.nodes[`${PACKAGE}.${type}`].description.properties
			.find((property) => property.name === 'options')
			.options.find((option) => option.name === 'fullRecord').displayOptions.show['/operation'];
	expect(shownFor('opscom')).toEqual(['create', 'createOrUpdate']);
	expect(shownFor('ivsValt')).toEqual(['create', 'createOrUpdate', 'update']);
	expect(shownFor('rcams')).toEqual(['assignDistricts', 'create', 'createOrUpdate', 'update']);
});
