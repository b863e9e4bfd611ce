/**
 * The OneRoster example (examples/oneroster-nightly-sync.json) against the sandbox: the nightly
 * sync of the sample users.csv, its leavers, and the form that syncs one person now.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { useSandbox } = require('./helpers');
const { pointAtOneRoster, readOneRoster, writeOneRoster } = require('../scripts/roster');

const env = useSandbox();
const FORM = 'Sync One Person Now';
const example = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', 'examples', 'oneroster-nightly-sync.json'), 'utf8'),
);
/** The sample export: a byte order mark, `users.` headers, and the edge cases named below. */
const sample = readOneRoster();
const byId = (id) => sample.find((user) => user.sourcedId === id);
/** A student the SIS adds today. */
const amelie = {
	...byId('S1001'),
	sourcedId: 'S1008',
	identifier: '1008',
	username: 'amelie.cote',
	givenName: 'Amélie',
	familyName: 'Côté',
	email: 'amelie.cote@school.edu',
	password: 'Welcome-1008!',
};

/** The example reading `users` as tonight's users.csv; credentials are the engine's. */
function oneRoster(users = sample, change = (workflow) => workflow) {
	const file = writeOneRoster(
		path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oneroster-')), 'users.csv'),
		users,
	);
	const workflow = {
		...example,
		nodes: example.nodes.map(({ credentials, ...node }) => node),
	};
	return change(pointAtOneRoster(workflow, file));
}

/** The example with Remove RCAMS Leavers' parameters changed. */
const leaverSettings = (parameters) => (workflow) => ({
	...workflow,
	nodes: workflow.nodes.map((node) =>
		node.name === 'Remove RCAMS Leavers'
			? { ...node, parameters: { ...node.parameters, ...parameters } }
			: node,
	),
});

/** An admin submits the form with this ID or email. */
const submit = (workflow, idOrEmail) =>
	env.engine.run(workflow, {
		trigger: FORM,
		triggerJson: {
			'ID or Email': idOrEmail,
			submittedAt: '2026-12-01T10:00:00',
			formMode: 'production',
		},
	});

const summary = (run) =>
	run
		.json('Run Summary')
		.map((row) => `${row.vendor} ${row.action} ${row.count}`)
		.sort();

/** Each vendor node of the example, and the person's key its (lean, version 2) output carries. */
const VENDOR_NODES = [
	['OPSCOM', 'Push to OPSCOM', 'uniqueId'],
	['IVS VALT', 'Create or Update VALT User', 'userName'],
	['RCAMS', 'Create or Update RCAMS User', 'email'],
];
/** A node's output items, or none if it did not run. */
const output = (run, node) => (run.runData[node] ? run.json(node) : []);

/**
 * What each system did for one person in a run, e.g. { OPSCOM: 'created', … }: the vendor nodes'
 * results, found by the key each outputs, and the person's failures.
 */
function actionsFor(run, id) {
	const person = output(run, 'People to Sync').find((row) => row.uniqueId === id);
	const done = VENDOR_NODES.flatMap(([vendor, node, key]) => {
		const result = person && output(run, node).find((row) => row[key] === person[key]);
		return result ? [[vendor, result.action]] : [];
	});
	const failed = output(run, 'Failures to Review')
		.filter((failure) => failure.person === id)
		.map((failure) => [failure.vendor, failure.action]);
	return Object.fromEntries([...done, ...failed]);
}

/** Every request that changed (or tried to change) something, as "VENDOR who". */
function writes({ opscom, valt, rcams }) {
	const valtName = (id) => valt.api.snapshot().users.find((u) => String(u.id) === id)?.name;
	const rcamsEmail = (token) => rcams.api.snapshot().users.find((u) => u.token === token)?.email;
	return [
		...opscom.requests
			.filter((r) => r.path.endsWith('/push'))
			.map((r) => `OPSCOM ${r.json?.unique_id}`),
		...valt.requests
			.filter((r) => r.method === 'POST' && !r.path.endsWith('/login'))
			.map((r) => `VALT ${r.json?.name ?? valtName(r.path.split('/')[4])}`),
		...rcams.requests
			.filter((r) => !['list', 'get'].includes(r.json?.action))
			.map((r) => `RCAMS ${r.json?.action} ${r.json?.email ?? rcamsEmail(r.json?.usr_tokenid)}`),
	].sort();
}
const forgetRequests = (sandbox) => {
	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].requests.length = 0;
};

