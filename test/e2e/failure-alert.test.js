/**
 * Failures reach someone, in a real n8n 2.41.1: the nightly example names the "Alert: Nightly
 * Sync Failed" example as its error workflow (n8n's Error Trigger). A night whose SIS export did
 * not arrive stops the run outright; n8n then runs the error workflow, which mails the admin (the
 * sandbox's SMTP catcher) the workflow, the node and the error. n8n runs an error workflow only
 * when it is active (published), and only for production runs, never for a manual one.
 */
const fs = require('node:fs');
const path = require('node:path');
const { exportsFolder } = require('../../scripts/roster');
const { startN8nInstance, runNow, BOOT_TIMEOUT_MS } = require('./n8n-instance');

const examples = path.join(__dirname, '..', '..', 'examples');
const read = (file) => JSON.parse(fs.readFileSync(path.join(examples, file), 'utf8'));
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let n8n;
beforeAll(async () => {
	n8n = await startN8nInstance();
	await n8n.createSandboxCredentials();
}, BOOT_TIMEOUT_MS);
afterAll(() => n8n?.stop());

async function mailArrives(timeoutMs = 60_000) {
	const started = Date.now();
	while (n8n.sandbox.smtp.messages.length === 0) {
		if (Date.now() - started > timeoutMs) throw new Error('No mail reached the catcher');
		await delay(300);
	}
	return n8n.sandbox.smtp.messages;
}

test('a night whose export is missing fails the run, and the error workflow mails the admin why', async () => {
	const alert = read('nightly-sync-failed-alert.json');
	const nightly = read('nightly-roster-sync.json');
	expect(nightly.settings.errorWorkflow).toBe(alert.name);

	const alertId = (await n8n.importWorkflow(alert)).id;
	// n8n 2.41 runs only an active (published) error workflow.
	await n8n.client.activateWorkflow(alertId);
	const missing = path.join(exportsFolder(n8n.userFolder), 'not-delivered-tonight.csv');
	const workflow = runNow(nightly);
	workflow.settings = { ...workflow.settings, errorWorkflow: alertId };
	const nightlyId = (await n8n.importWorkflow(workflow, { rosterFile: missing })).id;

	const execution = await n8n.runWorkflow(nightlyId);
	expect(execution.status).toBe('error');
	expect(n8n.sandbox.opscom.requests).toHaveLength(0);

	const [message, ...more] = await mailArrives();
	expect(more).toHaveLength(0);
	expect(message.rcptTo).toContain('it-admin@campus.example');
	expect(message.subject).toContain(`Failed: ${nightly.name} [e2e run ${nightlyId}]`);
	expect(message.text).toContain('Read SIS Export');
	expect(message.text).toContain('No file(s) found');
}, 240_000);
