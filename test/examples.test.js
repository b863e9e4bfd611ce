/** The example workflows in examples/ run green against the sandbox, through the test engine. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { useSandbox } = require('./helpers');
const { pointAtRoster, readRoster, writeRoster } = require('../scripts/roster');

const env = useSandbox();
const example = (file) =>
	JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', file), 'utf8'));
const people = readRoster();

/** Credentials in example files carry no ids: the engine attaches the sandbox ones. */
const withoutCredentials = (workflow) => ({
	...workflow,
	nodes: workflow.nodes.map(({ credentials, ...node }) => node),
});

/** The nightly example reading `roster` (default: the sample export) from a CSV file. */
function nightly(roster = people) {
	const file = writeRoster(
		fs.mkdtempSync(path.join(os.tmpdir(), 'roster-')) + '/roster.csv',
		roster,
	);
	return pointAtRoster(withoutCredentials(example('nightly-roster-sync.json')), file);
}

/** The run summary as "vendor action count" lines, sorted. */
const summary = (run) =>
	run
		.json('Run Summary')
		.map((row) => `${row.vendor} ${row.action} ${row.count}`)
		.sort();

/** Who a system refused: "Failures to Review" runs only on a night when someone was. */
const failures = (run) => (run.runData['Failures to Review'] ? run.json('Failures to Review') : []);

/** Every request that changes something in a vendor system. */
function writes(sandbox) {
	return [
		...sandbox.opscom.requests.filter((r) => r.path.endsWith('/push')),
		...sandbox.valt.requests.filter((r) => r.method === 'POST' && !r.path.endsWith('/login')),
		...sandbox.rcams.requests.filter((r) => !['list', 'get'].includes(r.json?.action)),
	];
}
const ADMIN = 'it-admin@campus.example';
/** The emails the example sent, as the sandbox's SMTP catcher received them. */
const mail = () =>
	env.sandbox.smtp.messages.map(({ to, subject, text }) => ({ to, subject, text: text.trim() }));
/** The approve (or keep) link of the approval email n8n's Send and Wait sent. */
const approvalLink = (message, approved) =>
	new RegExp(`href="([^"]*/webhook-waiting/[^"]*approved=${approved}[^"]*)"`).exec(
		message.text,
	)?.[1];
/** What Send and Wait for Response outputs once the admin clicked a button. */
const answer = (approved) => [
	{ json: { data: { approved, respondedAt: new Date().toISOString() } } },
];
const rcamsEmails = () => env.sandbox.rcams.api.snapshot().users.map((u) => u.email);

const forgetRequests = (sandbox) => {
	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].requests.length = 0;
};

test('the nightly roster sync reads the SIS export and provisions everyone into all three systems', async () => {
	const run = await env.engine.run(nightly());
	expect(run.status).toBe('success');
	expect(failures(run)).toEqual([]);
	expect(summary(run)).toEqual([
		'IVS VALT created 4',
		'OPSCOM created 4',
		'RCAMS created 4',
		'RCAMS districts updated 4',
	]);

	const opscom = env.sandbox.opscom.api.snapshot().profiles;
	expect(opscom.map((p) => p.unique_id).sort()).toEqual(people.map((p) => p.id).sort());
	const valt = env.sandbox.valt.api.snapshot().users;
	for (const person of people) {
		expect(valt.find((user) => user.name === person.login)).toMatchObject({
			card_number: person.card,
			display_name: `${person.first_name} ${person.last_name}`,
		});
	}
	const rcams = env.sandbox.rcams.api.snapshot().users;
	for (const person of people) {
		const user = rcams.find((u) => u.email === person.email);
		expect(user.districts.map(String).sort()).toEqual(person.rcams_districts.split(',').sort());
	}

	// The run summary reaches the admin by email (the sandbox's SMTP catcher).
	expect(mail()).toEqual([
		{
			to: ADMIN,
			subject: 'Nightly roster sync: 0 failures',
			text: expect.stringContaining('People per system and action:'),
		},
	]);
	for (const line of [
		'OPSCOM created: 4',
		'IVS VALT created: 4',
		'RCAMS created: 4',
		'RCAMS districts updated: 4',
	]) {
		expect(mail()[0].text).toContain(line);
	}
	expect(mail()[0].text).toMatch(/Failures:\n {2}none/);
});