test('the sample users.csv is synced; bad rows are refused naming the OneRoster column', async () => {
	const run = await env.engine.run(oneRoster());
	expect(run.status).toBe('success');
	expect(summary(run)).toEqual([
		'IVS VALT created 6',
		'OPSCOM created 5',
		'OPSCOM failed 1',
		'OneRoster failed 2',
		'RCAMS created 5',
		'RCAMS failed 1',
		'RCAMS removals failed 2',
	]);

	const refused = run
		.json('Failures to Review')
		.map(({ vendor, person, column }) => `${vendor} ${person} ${column}`);
	expect(refused).toEqual([
		// Noah Kim has no email: OPSCOM and RCAMS need one, and Remove Leavers cannot read the roster.
		'OPSCOM S1004 email',
		'RCAMS S1004 email',
		'RCAMS removals the roster email',
		'RCAMS removals the roster email',
		// Mia and Marco Rossi share the username m.rossi: neither is sent anywhere.
		'OneRoster S1005 username',
		'OneRoster S1006 username',
	]);
	expect(run.json('Remove RCAMS Leavers').map((item) => item.error)).toContain(
		'Nothing was removed: 1 roster item has no valid "Email"',
	);

	// Apostrophes and accents arrive as written; role picks the OPSCOM user type and VALT group.
	const opscom = env.sandbox.opscom.api.snapshot().profiles;
	expect(opscom.map((p) => p.unique_id).sort()).toEqual([
		'A3001',
		'S1001',
		'S1002',
		'S1003',
		'T2001',
	]);
	const profile = (id) => opscom.find((p) => p.unique_id === id);
	expect(profile('S1002')).toMatchObject({ last_name: "O'Brien", user_type_id: '1' });
	expect(profile('S1003')).toMatchObject({ first_name: 'Zoë', last_name: 'Fernández-Müller' });
	expect(profile('T2001')).toMatchObject({ first_name: 'Chloé', user_type_id: '3' });
	expect(profile('A3001')).toMatchObject({ user_type_id: '6' });
	const valt = env.sandbox.valt.api.snapshot().users;
	const valtUser = (name) => valt.find((u) => u.name === name);
	expect(valtUser('chloe.darcy')).toMatchObject({ display_name: "Chloé D'Arcy", user_group: 3 });
	expect(valtUser('ava.nguyen')).toMatchObject({ user_group: 2 });
	// VALT needs no email, so Noah is there; nobody who left, no parent, no duplicate.
	expect(valtUser('noah.kim')).toBeDefined();
	for (const absent of ['m.rossi', 'ethan.brown', 'grace.lee', 'olivia.nguyen']) {
		expect(valtUser(absent)).toBeUndefined();
	}
	const rcams = env.sandbox.rcams.api.snapshot().users.map((u) => u.email);
	expect(rcams).toEqual(expect.arrayContaining(['zoe.fernandez@school.edu']));
	expect(rcams).not.toEqual(expect.arrayContaining(['grace.lee@school.edu']));
});

