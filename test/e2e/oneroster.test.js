/**
 * The OneRoster example inside a real n8n 2.41.1: the nightly sync of the sample users.csv, and
 * its form, submitted over HTTP as a browser does, syncing one person; the next night sends
 * nothing for them.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { instanceOneRoster, readOneRoster, writeOneRoster } = require('../../scripts/roster');
const { startN8nInstance, nodeOutput, runNow, BOOT_TIMEOUT_MS } = require('./n8n-instance');

const FORM = 'Sync One Person Now';
const example = JSON.parse(
	fs.readFileSync(
		path.join(__dirname, '..', '..', 'examples', 'oneroster-nightly-sync.json'),
		'utf8',
	),
);

/** Each vendor node of the example, and the person's key its (lean, version 2) output carries. */
const VENDOR_NODES = [
	['OPSCOM', 'Push to OPSCOM', 'uniqueId'],
	['IVS VALT', 'Create or Update VALT User', 'userName'],
	['RCAMS', 'Create or Update RCAMS User', 'email'],
];

/**
 * What each system did for one person in a run, e.g. { OPSCOM: 'created', … }: the vendor nodes'
 * results, found by the key each outputs, and the person's failures.
 */
function actionsFor(execution, id) {
	const output = (node) => nodeOutput(execution, node) ?? [];
	const person = output('People to Sync').find((row) => row.uniqueId === id);
	const done = VENDOR_NODES.flatMap(([vendor, node, key]) => {
		const result = person && output(node).find((row) => row[key] === person[key]);
		return result ? [[vendor, result.action]] : [];
	});
	const failed = output('Failures to Review')
		.filter((failure) => failure.person === id)
		.map((failure) => [failure.vendor, failure.action]);
	return Object.fromEntries([...done, ...failed]);
}

/** Every request of the sandbox that changes something in a vendor system. */
function writes({ opscom, valt, rcams }) {
	return [
		...opscom.requests.filter((r) => r.path.endsWith('/push')).map((r) => r.json?.unique_id),
		...valt.requests.filter((r) => r.method === 'POST' && !r.path.endsWith('/login')),
		...rcams.requests.filter((r) => !['list', 'get'].includes(r.json?.action)),
	];
}
function forgetRequests(sandbox) {
	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].requests.length = 0;
}

let n8n;

beforeAll(async () => {
	n8n = await startN8nInstance();
	await n8n.createSandboxCredentials();
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.stop();
});

test('the form syncs one person in the nightly workflow, and the next night sends nothing for them', async () => {
	// The nightly runs now; the form gets a path of its own (each active workflow needs one).
	const formPath = `oneroster-${crypto.randomUUID()}`;
	const workflow = runNow(example);
	const form = workflow.nodes.find((node) => node.name === FORM);
	Object.assign(form, {
		webhookId: crypto.randomUUID(),
		parameters: { ...form.parameters, path: formPath },
	});
	const { id } = await n8n.importWorkflow(workflow);
	const nightly = async () => {
		const execution = await n8n.runWorkflow(id);
		expect(execution.status).toBe('success');
		return execution;
	};

	const first = await nightly();
	expect(actionsFor(first, 'S1003')).toEqual({
		OPSCOM: 'created',
		'IVS VALT': 'created',
		RCAMS: 'created',
	});
	expect(nodeOutput(first, 'Failures to Review').map((f) => `${f.person} ${f.column}`)).toEqual([
		'S1004 email',
		'S1004 email',
		'the roster email',
		'the roster email',
		'S1005 username',
		'S1006 username',
	]);

	// Today's export adds Amélie Côté; an admin provisions her at once through the form.
	const sample = readOneRoster();
	const amelie = {
		...sample[0],
		sourcedId: 'S1008',
		identifier: '1008',
		username: 'amelie.cote',
		givenName: 'Amélie',
		familyName: 'Côté',
		email: 'amelie.cote@school.edu',
		password: 'Welcome-1008!',
	};
	writeOneRoster(instanceOneRoster(n8n.userFolder), [...sample, amelie]);
	const { id: copyId } = n8n.runCopies.get(id);
	const before = Number(await n8n.latestExecutionId(copyId));
	forgetRequests(n8n.sandbox);
	const body = new FormData();
	body.append('field-0', 'amelie.cote@school.edu');
	const started = Date.now();
	const response = await fetch(`${n8n.baseUrl}/form/${formPath}`, { method: 'POST', body });
	const answer = await response.json();
	const seconds = (Date.now() - started) / 1000;
	expect(response.status).toBe(200);
	expect(answer.formSubmittedText.split('\n')).toEqual([
		'OPSCOM (S1008): created',
		'IVS VALT (S1008): created',
		'RCAMS (S1008): created',
	]);
	expect(writes(n8n.sandbox)).toHaveLength(3);
	process.stdout.write(`The form answered in ${seconds.toFixed(2)} s\n`);

	// n8n saves what the nodes remember when the execution ends, after it answered the form.
	let formRun;
	while (!formRun) {
		const [latest] = await n8n.client.listExecutions({ workflowId: copyId, limit: 1 });
		if (Number(latest?.id) > before) formRun = latest;
		else await new Promise((resolve) => setTimeout(resolve, 200));
	}
	const finished = await n8n.waitForExecution(formRun.id);
	expect(finished.status).toBe('success');
	expect(nodeOutput(finished, 'Remove RCAMS Leavers')).toBeUndefined();

	forgetRequests(n8n.sandbox);
	const next = await nightly();
	expect(actionsFor(next, 'S1008')).toEqual({
		OPSCOM: 'unchanged',
		'IVS VALT': 'unchanged',
		RCAMS: 'unchanged',
	});
	// The one push is Noah Kim's, whom OPSCOM refuses every night (no email).
	expect(writes(n8n.sandbox)).toEqual(['S1004']);
}, 180_000);
