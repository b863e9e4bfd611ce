/**
 * Queue mode in a real n8n 2.41.1: PostgreSQL 17, Redis, the main instance and two workers
 * (scripts/queue-cluster.js), the package installed in each process's user folder, manual
 * runs offloaded to the workers (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true), against the
 * sandbox. What a campus running n8n in queue mode relies on:
 *
 *  - the nightly sync runs on a worker, and two rosters at once run on both;
 *  - the VALT session token one worker obtained is used by the other (n8n stores the
 *    refreshed credential in the shared database), so a second worker costs no login;
 *  - a worker killed mid-run loses nothing for good: re-running the sync leaves the vendors
 *    holding exactly the roster, nobody created twice; killed half-way through OPSCOM (no
 *    read API: only what the package keeps says whom it holds), the re-run pushes everyone
 *    the killed run never reached and reports them created.
 *
 * Which worker ran an execution comes from the workers' own logs ("Worker started execution
 * 7 (job 3)"): n8n keeps no worker id in the execution.
 */
const fs = require('node:fs');
const path = require('node:path');
const { exportsFolder, generateRoster, readRoster, writeRoster } = require('../../scripts/roster');
const {
	startN8nInstance,
	nodeOutput,
	executionError,
	runNow,
	BOOT_TIMEOUT_MS,
} = require('./n8n-instance');
const { few, notHeld, actionsByPerson, tally, notSent } = require('./vendor-records');

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const nightlyExample = JSON.parse(
	fs.readFileSync(path.join(EXAMPLES, 'nightly-roster-sync.json'), 'utf8'),
);
const examplePeople = readRoster();

/**
 * Imports the nightly sync example (under its own name) reading `people` from a CSV file in
 * the folder every process of the cluster may read.
 */
async function importNightly(people, name) {
	const file = path.join(exportsFolder(n8n.userFolder), `${name.replace(/\W+/g, '-')}.csv`);
	return await n8n.importWorkflow(
		{ ...nightlyExample, name },
		{ rosterFile: writeRoster(file, people) },
	);
}

const isPush = (request) => request.path.endsWith('/profiles/push');

/** The nightly run's summary as "vendor action count" lines, sorted. */
const summary = (execution) =>
	(nodeOutput(execution, 'Run Summary') ?? [])
		.map((row) => `${row.vendor} ${row.action} ${row.count}`)
		.sort();
/** What a nightly run with only new people says: everyone created, districts granted. */
const allCreated = (count) => [
	`IVS VALT created ${count}`,
	`OPSCOM created ${count}`,
	`RCAMS created ${count}`,
	`RCAMS districts updated ${count}`,
];

/** Each vendor holds each of `people` exactly once (by its key there). */
function expectHeldOnce(sandbox, people) {
	const count = (values) => values.reduce((map, v) => map.set(v, (map.get(v) ?? 0) + 1), new Map());
	const opscom = count(sandbox.opscom.api.snapshot().profiles.map((p) => p.unique_id));
	const valt = count(sandbox.valt.api.snapshot().users.map((u) => u.name));
	const rcams = count(sandbox.rcams.api.snapshot().users.map((u) => u.email));
	const missing = (held, key) => people.filter((p) => held.get(p[key]) !== 1).map((p) => p[key]);
	expect(missing(opscom, 'id')).toEqual([]);
	expect(missing(valt, 'login')).toEqual([]);
	expect(missing(rcams, 'email')).toEqual([]);
}

/** How many create requests each person's key got: VALT by user name, RCAMS by email. */
function createsPerPerson(sandbox) {
	const tally = (requests, isCreate, keyOf) => {
		const counts = new Map();
		for (const request of requests) {
			if (isCreate(request)) counts.set(keyOf(request), (counts.get(keyOf(request)) ?? 0) + 1);
		}
		return counts;
	};
	return {
		valt: tally(
			sandbox.valt.requests,
			(r) => r.method === 'POST' && r.path === '/api/v3/admin/users',
			(r) => r.json?.name,
		),
		rcams: tally(
			sandbox.rcams.requests,
			(r) => r.method === 'POST' && r.path.endsWith('/user.php') && r.json?.action === 'insert',
			(r) => r.json?.email,
		),
	};
}