test('runs on version 2: the vendor nodes map columns automatically; nothing is counted or joined per item', () => {
	const vendorNodes = example.nodes.filter((node) =>
		node.type.startsWith('n8n-nodes-campus-safety.'),
	);
	expect(
		vendorNodes.map(
			(node) => `${node.name} v${node.typeVersion} ${node.parameters.fields?.mappingMode}`,
		),
	).toEqual([
		'Push to OPSCOM v2 autoMapInputData',
		'Create or Update VALT User v2 autoMapInputData',
		'Create or Update RCAMS User v2 autoMapInputData',
		'Remove RCAMS Leavers v2 autoMapInputData',
	]);
	// No expression per field per person in a vendor node: OneRoster Columns names the columns once.
	expect(vendorNodes.filter((node) => JSON.stringify(node.parameters).includes('{{'))).toEqual([]);
	// n8n's Summarize copies its group per item, and a Merge by matching field is slow at scale.
	const slow = example.nodes.filter(
		(node) =>
			node.type === 'n8n-nodes-base.summarize' ||
			(node.type === 'n8n-nodes-base.merge' && node.parameters.mode === 'combine'),
	);
	expect(slow.map((node) => node.name)).toEqual([]);
});

test('a username shared by enrolled rows, whatever its case or spaces, is refused for every one of them', async () => {
	const maria = {
		...byId('S1005'),
		sourcedId: 'S1009',
		identifier: '1009',
		username: ' M.Rossi ',
		givenName: 'Maria',
		email: 'maria.rossi@school.edu',
	};
	// Ethan left: his username may come back on an enrolled row without refusing anyone.
	const ethanAgain = {
		...byId('S1001'),
		sourcedId: 'S1010',
		identifier: '1010',
		username: 'ethan.brown',
		givenName: 'Ethan',
		familyName: 'Brownlee',
		email: 'ethan.brownlee@school.edu',
	};
	const run = await env.engine.run(oneRoster([...sample, maria, ethanAgain]));
	expect(run.status).toBe('success');
	const refused = run.json('Failures to Review').filter((f) => f.vendor === 'OneRoster');
	expect(refused.map((f) => `${f.person} ${f.column}`)).toEqual([
		'S1005 username',
		'S1006 username',
		'S1009 username',
	]);
	expect(refused[2].error).toBe(
		'Duplicate "username": 3 enrolled rows of the export have the username  M.Rossi , so none of them was sent to any system. Give each person their own username in the SIS.',
	);
	expect(summary(run)).toContain('OneRoster failed 3');
	// Not one of them reached any system; the others did.
	const sent = writes(env.sandbox).join('\n');
	for (const absent of ['S1005', 'S1006', 'S1009', 'rossi']) expect(sent).not.toContain(absent);
	expect(actionsFor(run, 'S1010')).toEqual({
		OPSCOM: 'created',
		'IVS VALT': 'created',
		RCAMS: 'created',
	});
});

test('a night RCAMS is down: OPSCOM and VALT sync, and every RCAMS failure reaches Failures to Review and the summary', async () => {
	env.sandbox.rcams.faults.configure({ failAfter: 0 });
	const run = await env.engine.run(oneRoster());
	expect(run.status).toBe('success');
	expect(summary(run)).toEqual([
		'IVS VALT created 6',
		'OPSCOM created 5',
		'OPSCOM failed 1',
		'OneRoster failed 2',
		'RCAMS failed 6',
		'RCAMS removals failed 2',
	]);
	const rcams = run.json('Failures to Review').filter((f) => f.vendor === 'RCAMS');
	expect(rcams.map((f) => f.person).sort()).toEqual([
		'A3001',
		'S1001',
		'S1002',
		'S1003',
		'S1004',
		'T2001',
	]);
	expect(rcams.every((f) => f.error)).toBe(true);
});

