/**
 * n8n killed in the middle of the nightly sync, in a real n8n 2.41.1 (one process, SQLite),
 * against the sandbox: what a campus sees after a power cut or the OOM killer at 02:00.
 *
 * The nightly example runs on a 1,000-person SIS export; n8n (and its task runner) is
 * SIGKILLed while "Push to OPSCOM" is half-way through, then started again and the same
 * workflow run again. OPSCOM is the key case: it has no read API, so only what the package
 * keeps between runs says who it holds. That state must say only what a vendor confirmed:
 *
 *  - after the re-run every vendor holds every person with the roster's values (OPSCOM every
 *    unique id; VALT and RCAMS each user exactly once);
 *  - the re-run reports `created` (or `updated`) for every person the killed run never pushed
 *    to OPSCOM: none of them is `unchanged`;
 *  - a third run sends no write: once the vendors confirmed, the state settles.
 *
 * Runs start as production runs do (not as manual editor runs, for which n8n saves no
 * workflow static data): runWorkflow() calls the webhook of an active copy, mode "webhook".
 */
const fs = require('node:fs');
const path = require('node:path');
const { exportsFolder, generateRoster, writeRoster } = require('../../scripts/roster');
const {
	startN8nInstance,
	nodeOutput,
	executionError,
	runNow,
	BOOT_TIMEOUT_MS,
} = require('./n8n-instance');
const { few, notHeld, actionsByPerson, tally, notSent } = require('./vendor-records');

const SIZE = 1000;
/** Killed after this many OPSCOM pushes reached the sandbox: 45 % of the roster. */
const KILL_AFTER = 450;
/** Sandbox latency of the killed run, so the kill lands mid-OPSCOM with room to spare. */
const LATENCY_MS = 25;

const nightlyExample = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'nightly-roster-sync.json'), 'utf8'),
);

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The nightly run's summary as "vendor action count" lines, sorted. */
const summary = (execution) =>
	(nodeOutput(execution, 'Run Summary') ?? [])
		.map((row) => `${row.vendor} ${row.action} ${row.count}`)
		.sort();

const isPush = (request) => request.path.endsWith('/profiles/push');

/** Every request of the sandbox that changes something in a vendor system. */
function writes({ opscom, valt, rcams }) {
	return [
		...opscom.requests.filter(isPush),
		...valt.requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/login')),
		...rcams.requests.filter((r) => !['list', 'get'].includes(r.json?.action)),
	];
}
function forgetRequests(sandbox) {
	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].requests.length = 0;
}

let n8n;

beforeAll(async () => {
	// Its own process group: the kill takes n8n's task runner too, as a crashed machine would.
	n8n = await startN8nInstance({ detached: true, logLevel: 'info' });
	await n8n.createSandboxCredentials();
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.stop();
}, 120_000);