let n8n;
/** The worker that logged in to VALT first (test 1). */
let firstWorker;

beforeAll(async () => {
	n8n = await startN8nInstance({
		queue: { workers: 2 },
		env: {
			// How soon n8n notices a dead worker: its job's lock (renewed every few seconds by a
			// live worker) must expire, then a stall check must run. n8n's defaults are a 60 s
			// lock and checks every 30 s; shorter here so the crash test does not wait 90 s.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
		},
	});
	await n8n.createSandboxCredentials();
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.stop();
}, 120_000);

test('the nightly roster sync, run through the API, executes on a worker with the package installed there', async () => {
	const workflow = await importNightly(examplePeople, 'Queue: nightly sync');
	const execution = await n8n.runManually(workflow.id);

	expect(executionError(execution)).toBeUndefined();
	expect(execution.status).toBe('success');
	expect(summary(execution)).toEqual(allCreated(examplePeople.length));
	firstWorker = n8n.workerOf(execution.id);
	expect(n8n.cluster.workerNames).toContain(firstWorker);
	// The main instance only queued it.
	expect(n8n.log()).not.toMatch(/Worker started execution/);
	expectHeldOnce(n8n.sandbox, examplePeople);
	expect(n8n.sandbox.valt.api.snapshot().logins).toBe(1);
}, 120_000);

test('two rosters started at once run on both workers; the VALT session the first worker obtained serves the other too', async () => {
	const { sandbox } = n8n;
	const rosters = [generateRoster(100, 'qa'), generateRoster(100, 'qb')];
	// Slow enough that both runs overlap: neither worker can take both jobs one after the other.
	for (const vendor of ['opscom', 'valt', 'rcams'])
		sandbox[vendor].faults.configure({ latencyMs: 20 });
	try {
		const workflows = await Promise.all(
			rosters.map((people, i) => importNightly(people, `Queue: roster ${i + 1}`)),
		);
		const ids = await Promise.all(workflows.map((workflow) => n8n.startManually(workflow.id)));
		const executions = await Promise.all(ids.map((id) => n8n.waitForExecution(id)));

		for (const execution of executions) expect(execution.status).toBe('success');
		const workers = ids.map((id) => n8n.workerOf(id));
		expect(new Set(workers).size).toBe(2);
		expectHeldOnce(sandbox, rosters.flat());
		// One worker is not the one that logged in during the first test, and it used the
		// stored token: still one login in all.
		expect(workers).toContain(n8n.cluster.workerNames.find((name) => name !== firstWorker));
		expect(sandbox.valt.api.snapshot().logins).toBe(1);
	} finally {
		for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].faults.configure({});
	}
}, 180_000);