test('enabledUser false and status tobedeleted are leavers: removed from RCAMS through the guard', async () => {
	// Last week everyone was enrolled, and Noah Kim's email was fixed in the SIS.
	const fixed = sample.map((user) =>
		user.sourcedId === 'S1004' ? { ...user, email: 'noah.kim@school.edu' } : user,
	);
	const lastWeek = fixed.map((user) => ({ ...user, enabledUser: 'true', status: '' }));
	expect((await env.engine.run(oneRoster(lastWeek))).status).toBe('success');
	const rcamsEmails = () => env.sandbox.rcams.api.snapshot().users.map((u) => u.email);
	expect(rcamsEmails()).toEqual(
		expect.arrayContaining(['ethan.brown@school.edu', 'grace.lee@school.edu']),
	);

	// Tonight Ethan is disabled and Grace tobedeleted: 2 of the 8 RCAMS users this sync manages.
	const guarded = await env.engine.run(oneRoster(fixed));
	expect(guarded.json('Failures to Review').map((f) => f.error)).toContain(
		'Nothing was removed: this run would remove 2 of the 8 RCAMS users this sync manages (25.0%), above the limit of 10 per run and 5%',
	);
	// Leavers are not synced any more, and stay in RCAMS until the guard lets them go.
	expect(actionsFor(guarded, 'S1007')).toEqual({});
	expect(rcamsEmails()).toEqual(expect.arrayContaining(['ethan.brown@school.edu']));

	const preview = await env.engine.run(oneRoster(fixed, leaverSettings({ maxShare: 25 })));
	expect(
		preview
			.json('Remove RCAMS Leavers')
			.map((r) => `${r.email} ${r.preview}`)
			.sort(),
	).toEqual(['ethan.brown@school.edu true', 'grace.lee@school.edu true']);
	expect(rcamsEmails()).toEqual(expect.arrayContaining(['grace.lee@school.edu']));

	const removed = await env.engine.run(
		oneRoster(fixed, leaverSettings({ maxShare: 25, options: {} })),
	);
	expect(summary(removed)).toContain('RCAMS removals removed 2');
	expect(rcamsEmails()).not.toEqual(expect.arrayContaining(['ethan.brown@school.edu']));
	expect(rcamsEmails()).not.toEqual(expect.arrayContaining(['grace.lee@school.edu']));
	expect(rcamsEmails()).toEqual(expect.arrayContaining(['noah.kim@school.edu']));
});

test('the form syncs one person now, says what each system did, and the next night sends nothing for them', async () => {
	await env.engine.run(oneRoster());

	// Today the SIS adds Amélie, Liam's family name changes, and so does Ava's given name.
	const today = [
		...sample.map((user) => {
			if (user.sourcedId === 'S1002') return { ...user, familyName: "O'Brien-Walsh" };
			if (user.sourcedId === 'S1001') return { ...user, givenName: 'Ava-Marie' };
			return user;
		}),
		amelie,
	];
	const workflow = oneRoster(today);

	forgetRequests(env.sandbox);
	const created = await submit(workflow, '1008');
	expect(created.status).toBe('success');
	expect(created.json('Answer the Form')).toEqual([
		{
			message: [
				'OPSCOM (S1008): created',
				'IVS VALT (S1008): created',
				'RCAMS (S1008): created',
			].join('\n'),
		},
	]);
	// Amélie alone: not Liam or Ava, who changed too, and no leaver removal.
	expect(writes(env.sandbox)).toEqual([
		'OPSCOM S1008',
		'RCAMS insert amelie.cote@school.edu',
		'VALT amelie.cote',
	]);
	expect(created.runData['Remove RCAMS Leavers']).toBeUndefined();

	forgetRequests(env.sandbox);
	const updated = await submit(workflow, ' Liam.OBrien@School.edu ');
	const answer = updated.json('Answer the Form')[0].message.split('\n');
	expect(answer).toEqual([
		// OPSCOM cannot be read: it says what was sent, not what it held.
		'OPSCOM (S1002): updated – lastName: "O\'Brien-Walsh"',
		'IVS VALT (S1002): updated – displayName: "Liam O\'Brien" → "Liam O\'Brien-Walsh"',
		'RCAMS (S1002): updated – fullName: "Liam O\'Brien" → "Liam O\'Brien-Walsh"',
	]);
	expect(writes(env.sandbox)).toHaveLength(3);

	// The next night: Ava's change goes out; Amélie and Liam are unchanged everywhere.
	forgetRequests(env.sandbox);
	const night = await env.engine.run(workflow);
	expect(night.status).toBe('success');
	for (const id of ['S1008', 'S1002']) {
		expect(actionsFor(night, id)).toEqual({
			OPSCOM: 'unchanged',
			'IVS VALT': 'unchanged',
			RCAMS: 'unchanged',
		});
	}
	expect(actionsFor(night, 'S1001')).toEqual({
		OPSCOM: 'updated',
		'IVS VALT': 'updated',
		RCAMS: 'updated',
	});
	// Noah's push is the one OPSCOM refuses every night (no email).
	expect(writes(env.sandbox)).toEqual([
		'OPSCOM S1001',
		'OPSCOM S1004',
		'RCAMS update ava.nguyen@school.edu',
		'VALT ava.nguyen',
	]);
});

