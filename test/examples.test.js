/** The example workflows in examples/ run green against the sandbox, through the test engine. */
const fs = require('node:fs');
const path = require('node:path');
const { useSandbox } = require('./helpers');

const env = useSandbox();
const example = (file) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', file), 'utf8'));
const roster = example('nightly-roster-sync.json').nodes.find((n) => n.name.startsWith('Roster'));
const people = JSON.parse(roster.parameters.jsonOutput).people;

/** Credentials in example files carry no ids: the engine attaches the sandbox ones. */
const withoutCredentials = (workflow) => ({
	...workflow,
	nodes: workflow.nodes.map(({ credentials, ...node }) => node),
});

test('the nightly roster sync provisions everyone into all three systems', async () => {
	const run = await env.engine.run(withoutCredentials(example('nightly-roster-sync.json')));
	expect(run.status).toBe('success');
	expect(run.json('Synced')).toHaveLength(people.length);
	expect(run.runData['Failures to Review']).toBeUndefined();

	const opscom = env.sandbox.opscom.api.snapshot().profiles;
	expect(opscom.map((p) => p.unique_id).sort()).toEqual(people.map((p) => p.id).sort());
	const valt = env.sandbox.valt.api.snapshot().users;
	for (const person of people) {
		expect(valt.find((user) => user.name === person.login)).toMatchObject({ card_number: person.card });
	}
	const rcams = env.sandbox.rcams.api.snapshot().users;
	for (const person of people) {
		const user = rcams.find((u) => u.email === person.email);
		expect(user.districts.map(String).sort()).toEqual(person.districts.split(',').sort());
	}
});

test('a person a system refuses lands in "Failures to Review"; the others go on', async () => {
	const workflow = withoutCredentials(example('nightly-roster-sync.json'));
	const rosterNode = workflow.nodes.find((n) => n.name.startsWith('Roster'));
	const broken = people.map((p, i) => (i === 1 ? { ...p, email: 'not-an-email' } : p));
	rosterNode.parameters = { ...rosterNode.parameters, jsonOutput: JSON.stringify({ people: broken }) };
	const run = await env.engine.run(workflow);
	expect(run.status).toBe('success');
	expect(run.json('Synced')).toHaveLength(people.length - 1);
	const failures = run.json('Failures to Review');
	expect(failures).toHaveLength(1);
	expect(failures[0].error).toMatch(/"Email" is not a valid email address/);
});

test.each(['opscom-push-profiles.json', 'ivs-valt-create-or-update-users.json', 'rcams-users-and-districts.json'])(
	'%s runs green',
	async (file) => {
		const workflow = withoutCredentials(example(file));
		const run = await env.engine.run(workflow);
		expect(run.status).toBe('success');
		const last = workflow.nodes[workflow.nodes.length - 1].name;
		expect(run.json(last)).toHaveLength(people.length);
		expect(run.json(last).every((json) => json.error === undefined)).toBe(true);
	},
);

test('opscom-register-vehicles.json registers every vehicle in OPSCOM as listed', async () => {
	const workflow = withoutCredentials(example('opscom-register-vehicles.json'));
	const listed = JSON.parse(workflow.nodes.find((n) => n.name.startsWith('Vehicles')).parameters.jsonOutput).vehicles;
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