test('run again with nothing changed, the nightly sync sends no write to any vendor', async () => {
	await env.engine.run(nightly());
	forgetRequests(env.sandbox);
	const again = await env.engine.run(nightly());
	expect(again.status).toBe('success');
	expect(writes(env.sandbox)).toEqual([]);
	expect(summary(again)).toEqual([
		'IVS VALT unchanged 4',
		'OPSCOM unchanged 4',
		'RCAMS districts unchanged 4',
		'RCAMS unchanged 4',
	]);

	// One person's card changes: one VALT edit, nothing else.
	forgetRequests(env.sandbox);
	const changed = people.map((p, i) => (i === 2 ? { ...p, card: '09999' } : p));
	const third = await env.engine.run(nightly(changed));
	expect(writes(env.sandbox).map((r) => `${r.method} ${r.path}`)).toEqual([
		'POST /api/v3/admin/users/50/edit',
	]);
	expect(summary(third)).toContain('IVS VALT updated 1');
});

test('a person a system refuses lands in "Failures to Review"; the others go on', async () => {
	const broken = people.map((p, i) => (i === 1 ? { ...p, email: 'not-an-email' } : p));
	const run = await env.engine.run(nightly(broken));
	expect(run.status).toBe('success');
	const failed = failures(run);
	// OPSCOM and RCAMS check the email (Assign Districts too: it finds the user by it); VALT has none.
	const refused = failed.filter((f) => f.vendor !== 'RCAMS removals');
	expect(refused.map((f) => f.vendor).sort()).toEqual(['OPSCOM', 'RCAMS', 'RCAMS districts']);
	expect(
		refused.every(
			(f) => f.person === 'S1002' && /"Email" is not a valid email address/.test(f.error),
		),
	).toBe(true);
	// Remove Leavers will not work from a roster it cannot fully read: it removes nobody, and says so.
	expect(failed.filter((f) => f.vendor === 'RCAMS removals').map((f) => f.error)).toEqual([
		'Invalid input on item 1: "Email" is not a valid email address (expected something like name@school.edu)',
		'Nothing was removed: 1 roster item has no valid "Email"',
	]);
	expect(summary(run)).toEqual([
		'IVS VALT created 4',
		'OPSCOM created 3',
		'OPSCOM failed 1',
		'RCAMS created 3',
		'RCAMS districts failed 1',
		'RCAMS districts updated 3',
		'RCAMS failed 1',
		'RCAMS removals failed 2',
	]);
	// The failures reach the admin with the summary.
	const [report] = mail();
	expect(report.subject).toBe('Nightly roster sync: 5 failures');
	expect(report.text).toContain('OPSCOM failed: 1');
	expect(report.text).toMatch(
		/ {2}OPSCOM, S1002: Invalid input on item 1: "Email" is not a valid email address/,
	);
	expect(report.text).toContain(
		'RCAMS removals, the roster: Nothing was removed: 1 roster item has no valid "Email"',
	);
});

test('a person RCAMS refused to create gets no districts: Assign Districts finds no user with that email, and says so', async () => {
	// Another person already holds this login in RCAMS, so the create is refused.
	const taken = people.map((p, i) => (i === 3 ? { ...p, login: 'noel.vanegas' } : p));
	const run = await env.engine.run(nightly(taken));
	expect(run.status).toBe('success');
	const person = taken[3];
	expect(failures(run).filter((f) => f.vendor.startsWith('RCAMS '))).toEqual([
		{
			vendor: 'RCAMS districts',
			action: 'failed',
			person: person.id,
			error: `No RCAMS user has the email ${person.email}`,
		},
	]);
	expect(failures(run).find((f) => f.vendor === 'RCAMS')).toMatchObject({
		person: person.id,
		error: expect.stringMatching(/Username already exists/),
	});
	expect(summary(run)).toEqual(
		expect.arrayContaining(['RCAMS created 3', 'RCAMS districts updated 3', 'RCAMS districts failed 1']),
	);
	// One read of RCAMS's user list served every person's districts: one each for Create or
	// Update, Assign Districts and Remove Leavers.
	const listReads = env.sandbox.rcams.requests.filter(
		(r) => r.path.endsWith('/user.php') && r.json?.action === 'list',
	);
	expect(listReads).toHaveLength(3);
});

