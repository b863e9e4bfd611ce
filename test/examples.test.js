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
		.map((row) => `${row.vendor} ${row.action} ${row.count_person}`)
		.sort();

/** Every request that changes something in a vendor system. */
function writes(sandbox) {
	return [
		...sandbox.opscom.requests.filter((r) => r.path.endsWith('/push')),
		...sandbox.valt.requests.filter((r) => r.method === 'POST' && !r.path.endsWith('/login')),
		...sandbox.rcams.requests.filter((r) => !['list', 'get'].includes(r.json?.action)),
	];
}
const forgetRequests = (sandbox) => {
	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].requests.length = 0;
};

test('the nightly roster sync reads the SIS export and provisions everyone into all three systems', async () => {
	const run = await env.engine.run(nightly());
	expect(run.status).toBe('success');
	expect(run.json('Failures to Review')).toEqual([]);
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
	const failures = run.json('Failures to Review');
	// OPSCOM and RCAMS check the email; VALT has none.
	const refused = failures.filter((f) => f.vendor !== 'RCAMS removals');
	expect(refused.map((f) => f.vendor).sort()).toEqual(['OPSCOM', 'RCAMS']);
	expect(
		refused.every(
			(f) => f.person === 'S1002' && /"Email" is not a valid email address/.test(f.error),
		),
	).toBe(true);
	// Remove Leavers will not work from a roster it cannot fully read: it removes nobody, and says so.
	expect(failures.filter((f) => f.vendor === 'RCAMS removals').map((f) => f.error)).toEqual([
		'Invalid input on item 1: "Email" is not a valid email address (expected something like name@school.edu)',
		'Nothing was removed: 1 roster item has no valid "Email"',
	]);
	expect(summary(run)).toEqual([
		'IVS VALT created 4',
		'OPSCOM created 3',
		'OPSCOM failed 1',
		'RCAMS created 3',
		'RCAMS districts updated 3',
		'RCAMS failed 1',
		'RCAMS removals failed 2',
	]);
});

test('a leaver is listed by the preview, then removed once Preview is off', async () => {
	await env.engine.run(nightly());
	const leaver = people[3];
	const stayers = people.slice(0, 3);

	// One leaver of four managed users is 25%: above the example's 5%, so the guard stops it.
	const preview = await env.engine.run(nightly(stayers));
	expect(preview.json('Remove RCAMS Leavers')).toEqual([
		expect.objectContaining({ error: expect.stringMatching(/^Nothing was removed/) }),
	]);
	expect(preview.json('Failures to Review').map((f) => f.error)).toEqual([
		'Nothing was removed: this run would remove 1 of the 4 RCAMS users this sync manages (25.0%), above the limit of 10 per run and 5%',
	]);

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
	expect(env.sandbox.rcams.api.snapshot().users.map((u) => u.email)).toContain(leaver.email);

	const removed = await env.engine.run(raised({}));
	expect(removed.json('Remove RCAMS Leavers')).toEqual([
		expect.objectContaining({ action: 'removed', email: leaver.email, deleted: true }),
	]);
	expect(summary(removed)).toContain('RCAMS removals removed 1');
	expect(env.sandbox.rcams.api.snapshot().users.map((u) => u.email)).not.toContain(leaver.email);
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
		expect(stored.find((v) => v.plate === vehicle.plate)).toMatchObject({
			plateType: vehicle.plateType,
			prov: vehicle.state,
			make: vehicle.make,
			colour: vehicle.colour,
			year: vehicle.year,
		});
	}
});