test('the form answers without sending anything for someone not enrolled tonight', async () => {
	await env.engine.run(oneRoster());
	forgetRequests(env.sandbox);
	for (const who of ['grace.lee', 'S1007', 'P4001', 'nobody@school.edu']) {
		const run = await submit(oneRoster(), who);
		expect(run.status).toBe('success');
		expect(run.json('Answer the Form')).toEqual([
			{
				message: `Nobody enrolled in tonight's export has the ID, username or email "${who}" (leavers and roles this sync does not provision are left out). Nothing was sent.`,
			},
		]);
	}
	expect(writes(env.sandbox)).toEqual([]);

	// Someone whose username another enrolled row shares is refused, as at night.
	const rossi = await submit(oneRoster(), 'mia.rossi@school.edu');
	expect(rossi.json('Answer the Form')[0].message).toMatch(
		/^OneRoster \(S1005\): failed – Duplicate "username": 2 enrolled rows/,
	);
	expect(writes(env.sandbox)).toEqual([]);
});

test('the form names what a system refused, beside what the others did', async () => {
	// Noah Kim has no email: VALT creates him, OPSCOM and RCAMS refuse him.
	const run = await submit(oneRoster(), 'noah.kim');
	expect(run.status).toBe('success');
	expect(run.json('Answer the Form')[0].message.split('\n')).toEqual([
		'OPSCOM (S1004): failed – OPSCOM error 9016: Email is required for a new OPSCOM user',
		'IVS VALT (S1004): created',
		'RCAMS (S1004): failed – Invalid input on item 0: "Email" is required',
	]);
});

test('someone who changes again after the form is sent again the next night', async () => {
	await env.engine.run(oneRoster());
	const liam = (familyName) =>
		sample.map((user) => (user.sourcedId === 'S1002' ? { ...user, familyName } : user));
	await submit(oneRoster(liam("O'Brien-Walsh")), 'S1002');

	// The SIS corrects the name again in the afternoon; the form is not used this time.
	forgetRequests(env.sandbox);
	const night = await env.engine.run(oneRoster(liam('Walsh')));
	expect(actionsFor(night, 'S1002')).toEqual({
		OPSCOM: 'updated',
		'IVS VALT': 'updated',
		RCAMS: 'updated',
	});
	expect(writes(env.sandbox)).toEqual([
		'OPSCOM S1002',
		'OPSCOM S1004',
		'RCAMS update liam.obrien@school.edu',
		'VALT liam.obrien',
	]);
});

test('why the form is in the nightly workflow: from another workflow, OPSCOM gets the person again', async () => {
	const nightly = oneRoster([...sample, amelie]);
	await env.engine.run(oneRoster());
	// The same nodes in a workflow of their own (another id): what they remember is their own.
	await submit({ ...nightly, id: 'separate-on-demand-workflow' }, 'S1008');

	forgetRequests(env.sandbox);
	const night = await env.engine.run(nightly);
	// VALT and RCAMS are read back and match her; OPSCOM cannot be, so it is pushed again.
	expect(actionsFor(night, 'S1008')).toEqual({
		OPSCOM: 'created',
		'IVS VALT': 'unchanged',
		RCAMS: 'unchanged',
	});
	expect(writes(env.sandbox)).toEqual(['OPSCOM S1004', 'OPSCOM S1008']);
});

/**
 * OneRoster 1.2 as the README describes it: users.csv without `role`, roles.csv beside it, its
 * primary roles joined in before OneRoster Columns (preferring the users.csv value on a clash:
 * both files have sourcedId and status).
 */