test('a worker killed in the middle of a 2,000-person sync: the re-run leaves each vendor holding exactly the roster, nobody created twice', async () => {
	const { sandbox, cluster } = n8n;
	const people = generateRoster(2000, 'qk');
	const workflow = await importNightly(people, 'Queue: 2,000 people');
	const valtUsersBefore = sandbox.valt.api.users.size;
	const createdInValt = () => sandbox.valt.api.users.size - valtUsersBefore;
	const opscomPushesBefore = sandbox.opscom.requests.filter(isPush).length;
	// Vendor latency makes the run long enough to be killed half-way through VALT.
	for (const vendor of ['opscom', 'valt', 'rcams'])
		sandbox[vendor].faults.configure({ latencyMs: 10 });

	const t0 = Date.now();
	const crashedId = await n8n.startManually(workflow.id);
	const victim = await n8n.waitForWorkerOf(crashedId);
	const started = Date.now();
	while (createdInValt() < 600) {
		if (Date.now() - started > 300_000)
			throw new Error(`VALT got ${createdInValt()} users in 5 minutes`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	await cluster.killWorker(victim);
	const tKill = Date.now();
	const createdBeforeKill = createdInValt();
	const opscomPushesAtKill = sandbox.opscom.requests.filter(isPush).length - opscomPushesBefore;
	expect(createdBeforeKill).toBeLessThan(people.length);

	// n8n's answer: once the dead worker's lock has expired, a stall check fails the job (n8n
	// allows no stalled retry: maxStalledCount 0), and after a 30 s grace period the main
	// instance marks the execution failed. Nothing runs it again on its own.
	// (Restarted before that verdict, the worker itself would mark it "crashed", from the
	// unfinished execution in its event log: so the worker comes back only after it.)
	const crashed = await n8n.waitForExecution(crashedId, { timeoutMs: 180_000 });
	const tFailed = Date.now();
	expect(crashed.status).toBe('error');
	expect(executionError(crashed)?.message).toMatch(/failed to be processed too many times/);
	const startsOfCrashed = cluster.workerNames
		.flatMap((name) => n8n.executionsOn(name))
		.filter((id) => id === crashedId);
	expect(startsOfCrashed).toHaveLength(1);
	// At most the requests in flight at the kill reached VALT after it: the node's default,
	// adaptive, never has more than 50 in flight (PACE.max in nodes/shared/pace.ts).
	const createdAfterCrash = createdInValt();
	expect(createdAfterCrash - createdBeforeKill).toBeLessThanOrEqual(50);
	// Whom the killed run never reached, vendor by vendor (it runs OPSCOM first, then VALT).
	const inOpscom = new Set(sandbox.opscom.api.snapshot().profiles.map((p) => p.unique_id));
	const inValt = new Set(sandbox.valt.api.snapshot().users.map((u) => u.name));
	const missedInOpscom = people.filter((p) => !inOpscom.has(p.id)).map((p) => p.id);
	const missedInValt = people.filter((p) => !inValt.has(p.login)).map((p) => p.login);

	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].faults.configure({});
	await cluster.startWorker(victim);
	const rerun = await n8n.runManually(workflow.id, { timeoutMs: 600_000 });
	const tRerun = Date.now();

	const opscomRows = nodeOutput(rerun, 'Push to OPSCOM');
	const held = notHeld(sandbox, people);
	const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
	console.log(
		`crash test: ${victim} killed ${secs(tKill - t0)} into execution ${crashedId}, after ${opscomPushesAtKill} OPSCOM pushes ` +
			`and ${createdBeforeKill} VALT creates (${createdAfterCrash} once n8n had failed it, ${secs(tFailed - tKill)} after the kill: ` +
			`"${crashed.status}", ${executionError(crashed)?.message}); never reached: OPSCOM ${missedInOpscom.length}, ` +
			`VALT ${missedInValt.length}. Re-run ${rerun.id} on ${n8n.workerOf(rerun.id)} "${rerun.status}" in ${secs(tRerun - tFailed)}: ` +
			`OPSCOM says ${JSON.stringify(tally(opscomRows))}, VALT ${JSON.stringify(tally(nodeOutput(rerun, 'Create or Update VALT User')))}, ` +
			`summary [${summary(rerun).join('; ')}]; not held as in the roster after it: ` +
			`OPSCOM ${held.opscom.length}, VALT ${held.valt.length}, RCAMS ${held.rcams.length}`,
	);

	expect(executionError(rerun)).toBeUndefined();
	expect(rerun.status).toBe('success');
	expect(nodeOutput(rerun, 'Failures to Review') ?? []).toEqual([]);
	// Whoever the killed run never reached is sent now, and the re-run says so; every vendor
	// holds every person with the roster's values, OPSCOM every profile.
	const none = few([]);
	expect({
		'OPSCOM: never reached by the killed run, not reported created or updated': few(
			notSent(actionsByPerson(opscomRows), missedInOpscom),
		),
		'IVS VALT: never reached by the killed run, not reported created or updated': few(
			notSent(actionsByPerson(nodeOutput(rerun, 'Create or Update VALT User'), 'userName'), missedInValt),
		),
		'not held as in the roster: OPSCOM': few(held.opscom),
		'not held as in the roster: IVS VALT (once)': few(held.valt),
		'not held as in the roster: RCAMS (once)': few(held.rcams),
	}).toEqual({
		'OPSCOM: never reached by the killed run, not reported created or updated': none,
		'IVS VALT: never reached by the killed run, not reported created or updated': none,
		'not held as in the roster: OPSCOM': none,
		'not held as in the roster: IVS VALT (once)': none,
		'not held as in the roster: RCAMS (once)': none,
	});
	// VALT and RCAMS read back who the killed run had created: only the others are created now.
	const counts = Object.fromEntries(
		summary(rerun).map((line) => [line.replace(/ \d+$/, ''), Number(line.split(' ').pop())]),
	);
	expect(counts['IVS VALT created'] + (counts['IVS VALT unchanged'] ?? 0)).toBe(people.length);
	expectHeldOnce(sandbox, people);
	// Across both runs, one create per person: the re-run created only those the killed run
	// had not, and updated the others.
	const creates = createsPerPerson(sandbox);
	const notCreatedOnce = (counts, key) =>
		people.filter((p) => counts.get(p[key]) !== 1).map((p) => p[key]);
	expect(notCreatedOnce(creates.valt, 'login')).toEqual([]);
	expect(notCreatedOnce(creates.rcams, 'email')).toEqual([]);
}, 900_000);

test('a worker killed half-way through pushing 1,000 people to OPSCOM: the re-run pushes everyone the killed run never reached, and says so', async () => {
	const { sandbox, cluster } = n8n;
	const size = 1000;
	const people = generateRoster(size, 'qo');
	const workflow = await importNightly(people, 'Queue: killed in OPSCOM');
	const ids = new Set(people.map((p) => p.id));
	const pushed = () =>
		sandbox.opscom.requests.filter((r) => isPush(r) && ids.has(r.json?.unique_id)).length;
	const latencyMs = 20;
	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].faults.configure({ latencyMs });

	const t0 = Date.now();
	const crashedId = await n8n.startManually(workflow.id);
	const victim = await n8n.waitForWorkerOf(crashedId);
	try {
		while (pushed() < 0.45 * size) {
			if (Date.now() - t0 > 300_000) throw new Error(`OPSCOM got ${pushed()} pushes in 5 minutes`);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		await cluster.killWorker(victim);
		const tKill = Date.now();
		const pushesAtKill = pushed();
		// Requests already sent land after the kill (the sandbox answers after its latency).
		await new Promise((resolve) => setTimeout(resolve, latencyMs * 4 + 250));
		const inOpscom = new Set(sandbox.opscom.api.snapshot().profiles.map((p) => p.unique_id));
		const neverPushed = people.filter((p) => !inOpscom.has(p.id)).map((p) => p.id);
		expect(neverPushed.length).toBeGreaterThan(0);

		// The other worker runs it again at once; n8n fails the killed execution meanwhile.
		for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].faults.configure({});
		const requestsBeforeRerun = sandbox.opscom.requests.length;
		const rerun = await n8n.runManually(workflow.id, { timeoutMs: 600_000 });
		const tRerun = Date.now();
		const rerunPushed = new Set(
			sandbox.opscom.requests
				.slice(requestsBeforeRerun)
				.filter(isPush)
				.map((r) => r.json?.unique_id),
		);
		const opscomRows = nodeOutput(rerun, 'Push to OPSCOM') ?? [];
		const held = notHeld(sandbox, people);
		const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
		console.log(
			`crash test (OPSCOM, ${size} people, ${latencyMs} ms latency): ${victim} killed ${secs(tKill - t0)} into execution ${crashedId}, ` +
				`after ${pushesAtKill} OPSCOM pushes (${size - neverPushed.length} profiles held once in-flight requests landed, ` +
				`${neverPushed.length} never pushed). ` +
				`Re-run ${rerun.id} on ${n8n.workerOf(rerun.id)} "${rerun.status}" in ${secs(tRerun - tKill)}: ` +
				`${rerunPushed.size} OPSCOM pushes, OPSCOM says ${JSON.stringify(tally(opscomRows))}, ` +
				`summary [${summary(rerun).join('; ')}]; not held as in the roster after it: ` +
				`OPSCOM ${held.opscom.length}, VALT ${held.valt.length}, RCAMS ${held.rcams.length}`,
		);

		expect(n8n.workerOf(rerun.id)).not.toBe(victim);
		expect(executionError(rerun)).toBeUndefined();
		expect(rerun.status).toBe('success');
		expect(nodeOutput(rerun, 'Failures to Review') ?? []).toEqual([]);
		// Everyone the killed run never pushed is pushed now, and reported created (or updated);
		// OPSCOM holds every profile, VALT and RCAMS every user once, with the roster's values.
		const none = few([]);
		expect({
			'never pushed by the killed run, not pushed by the re-run': few(
				neverPushed.filter((id) => !rerunPushed.has(id)),
			),
			'never pushed by the killed run, not reported created or updated': few(
				notSent(actionsByPerson(opscomRows), neverPushed),
			),
			'OPSCOM rows of the re-run': opscomRows.length,
			'not held as in the roster: OPSCOM': few(held.opscom),
			'not held as in the roster: IVS VALT (once)': few(held.valt),
			'not held as in the roster: RCAMS (once)': few(held.rcams),
		}).toEqual({
			'never pushed by the killed run, not pushed by the re-run': none,
			'never pushed by the killed run, not reported created or updated': none,
			'OPSCOM rows of the re-run': size,
			'not held as in the roster: OPSCOM': none,
			'not held as in the roster: IVS VALT (once)': none,
			'not held as in the roster: RCAMS (once)': none,
		});
	} finally {
		for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].faults.configure({});
		// Back for the next test (it marks the killed execution crashed from its event log).
		if (cluster.worker(victim).exitInfo) await cluster.startWorker(victim);
	}
}, 900_000);

