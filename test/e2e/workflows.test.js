/**
 * The example workflows, failures and secrets inside a real n8n 2.41.1 with the package
 * installed as a community package, against the sandbox.
 */
const fs = require('node:fs');
const path = require('node:path');
const { SANDBOX_SECRETS } = require('../../sandbox');
const { exportsFolder, readRoster, writeRoster } = require('../../scripts/roster');
const {
	startN8nInstance,
	nodeOutput,
	executionError,
	runNow,
	BOOT_TIMEOUT_MS,
} = require('./n8n-instance');

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const example = (file) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
/** The people of the sample SIS export the nightly example reads. */
const people = readRoster();
/** The inline roster of a single-vendor example. */
const inlineRoster = (workflow) =>
	JSON.parse(workflow.nodes.find((n) => n.name.startsWith('Roster')).parameters.jsonOutput).people;

/** The nightly run's summary as "vendor action count" lines, sorted. */
const summary = (execution) =>
	nodeOutput(execution, 'Run Summary')
		.map((row) => `${row.vendor} ${row.action} ${row.count}`)
		.sort();

/** Every request of the sandbox that changes something in a vendor system. */
function writes({ opscom, valt, rcams }) {
	return [
		...opscom.requests.filter((r) => r.path.endsWith('/push')),
		...valt.requests.filter((r) => r.method === 'POST' && !r.path.endsWith('/login')),
		...rcams.requests.filter((r) => !['list', 'get'].includes(r.json?.action)),
	];
}
function forgetRequests(sandbox) {
	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].requests.length = 0;
}

let n8n;
const executions = [];

async function run(workflow) {
	const imported = await n8n.importWorkflow(workflow);
	const execution = await n8n.runWorkflow(imported.id);
	executions.push(execution);
	return execution;
}

beforeAll(async () => {
	n8n = await startN8nInstance();
	await n8n.createSandboxCredentials();
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.stop();
});

test('the nightly roster sync reads the SIS export (CSV) and provisions everyone in all three systems', async () => {
	const execution = await run(runNow(example('nightly-roster-sync.json')));
	expect(execution.status).toBe('success');
	expect(nodeOutput(execution, 'Failures to Review') ?? []).toEqual([]);
	expect(summary(execution)).toEqual([
		'IVS VALT created 4',
		'OPSCOM created 4',
		'RCAMS created 4',
		'RCAMS districts updated 4',
	]);

	const { opscom, valt, rcams } = n8n.sandbox;
	expect(
		opscom.api
			.snapshot()
			.profiles.map((p) => p.unique_id)
			.sort(),
	).toEqual(people.map((p) => p.id).sort());
	for (const person of people) {
		expect(valt.api.snapshot().users.find((u) => u.name === person.login)).toMatchObject({
			card_number: person.card,
		});
		const user = rcams.api.snapshot().users.find((u) => u.email === person.email);
		expect(user.districts.map(String).sort()).toEqual(person.rcams_districts.split(',').sort());
	}
});

test('run again, the nightly sync sends no write; its history survives an n8n restart', async () => {
	// The history belongs to the workflow (n8n keys it on workflow and node): one workflow, run nightly.
	const { id } = await n8n.importWorkflow(runNow(example('nightly-roster-sync.json')));
	const nightly = async () => {
		const execution = await n8n.runWorkflow(id);
		executions.push(execution);
		return execution;
	};
	await nightly();
	forgetRequests(n8n.sandbox);
	const again = await nightly();
	expect(again.status).toBe('success');
	expect(writes(n8n.sandbox)).toEqual([]);
	const unchanged = [
		'IVS VALT unchanged 4',
		'OPSCOM unchanged 4',
		'RCAMS districts unchanged 4',
		'RCAMS unchanged 4',
	];
	expect(summary(again)).toEqual(unchanged);

	// OPSCOM cannot be read: only n8n's database remembers what was sent. Restart n8n.
	await n8n.restart();
	forgetRequests(n8n.sandbox);
	const afterRestart = await nightly();
	expect(afterRestart.status).toBe('success');
	expect(writes(n8n.sandbox)).toEqual([]);
	expect(summary(afterRestart)).toEqual(unchanged);
}, 120_000);

