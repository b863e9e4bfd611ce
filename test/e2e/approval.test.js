/**
 * Held removals approved by a person, in a real n8n 2.41.1: the nightly example's Remove RCAMS
 * Leavers holds leavers above its limits, n8n's Send Email "Send and Wait for Response" mails the
 * admin (the sandbox's SMTP catcher), and following the approve link from that mail resumes the
 * execution and removes exactly the held users. The run summary reaches the catcher too.
 */
const fs = require('node:fs');
const path = require('node:path');
const { exportsFolder, readRoster, writeRoster } = require('../../scripts/roster');
const { startN8nInstance, nodeOutput, runNow, BOOT_TIMEOUT_MS } = require('./n8n-instance');

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'nightly-roster-sync.json');
const people = readRoster();
/** A browser's user agent: n8n answers bots (link previews) without resuming the execution. */
const BROWSER =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let n8n;
let workflowId;
/** The webhook calls that start a run; their answers come late (or never, for a waiting run). */
const calls = [];

beforeAll(async () => {
	n8n = await startN8nInstance();
	await n8n.createSandboxCredentials();
	// The example as shipped, run now, with Remove RCAMS Leavers' Preview switched off.
	const workflow = runNow(JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')));
	for (const node of workflow.nodes) {
		if (node.name === 'Remove RCAMS Leavers') node.parameters.options = {};
	}
	workflowId = (await n8n.importWorkflow(workflow)).id;
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
	for (const call of calls) call.abort();
	await n8n?.stop();
});

/** Tonight's SIS export holds `roster`. */
async function exportRoster(roster, name) {
	const file = writeRoster(path.join(exportsFolder(n8n.userFolder), `${name}.csv`), roster);
	await n8n.updateWorkflow(workflowId, (workflow) => ({
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.name === 'Read SIS Export'
				? { ...node, parameters: { ...node.parameters, fileSelector: file } }
				: node,
		),
	}));
}

/** An execution with its data once it stopped or waits (Send and Wait), by id. */
async function settled(id, { timeoutMs = 90_000, not } = {}) {
	const started = Date.now();
	for (;;) {
		const execution = await n8n.client.getExecution(id).catch(() => undefined);
		const status = execution?.status;
		if (
			status &&
			status !== not &&
			['waiting', 'success', 'error', 'crashed', 'canceled'].includes(status)
		) {
			return execution;
		}
		if (Date.now() - started > timeoutMs) throw new Error(`Execution ${id} is still ${status}`);
		await delay(300);
	}
}

/** Runs the nightly sync (its webhook-started copy) and returns the execution once it settled. */
async function runNightly() {
	const copy = await n8n.runnableCopy(workflowId);
	const before = Number((await n8n.latestExecutionId(copy.id)) ?? 0);
	// Activation registers the webhook asynchronously (404 until then). Its answer comes when the
	// execution ends or starts waiting, and is not needed: the execution is read from the API.
	for (;;) {
		const controller = new AbortController();
		calls.push(controller);
		const call = fetch(`${n8n.baseUrl}/webhook/${copy.path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
			signal: controller.signal,
		}).then(
			(response) => response.status,
			() => 'failed',
		);
		const status = await Promise.race([call, delay(3000).then(() => 'pending')]);
		if (status !== 404) break;
		await delay(300);
	}
	const started = Date.now();
	for (;;) {
		const latest = Number((await n8n.latestExecutionId(copy.id)) ?? 0);
		if (latest > before) return settled(latest);
		if (Date.now() - started > 60_000) throw new Error('The nightly sync did not start');
		await delay(300);
	}
}

const mail = () => n8n.sandbox.smtp.messages;
/** The link of a button of the approval mail (n8n signs it). */
function buttonLink(message, approved) {
	const href = new RegExp(`href="([^"]*/webhook-waiting/[^"]*approved=${approved}[^"]*)"`).exec(
		message.text,
	)?.[1];
	if (!href) throw new Error(`No approved=${approved} link in: ${message.text.slice(0, 2000)}`);
	// n8n writes its own address as localhost; it listens on 127.0.0.1.
	return href.replaceAll('&amp;', '&').replace('//localhost:', '//127.0.0.1:');
}
const click = (url) => fetch(url, { headers: { 'user-agent': BROWSER } });
const removeCalls = () => n8n.sandbox.rcams.requests.filter((r) => r.json?.action === 'remove');
const rcamsEmails = () => n8n.sandbox.rcams.api.snapshot().users.map((user) => user.email);