function withRolesCsv(workflow, rolesFile) {
	const node = (name, type, typeVersion, parameters, extra = {}) => ({
		id: name,
		name,
		type: `n8n-nodes-base.${type}`,
		typeVersion,
		position: [0, 0],
		parameters,
		...extra,
	});
	const main = (...targets) => ({
		main: [targets.map(([name, index = 0]) => ({ node: name, type: 'main', index }))],
	});
	return {
		...workflow,
		nodes: [
			...workflow.nodes,
			node(
				'Read roles.csv',
				'readWriteFile',
				1,
				{ fileSelector: rolesFile, options: {} },
				{
					executeOnce: true,
				},
			),
			node('Parse roles.csv', 'extractFromFile', 1, {
				operation: 'csv',
				options: { enableBOM: true, includeEmptyCells: true },
			}),
			node('Primary Roles', 'filter', 2.2, {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [
						{
							id: 'primary',
							leftValue: '={{ $json.roleType }}',
							rightValue: 'primary',
							operator: { type: 'string', operation: 'equals' },
						},
					],
					combinator: 'and',
				},
				options: {},
			}),
			node('Add Role', 'merge', 3.2, {
				mode: 'combine',
				advanced: true,
				mergeByFields: { values: [{ field1: 'sourcedId', field2: 'userSourcedId' }] },
				joinMode: 'enrichInput1',
				options: { clashHandling: { values: { resolveClash: 'preferInput1' } } },
			}),
		],
		connections: {
			...workflow.connections,
			'Drop Header Prefix': main(['Add Role'], ['Read roles.csv']),
			'Read roles.csv': main(['Parse roles.csv']),
			'Parse roles.csv': main(['Primary Roles']),
			'Primary Roles': main(['Add Role', 1]),
			'Add Role': main(['OneRoster Columns']),
		},
	};
}

test('OneRoster 1.2: roles come from roles.csv, primary role only', async () => {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'oneroster-1.2-'));
	const rolesFile = path.join(folder, 'roles.csv');
	const roles = sample.flatMap((user, i) => [
		`R${i},,,${user.sourcedId},primary,${user.role},,,SCH1,`,
		// Chloé also helps in another school: a secondary role, which must not pick her type.
		...(user.sourcedId === 'T2001' ? [`R${i}b,,,T2001,secondary,aide,,,SCH2,`] : []),
	]);
	fs.writeFileSync(
		rolesFile,
		`sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n${roles.join('\n')}\n`,
	);
	const withoutRole = sample.map(({ role, ...user }) => user);
	const run = await env.engine.run(withRolesCsv(oneRoster(withoutRole), rolesFile));
	expect(run.status).toBe('success');
	// The same as from the 1.1 sample: same people synced, same rows refused.
	expect(summary(run)).toEqual([
		'IVS VALT created 6',
		'OPSCOM created 5',
		'OPSCOM failed 1',
		'OneRoster failed 2',
		'RCAMS created 5',
		'RCAMS failed 1',
		'RCAMS removals failed 2',
	]);
	const opscom = env.sandbox.opscom.api.snapshot().profiles;
	expect(opscom.find((p) => p.unique_id === 'T2001')).toMatchObject({ user_type_id: '3' });
	expect(opscom.find((p) => p.unique_id === 'A3001')).toMatchObject({ user_type_id: '6' });
	expect(opscom.map((p) => p.unique_id)).not.toContain('P4001');
});

test('a missing users.csv fails the night and the form, rather than ending quietly', async () => {
	const missing = pointAtOneRoster(
		oneRoster(),
		path.join(os.tmpdir(), 'no-such-folder', 'users.csv'),
	);
	const night = await env.engine.run(missing);
	expect(night.status).toBe('error');
	expect(night.nodeError('Read OneRoster users.csv').message).toBe('No file(s) found');
	const form = await submit(missing, 'S1001');
	expect(form.status).toBe('error');
	expect(form.nodeError("Read Tonight's users.csv").message).toBe('No file(s) found');
});