test('a leaver is listed by the preview of Remove RCAMS Leavers, then removed with Preview off', async () => {
	const { id } = await n8n.importWorkflow(runNow(example('nightly-roster-sync.json')));
	const runNightly = async () => {
		const execution = await n8n.runWorkflow(id);
		executions.push(execution);
		expect(execution.status).toBe('success');
		return execution;
	};
	await runNightly();

	// Tomorrow's export lacks one person. One of four is 25%: the example's 5% would stop it.
	const [leaver] = people.slice(3);
	const shorter = writeRoster(
		path.join(exportsFolder(n8n.userFolder), 'roster-3.csv'),
		people.slice(0, 3),
	);
	const removal = (options) => (workflow) => ({
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (node.name === 'Read SIS Export')
				return { ...node, parameters: { ...node.parameters, fileSelector: shorter } };
			if (node.name !== 'Remove RCAMS Leavers') return node;
			return { ...node, parameters: { ...node.parameters, maxShare: 25, options } };
		}),
	});
	const rcamsEmails = () => n8n.sandbox.rcams.api.snapshot().users.map((user) => user.email);

	await n8n.updateWorkflow(id, removal({ preview: true }));
	const preview = await runNightly();
	expect(nodeOutput(preview, 'Remove RCAMS Leavers')).toEqual([
		expect.objectContaining({ action: 'removed', email: leaver.email, preview: true }),
	]);
	expect(summary(preview)).toContain('RCAMS removals would remove 1');
	expect(rcamsEmails()).toContain(leaver.email);

	await n8n.updateWorkflow(id, removal({}));
	const real = await runNightly();
	expect(nodeOutput(real, 'Remove RCAMS Leavers')).toEqual([
		expect.objectContaining({ action: 'removed', email: leaver.email, deleted: true }),
	]);
	expect(summary(real)).toContain('RCAMS removals removed 1');
	expect(rcamsEmails()).not.toContain(leaver.email);
}, 120_000);

test.each([
	'opscom-push-profiles.json',
	'ivs-valt-create-or-update-users.json',
	'rcams-users-and-districts.json',
])('%s runs to success', async (file) => {
	const workflow = example(file);
	const execution = await run(workflow);
	expect(execution.status).toBe('success');
	const last = workflow.nodes[workflow.nodes.length - 1].name;
	expect(nodeOutput(execution, last)).toHaveLength(inlineRoster(workflow).length);
});

test('RCAMS down all night: OPSCOM and VALT are synced, and the run summary still reaches the admin naming every RCAMS failure', async () => {
	const { rcams, smtp } = n8n.sandbox;
	smtp.clear();
	rcams.faults.configure({ failAfter: 0 });
	let execution;
	try {
		execution = await run(runNow(example('nightly-roster-sync.json')));
	} finally {
		rcams.faults.configure({});
	}
	expect(execution.status).toBe('success');
	const lines = summary(execution);
	for (const line of lines.filter((l) => !l.startsWith('RCAMS')))
		expect(line).toMatch(/^(OPSCOM|IVS VALT) (created|unchanged) 4$/);
	expect(lines).toEqual(expect.arrayContaining(['RCAMS failed 4', 'RCAMS districts failed 4']));
	// Every RCAMS person is a failure to review, both for the user and for the districts.
	const failed = nodeOutput(execution, 'Failures to Review');
	expect(failed.filter((row) => row.vendor === 'RCAMS').map((row) => row.person).sort()).toEqual(
		people.map((p) => p.id).sort(),
	);
	// The admin hears of the night: the mail names the failures.
	const mails = smtp.messages;
	expect(mails).toHaveLength(1);
	expect(mails[0].subject).toBe(`Nightly roster sync: ${failed.length} failures`);
	for (const person of people) expect(mails[0].text).toContain(`RCAMS, ${person.id}: `);
}, 180_000);

