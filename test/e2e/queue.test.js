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
 *    holding exactly the roster, nobody created twice.
 *
 * Which worker ran an execution comes from the workers' own logs ("Worker started execution
 * 7 (job 3)"): n8n keeps no worker id in the execution.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startN8nInstance, nodeOutput, executionError, BOOT_TIMEOUT_MS } = require('./n8n-instance');

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const nightlyExample = JSON.parse(
	fs.readFileSync(path.join(EXAMPLES, 'nightly-roster-sync.json'), 'utf8'),
);
const rosterNode = nightlyExample.nodes.find((node) => node.name.startsWith('Roster'));
const examplePeople = JSON.parse(rosterNode.parameters.jsonOutput).people;

/** The nightly sync example with its roster replaced by `people` (and its own name). */
function nightly(people, name) {
	return {
		...nightlyExample,
		name,
		nodes: nightlyExample.nodes.map((node) =>
			node === rosterNode
				? { ...node, parameters: { ...node.parameters, jsonOutput: JSON.stringify({ people }) } }
				: node,
		),
	};
}

/** `size` people shaped like the example's, unique per `tag`. */
function roster(size, tag) {
	return Array.from({ length: size }, (_, i) => ({
		id: `${tag.toUpperCase()}${String(i).padStart(5, '0')}`,
		first: `First${i}`,
		last: `Last${tag}${i}`,
		email: `${tag}.${i}@school.edu`,
		login: `${tag}.${i}`,
		password: `Welcome-${i}!`,
		card: String(100000 + i),
		opscomUserType: '1',
		valtGroup: 2,
		districts: i % 2 === 0 ? '1' : '1,3',
	}));
}

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
	const workflow = await n8n.importWorkflow(nightly(examplePeople, 'Queue: nightly sync'));
	const execution = await n8n.runManually(workflow.id);

	expect(executionError(execution)).toBeUndefined();
	expect(execution.status).toBe('success');
	expect(nodeOutput(execution, 'Synced')).toHaveLength(examplePeople.length);
	firstWorker = n8n.workerOf(execution.id);
	expect(n8n.cluster.workerNames).toContain(firstWorker);
	// The main instance only queued it.
	expect(n8n.log()).not.toMatch(/Worker started execution/);
	expectHeldOnce(n8n.sandbox, examplePeople);
	expect(n8n.sandbox.valt.api.snapshot().logins).toBe(1);
}, 120_000);

test('two rosters started at once run on both workers; the VALT session the first worker obtained serves the other too', async () => {
	const { sandbox } = n8n;
	const rosters = [roster(100, 'qa'), roster(100, 'qb')];
	// Slow enough that both runs overlap: neither worker can take both jobs one after the other.
	for (const vendor of ['opscom', 'valt', 'rcams'])
		sandbox[vendor].faults.configure({ latencyMs: 20 });
	try {
		const workflows = await Promise.all(
			rosters.map((people, i) => n8n.importWorkflow(nightly(people, `Queue: roster ${i + 1}`))),
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
	const people = roster(2000, 'qk');
	const workflow = await n8n.importWorkflow(nightly(people, 'Queue: 2,000 people'));
	const valtUsersBefore = sandbox.valt.api.users.size;
	const createdInValt = () => sandbox.valt.api.users.size - valtUsersBefore;
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
	// At most the requests in flight at the kill (the node's default concurrency, 5) reached
	// VALT after it.
	const createdAfterCrash = createdInValt();
	expect(createdAfterCrash - createdBeforeKill).toBeLessThanOrEqual(5);

	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].faults.configure({});
	await cluster.startWorker(victim);
	const rerun = await n8n.runManually(workflow.id, { timeoutMs: 600_000 });
	const tRerun = Date.now();

	expect(executionError(rerun)).toBeUndefined();
	expect(rerun.status).toBe('success');
	expect(nodeOutput(rerun, 'Synced')).toHaveLength(people.length);
	expect(nodeOutput(rerun, 'Failures to Review')).toBeUndefined();
	expectHeldOnce(sandbox, people);
	// Across both runs, one create per person: the re-run created only those the killed run
	// had not, and updated the others.
	const creates = createsPerPerson(sandbox);
	const notCreatedOnce = (counts, key) =>
		people.filter((p) => counts.get(p[key]) !== 1).map((p) => p[key]);
	expect(notCreatedOnce(creates.valt, 'login')).toEqual([]);
	expect(notCreatedOnce(creates.rcams, 'email')).toEqual([]);
	const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
	console.log(
		`crash test: ${victim} killed ${secs(tKill - t0)} into execution ${crashedId}, after ${createdBeforeKill} VALT creates ` +
			`(${createdAfterCrash} once n8n had failed it, ${secs(tFailed - tKill)} after the kill: "${crashed.status}", ` +
			`${executionError(crashed)?.message}); re-run ${rerun.id} on ${n8n.workerOf(rerun.id)} in ${secs(tRerun - tFailed)}`,
	);
}, 900_000);

// Needs the record engine's "changed-only sync" (history kept in n8n's deduplication store,
// in PostgreSQL here, so shared by the workers). When it lands, with the run options it
// takes:
//   const first = await n8n.runManually(id);                 // writes the history
//   await n8n.cluster.stopWorker(n8n.workerOf(first.id));    // the other worker must run next
//   const second = await n8n.runManually(id);
//   expect(n8n.workerOf(second.id)).not.toBe(n8n.workerOf(first.id));
//   expect(<second run's skipped-as-unchanged count>).toBe(people.length);
//   await n8n.cluster.startWorker(n8n.workerOf(first.id));
test.todo('the changed-only history written by one worker is honoured by the other');