test('a leaver is listed by the preview, then removed once Preview is off', async () => {
	await env.engine.run(nightly());
	const leaver = people[3];
	const stayers = people.slice(0, 3);
	env.sandbox.smtp.clear();

	// One leaver of four managed users is 25%: above the example's 5%, so the guard holds them
	// for approval. Preview is on as shipped: an approval then only lists them too.
	const preview = await env.engine.run(nightly(stayers));
	expect(preview.status).toBe('waiting');
	expect(preview.json('Remove RCAMS Leavers', 1)).toEqual([
		expect.objectContaining({ action: 'held', email: leaver.email, preview: true }),
	]);
	expect(summary(preview)).toContain('RCAMS removals held for approval 1');
	expect(mail().map((m) => m.subject)).toEqual([
		'Nightly roster sync: 0 failures',
		'RCAMS: approve removing 1 leavers?',
	]);
	const approved = await env.engine.run(nightly(stayers), {
		resume: { run: preview, items: answer(true) },
	});
	expect(approved.json('Remove Approved RCAMS Leavers')).toEqual([
		expect.objectContaining({ action: 'removed', email: leaver.email, preview: true }),
	]);
	expect(rcamsEmails()).toContain(leaver.email);

	const raised = (options) => {
		const workflow = nightly(stayers);
		const node = workflow.nodes.find((n) => n.name === 'Remove RCAMS Leavers');
		node.parameters = { ...node.parameters, maxShare: 25, options };
		return workflow;
	};
	const listed = await env.engine.run(raised({ preview: true }));
	expect(listed.json('Remove RCAMS Leavers')).toEqual([
		expect.objectContaining({ action: 'removed', email: leaver.email, preview: true }),
	]);
	expect(summary(listed)).toContain('RCAMS removals would remove 1');
	expect(rcamsEmails()).toContain(leaver.email);

	const removed = await env.engine.run(raised({}));
	expect(removed.json('Remove RCAMS Leavers')).toEqual([
		expect.objectContaining({ action: 'removed', email: leaver.email, deleted: true }),
	]);
	expect(summary(removed)).toContain('RCAMS removals removed 1');
	expect(rcamsEmails()).not.toContain(leaver.email);
});

test('leavers above the limits are held for approval; approving removes exactly them; a changed set is held again', async () => {
	/** The example with Preview switched off on Remove RCAMS Leavers, reading `roster`. */
	const live = (roster) => {
		const workflow = nightly(roster);
		const node = workflow.nodes.find((n) => n.name === 'Remove RCAMS Leavers');
		node.parameters = { ...node.parameters, options: {} };
		return workflow;
	};
	await env.engine.run(live(people));
	env.sandbox.smtp.clear();
	forgetRequests(env.sandbox);

	// Two of four leave: 50%, above 5%. Nobody is removed; the admin is asked.
	const tonight = people.slice(0, 2);
	const held = await env.engine.run(live(tonight));
	expect(held.status).toBe('waiting');
	const heldItems = held.json('Remove RCAMS Leavers', 1);
	expect(heldItems.map((item) => item.email).sort()).toEqual(
		people
			.slice(2)
			.map((p) => p.email)
			.sort(),
	);
	expect(held.json('Remove RCAMS Leavers', 0)).toEqual([]);
	expect(writes(env.sandbox)).toEqual([]);
	const [summaryMail, approvalMail] = mail();
	expect(summaryMail.text).toContain('RCAMS removals held for approval: 2');
	expect(approvalMail).toMatchObject({ to: ADMIN, subject: 'RCAMS: approve removing 2 leavers?' });
	expect(approvalMail.text).toContain(heldItems[0].heldSet.id);
	for (const item of heldItems) expect(approvalMail.text).toContain(item.email);
	expect(approvalLink(approvalMail, true)).toMatch(/approved=true&(amp;)?signature=/);

	// The admin approves: exactly the held users are removed, and the outcome is emailed.
	env.sandbox.smtp.clear();
	const approved = await env.engine.run(live(tonight), {
		resume: { run: held, items: answer(true) },
	});
	expect(approved.status).toBe('success');
	const removed = approved.json('Remove Approved RCAMS Leavers');
	expect(removed.map((item) => item.userToken).sort()).toEqual(
		heldItems.map((item) => item.userToken).sort(),
	);
	expect(removed.every((item) => item.deleted === true)).toBe(true);
	expect(
		writes(env.sandbox)
			.map((r) => r.json.usr_tokenid)
			.sort(),
	).toEqual(heldItems.map((item) => item.userToken).sort());
	expect(rcamsEmails()).toEqual(expect.arrayContaining(tonight.map((p) => p.email)));
	expect(mail()).toEqual([
		expect.objectContaining({ subject: 'RCAMS approved removals: 2 removed, 0 failed' }),
	]);

	// The next night one of the two left leaves too: 50% again, a new set, held again.
	env.sandbox.smtp.clear();
	forgetRequests(env.sandbox);
	const next = await env.engine.run(live(tonight.slice(0, 1)));
	expect(next.status).toBe('waiting');
	const nextHeld = next.json('Remove RCAMS Leavers', 1);
	expect(nextHeld.map((item) => item.email)).toEqual([tonight[1].email]);
	expect(nextHeld[0].heldSet.id).not.toBe(heldItems[0].heldSet.id);
	// "Keep them": nobody is removed.
	const kept = await env.engine.run(live(tonight.slice(0, 1)), {
		resume: { run: next, items: answer(false) },
	});
	expect(kept.status).toBe('success');
	expect(kept.runData['Remove Approved RCAMS Leavers']).toBeUndefined();
	expect(writes(env.sandbox)).toEqual([]);
	expect(rcamsEmails()).toContain(tonight[1].email);
});