test('a guard trip holds the leavers and removes nobody; the approve link in the mail removes exactly them, once; a changed set is held again', async () => {
	await exportRoster(people, 'everyone');
	const first = await runNightly();
	expect(first.status).toBe('success');
	// The run summary reaches the admin with the counts.
	expect(mail()).toHaveLength(1);
	expect(mail()[0]).toMatchObject({
		rcptTo: ['it-admin@campus.example'],
		subject: 'Nightly roster sync: 0 failures',
	});
	for (const line of ['OPSCOM created: 4', 'IVS VALT created: 4', 'RCAMS created: 4']) {
		expect(mail()[0].text).toContain(line);
	}

	// Two of four leave: 50%, above the example's 5%.
	n8n.sandbox.smtp.clear();
	const tonight = people.slice(0, 2);
	await exportRoster(tonight, 'two-left');
	const held = await runNightly();
	expect(held.status).toBe('waiting');
	const heldItems = nodeOutput(held, 'Remove RCAMS Leavers', 1);
	expect(heldItems.map((item) => item.email).sort()).toEqual(
		people
			.slice(2)
			.map((p) => p.email)
			.sort(),
	);
	expect(heldItems[0]).toMatchObject({
		action: 'held',
		exceeded: ['maxShare'],
		limits: { maxRemovals: 10, maxShare: 5 },
		heldSet: { size: 2, executionId: String(held.id) },
	});
	expect(removeCalls()).toEqual([]);
	const [summaryMail, approvalMail] = mail();
	expect(summaryMail.text).toContain('RCAMS removals held for approval: 2');
	expect(approvalMail.subject).toBe('RCAMS: approve removing 2 leavers?');
	expect(approvalMail.text).toContain(heldItems[0].heldSet.id);

	// The admin follows the approve link: the execution resumes and removes exactly the held users.
	n8n.sandbox.smtp.clear();
	const approve = buttonLink(approvalMail, true);
	expect((await click(approve)).status).toBe(200);
	const approved = await settled(held.id, { not: 'waiting' });
	expect(approved.status).toBe('success');
	const removed = nodeOutput(approved, 'Remove Approved RCAMS Leavers');
	expect(removed.map((item) => item.userToken).sort()).toEqual(
		heldItems.map((item) => item.userToken).sort(),
	);
	expect(
		removeCalls()
			.map((r) => r.json.usr_tokenid)
			.sort(),
	).toEqual(heldItems.map((item) => item.userToken).sort());
	for (const p of tonight) expect(rcamsEmails()).toContain(p.email);
	expect(mail().map((m) => m.subject)).toEqual(['RCAMS approved removals: 2 removed, 0 failed']);

	// The same link again (a second click, a forwarded mail) resumes nothing.
	// (n8n answers it with a page of its own; the execution has ended.)
	await (await click(approve)).text();
	await delay(1500);
	expect(removeCalls()).toHaveLength(2);
	expect((await n8n.client.getExecution(held.id)).status).toBe('success');
	expect(mail()).toHaveLength(1);

	// The next night one more leaves: a new set of one (50% of the two left), held again.
	n8n.sandbox.smtp.clear();
	n8n.sandbox.rcams.requests.length = 0;
	await exportRoster(tonight.slice(0, 1), 'one-left');
	const next = await runNightly();
	expect(next.status).toBe('waiting');
	const nextHeld = nodeOutput(next, 'Remove RCAMS Leavers', 1);
	expect(nextHeld.map((item) => item.email)).toEqual([tonight[1].email]);
	expect(nextHeld[0].heldSet.id).not.toBe(heldItems[0].heldSet.id);
	// "Keep them": the execution ends and nobody is removed.
	expect((await click(buttonLink(mail()[1], false))).status).toBe(200);
	const kept = await settled(next.id, { not: 'waiting' });
	expect(kept.status).toBe('success');
	expect(nodeOutput(kept, 'Remove Approved RCAMS Leavers')).toBeUndefined();
	expect(removeCalls()).toEqual([]);
	expect(rcamsEmails()).toContain(tonight[1].email);
}, 300_000);