test('a second night on the other worker leaves every vendor holding the roster, through PostgreSQL', async () => {
	const { sandbox, cluster } = n8n;
	const people = generateRoster(50, 'qh');
	const file = path.join(exportsFolder(n8n.userFolder), 'Queue-history.csv');
	const workflow = await n8n.importWorkflow(
		{ ...runNow(nightlyExample), name: 'Queue: history' },
		{ rosterFile: writeRoster(file, people) },
	);
	// Scheduled-like runs (webhook): n8n saves what a node remembers for these, never for manual runs.
	const first = await n8n.runWorkflow(workflow.id);
	expect(summary(first)).toEqual(allCreated(people.length));
	const writer = n8n.workerOf(first.id);

	// Only the other worker is left to run the next night.
	await cluster.stopWorker(writer);
	try {
		for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].requests.length = 0;
		const second = await n8n.runWorkflow(workflow.id);
		expect(n8n.workerOf(second.id)).not.toBe(writer);
		// VALT and RCAMS are read back: the other worker finds everyone and writes nothing there.
		const lines = summary(second);
		expect(lines).toEqual(
			expect.arrayContaining([`IVS VALT unchanged ${people.length}`, `RCAMS unchanged ${people.length}`]),
		);
		// OPSCOM cannot be read: only what the workflow remembers could say nothing changed, and
		// n8n 2.41 does not hand a workflow's static data to a queue-mode worker for a new
		// execution (its execution snapshot keeps id, name, nodes, connections and settings only).
		// The node then trusts nothing and pushes everyone again: correct, without the savings.
		const pushes = sandbox.opscom.requests.filter((r) => r.path.endsWith('/push')).length;
		console.log(`queue: second night on the other worker: ${lines.join('; ')}; OPSCOM pushes ${pushes}`);
		expect(pushes).toBe(people.length);
		expect(sandbox.opscom.api.profiles.size).toBeGreaterThanOrEqual(people.length);
	} finally {
		await cluster.startWorker(writer);
	}
}, 300_000);