test(`n8n SIGKILLed half-way through pushing ${SIZE.toLocaleString('en')} people to OPSCOM: the re-run sends everyone the killed run never reached, then the state settles`, async () => {
	const { sandbox } = n8n;
	const people = generateRoster(SIZE, 'ck');
	const rosterFile = writeRoster(path.join(exportsFolder(n8n.userFolder), 'crash.csv'), people);
	const { id } = await n8n.importWorkflow(
		{ ...runNow(nightlyExample), name: 'Crash: nightly sync' },
		{ rosterFile },
	);
	const pushes = () => sandbox.opscom.requests.filter(isPush).length;
	const heldInOpscom = () =>
		new Set(sandbox.opscom.api.snapshot().profiles.map((p) => p.unique_id));

	// 1. The run that dies.
	for (const vendor of ['opscom', 'valt', 'rcams'])
		sandbox[vendor].faults.configure({ latencyMs: LATENCY_MS });
	const t0 = Date.now();
	const killedRun = n8n.runWorkflow(id, { timeoutMs: 600_000 }).then(
		(execution) => ({ execution }),
		(error) => ({ error }),
	);
	while (pushes() < KILL_AFTER) {
		if (Date.now() - t0 > 300_000) throw new Error(`OPSCOM got ${pushes()} pushes in 5 minutes`);
		await delay(5);
	}
	const exit = await n8n.kill();
	const tKill = Date.now();
	const pushesAtKill = pushes();
	// Requests already sent reach the vendor after the kill (the sandbox answers after its
	// latency): OPSCOM holds them, n8n never read the answer.
	await delay(LATENCY_MS * 4 + 250);
	const pushedByKilledRun = heldInOpscom();
	const neverPushed = people.filter((p) => !pushedByKilledRun.has(p.id)).map((p) => p.id);
	const killed = await killedRun;
	expect(exit.signal).toBe('SIGKILL');
	// The webhook call died with n8n: no finished execution came back.
	expect(killed.error).toBeDefined();
	expect(pushedByKilledRun.size).toBeLessThan(SIZE);
	const valtWritesOfKilledRun = sandbox.valt.requests.filter(
		(r) => r.method === 'POST' && !r.path.endsWith('/login'),
	).length;

	// 2. n8n comes back on the same database; the same workflow runs again.
	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].faults.configure({});
	await n8n.restart();
	const tRestarted = Date.now();
	forgetRequests(sandbox);
	const rerun = await n8n.runWorkflow(id, { timeoutMs: 600_000 });
	const tRerun = Date.now();
	const rerunPushed = new Set(sandbox.opscom.requests.filter(isPush).map((r) => r.json?.unique_id));
	const executionsOfCopy = await n8n.client.listExecutions({
		workflowId: n8n.runCopies.get(id).id,
		limit: 5,
	});
	const killedExecution = executionsOfCopy.find((e) => String(e.id) !== String(rerun.id));

	const opscomRows = nodeOutput(rerun, 'Push to OPSCOM') ?? [];
	const neverPushedNotSent = notSent(actionsByPerson(opscomRows), neverPushed);
	const afterRerun = notHeld(sandbox, people);
	const count = (vendor) => {
		const snapshot = sandbox[vendor].api.snapshot();
		return (vendor === 'opscom' ? snapshot.profiles : snapshot.users).length;
	};

	console.log(
		`crash test (${SIZE} people, ${LATENCY_MS} ms sandbox latency): n8n SIGKILLed ${secs(tKill - t0)} into the run, ` +
			`after ${pushesAtKill} OPSCOM pushes (${pushedByKilledRun.size} profiles held once in-flight requests landed, ` +
			`${neverPushed.length} never pushed; ${valtWritesOfKilledRun} VALT writes). ` +
			`Killed execution ${killedExecution?.id}: status "${killedExecution?.status}" after the restart. ` +
			`Restart ${secs(tRestarted - tKill)}; re-run ${rerun.id} "${rerun.status}" in ${secs(tRerun - tRestarted)}: ` +
			`${rerunPushed.size} OPSCOM pushes, OPSCOM says ${JSON.stringify(tally(opscomRows))}, ` +
			`summary [${summary(rerun).join('; ')}]. ` +
			`After the re-run: OPSCOM ${count('opscom')} profiles, VALT ${count('valt')} users, RCAMS ${count('rcams')} users; ` +
			`not held as in the roster: OPSCOM ${afterRerun.opscom.length}, VALT ${afterRerun.valt.length}, RCAMS ${afterRerun.rcams.length}`,
	);

	expect(executionError(rerun)).toBeUndefined();
	expect(rerun.status).toBe('success');
	expect(nodeOutput(rerun, 'Failures to Review') ?? []).toEqual([]);
	// Every person the killed run never pushed is sent now, and the re-run says so (created or
	// updated, never unchanged); every vendor holds every person with the roster's values.
	const none = few([]);
	expect({
		'never pushed by the killed run, not pushed by the re-run': few(
			neverPushed.filter((pid) => !rerunPushed.has(pid)),
		),
		'never pushed by the killed run, not reported created or updated': few(neverPushedNotSent),
		'OPSCOM rows of the re-run': opscomRows.length,
		'not held as in the roster: OPSCOM': few(afterRerun.opscom),
		'not held as in the roster: IVS VALT (once)': few(afterRerun.valt),
		'not held as in the roster: RCAMS (once)': few(afterRerun.rcams),
	}).toEqual({
		'never pushed by the killed run, not pushed by the re-run': none,
		'never pushed by the killed run, not reported created or updated': none,
		'OPSCOM rows of the re-run': SIZE,
		'not held as in the roster: OPSCOM': none,
		'not held as in the roster: IVS VALT (once)': none,
		'not held as in the roster: RCAMS (once)': none,
	});

	// 3. The next night: nothing changed, nothing is sent.
	forgetRequests(sandbox);
	const third = await n8n.runWorkflow(id, { timeoutMs: 600_000 });
	const tThird = Date.now();
	const thirdWrites = writes(sandbox);
	console.log(
		`crash test: third run ${third.id} "${third.status}" in ${secs(tThird - tRerun)}: ${thirdWrites.length} writes ` +
			`(OPSCOM ${sandbox.opscom.requests.filter(isPush).length}), summary [${summary(third).join('; ')}]`,
	);
	expect(third.status).toBe('success');
	expect(
		few(
			thirdWrites.map((r) => `${r.method} ${r.path} ${r.json?.unique_id ?? r.json?.action ?? ''}`),
		),
	).toEqual(few([]));
	expect(summary(third)).toEqual([
		`IVS VALT unchanged ${SIZE}`,
		`OPSCOM unchanged ${SIZE}`,
		`RCAMS districts unchanged ${SIZE}`,
		`RCAMS unchanged ${SIZE}`,
	]);
}, 900_000);