test("version 2's resource mapper: n8n lists each node's fields, dropdowns loaded from the vendor", async () => {
	const fieldsOf = async (type, methodName, currentNodeParameters, credential) =>
		(
			await n8n.client.request('POST', '/rest/dynamic-node-parameters/resource-mapper-fields', {
				auth: 'cookie',
				body: {
					path: 'parameters.fields',
					methodName,
					nodeTypeAndVersion: { name: `n8n-nodes-campus-safety.${type}`, version: 2 },
					currentNodeParameters,
					credentials: { [credential]: n8n.credentials[credential] },
				},
			})
		).fields;
	const valt = await fieldsOf(
		'ivsValt',
		'getUserFields',
		{ resource: 'user', operation: 'createOrUpdate' },
		'ivsValtApi',
	);
	expect(valt.find((field) => field.id === 'userName')).toMatchObject({
		displayName: 'User Name',
		required: true,
	});
	const groups = valt.find((field) => field.id === 'userGroup');
	expect(groups.type).toBe('options');
	expect(groups.options.map((option) => option.name)).toContain('Investigators');
	const opscom = await fieldsOf(
		'opscom',
		'getProfileFields',
		{ resource: 'profile', operation: 'createOrUpdate' },
		'opscomApi',
	);
	expect(opscom.filter((field) => field.required).map((field) => field.id)).toEqual([
		'uniqueId',
		'loginSource',
	]);
	expect(opscom.find((field) => field.id === 'userTypeId').options.length).toBeGreaterThan(0);

	// Create and Update list their own fields: Update only what RCAMS lets change, the vehicle
	// only the field each "by name or ID" switch picks.
	const rcamsUpdate = await fieldsOf(
		'rcams',
		'getUserFields',
		{ resource: 'user', operation: 'update' },
		'rcamsApi',
	);
	expect(rcamsUpdate.map((field) => [field.id, field.required])).toEqual([
		['firstName', true],
		['lastName', true],
		['notes', false],
		['phone', false],
		['pictureUrl', false],
	]);
	const valtCreate = await fieldsOf(
		'ivsValt',
		'getUserFields',
		{ resource: 'user', operation: 'create' },
		'ivsValtApi',
	);
	expect(valtCreate.find((field) => field.id === 'password').required).toBe(true);
	const vehicle = await fieldsOf(
		'opscom',
		'getVehicleFields',
		{ resource: 'vehicle', operation: 'create', plateTypeBy: 'id', provBy: 'name' },
		'opscomApi',
	);
	expect(vehicle.filter((field) => field.required).map((field) => field.id)).toEqual([
		'plate',
		'plateTypeId',
		'prov',
	]);
});

test('opscom-register-vehicles.json registers every listed vehicle', async () => {
	const workflow = example('opscom-register-vehicles.json');
	const listed = JSON.parse(
		workflow.nodes.find((n) => n.name.startsWith('Vehicles')).parameters.jsonOutput,
	).vehicles;
	const execution = await run(workflow);
	expect(execution.status).toBe('success');
	expect(nodeOutput(execution, 'Register in OPSCOM')).toHaveLength(listed.length);
	const plates = n8n.sandbox.opscom.api.snapshot().vehicles.map((v) => v.plate);
	expect(plates.sort()).toEqual(listed.map((v) => v.Plate).sort());
});

test('a failing item makes a failed execution with a readable message', async () => {
	const workflow = example('opscom-push-profiles.json');
	const roster = workflow.nodes.find((n) => n.name.startsWith('Roster'));
	const broken = inlineRoster(workflow).map((p, i) =>
		i === 1 ? { ...p, Email: 'not-an-email' } : p,
	);
	roster.parameters = { ...roster.parameters, jsonOutput: JSON.stringify({ people: broken }) };
	const execution = await run({ ...workflow, name: 'OPSCOM push with a bad email' });
	expect(execution.status).toBe('error');
	const error = executionError(execution);
	expect(error.message).toMatch(/^Invalid input on item 1: "Email" is not a valid email address/);
	expect(error.description).toMatch(/Nothing was sent for this item/);
});

test("no secret appears in any execution's data or in n8n's log", async () => {
	const secrets = [
		SANDBOX_SECRETS.opscom.apiToken,
		SANDBOX_SECRETS.valt.password,
		SANDBOX_SECRETS.rcams.password,
		Buffer.from(`${SANDBOX_SECRETS.rcams.username}:${SANDBOX_SECRETS.rcams.password}`).toString(
			'base64',
		),
		...n8n.sandbox.valt.api.tokens,
	];
	expect(executions.length).toBeGreaterThanOrEqual(6);
	expect(n8n.sandbox.valt.api.tokens.size).toBeGreaterThan(0);
	const everything = JSON.stringify(executions) + n8n.log();
	for (const secret of secrets) expect(everything).not.toContain(secret);
});