test.each([
	'opscom-push-profiles.json',
	'ivs-valt-create-or-update-users.json',
	'rcams-users-and-districts.json',
])('%s runs green', async (file) => {
	const workflow = withoutCredentials(example(file));
	const roster = workflow.nodes.find((n) => n.name.startsWith('Roster'));
	const listed = JSON.parse(roster.parameters.jsonOutput).people;
	const run = await env.engine.run(workflow);
	expect(run.status).toBe('success');
	const last = workflow.nodes[workflow.nodes.length - 1].name;
	expect(run.json(last)).toHaveLength(listed.length);
	expect(run.json(last).every((json) => json.error === undefined)).toBe(true);
});

test('the small examples map the roster columns automatically: each system holds every listed value', async () => {
	const roster = (file) => {
		const workflow = withoutCredentials(example(file));
		const rows = JSON.parse(workflow.nodes.find((n) => n.name.startsWith('Roster')).parameters.jsonOutput).people;
		return { workflow, rows };
	};
	const opscom = roster('opscom-push-profiles.json');
	expect((await env.engine.run(opscom.workflow)).status).toBe('success');
	const profiles = env.sandbox.opscom.api.snapshot().profiles;
	for (const row of opscom.rows) {
		expect(profiles.find((p) => p.unique_id === row['Unique ID'])).toMatchObject({
			login_source: 'OPSCOM',
			first_name: row['First Name'],
			last_name: row['Last Name'],
			email: row.Email,
			user_name: row['User Name'],
			user_type_id: row['User Type ID'],
		});
	}

	const valt = roster('ivs-valt-create-or-update-users.json');
	expect((await env.engine.run(valt.workflow)).status).toBe('success');
	const users = env.sandbox.valt.api.snapshot().users;
	for (const row of valt.rows) {
		expect(users.find((user) => user.name === row['User Name'])).toMatchObject({
			display_name: row['Display Name'],
			card_number: row['Card Number'],
			user_group: row['User Group'],
		});
	}

	const rcams = roster('rcams-users-and-districts.json');
	expect((await env.engine.run(rcams.workflow)).status).toBe('success');
	const rcamsUsers = env.sandbox.rcams.api.snapshot().users;
	for (const row of rcams.rows) {
		expect(rcamsUsers.find((user) => user.email === row.Email)).toMatchObject({
			first_name: row['First Name'],
			last_name: row['Last Name'],
			districts: row['District IDs'].split(',').map(Number),
		});
	}
});

test('opscom-register-vehicles.json registers every vehicle in OPSCOM as listed', async () => {
	const workflow = withoutCredentials(example('opscom-register-vehicles.json'));
	const listed = JSON.parse(
		workflow.nodes.find((n) => n.name.startsWith('Vehicles')).parameters.jsonOutput,
	).vehicles;
	const run = await env.engine.run(workflow);
	expect(run.status).toBe('success');
	expect(run.json('Register in OPSCOM')).toHaveLength(listed.length);

	const stored = env.sandbox.opscom.api.snapshot().vehicles;
	expect(stored).toHaveLength(listed.length);
	for (const vehicle of listed) {
		expect(stored.find((v) => v.plate === vehicle.Plate)).toEqual({
			reference_id: expect.any(Number),
			plate: vehicle.Plate,
			plateType: vehicle['Plate Type'],
			prov: vehicle['Province/State'],
			make: vehicle.Make,
			colour: vehicle.Colour,
			year: vehicle.Year,
		});
	}
});
