/**
 * Queue-mode scaling: four 1,000-person rosters pushed to OPSCOM (examples/opscom-push-profiles.json)
 * at 100 ms vendor latency, all four started at once as manual runs, on a real n8n 2.41.1 in
 * queue mode (PostgreSQL, Redis, main + workers; test/e2e/n8n-instance.js) with one worker
 * and with two. Wall time runs from the first execution's creation to the last one's end, as
 * n8n recorded them.
 *
 * Twice: with n8n's default worker concurrency (10 jobs per worker: one worker already runs
 * all four at once) and with one job per worker (`n8n worker --concurrency=1`, as some
 * deployments run workers to keep heavy jobs apart).
 *
 *   npm run bench:queue            (also the last part of `npm run bench`)
 *   BENCH_QUEUE_ROSTER=1000 BENCH_QUEUE_ROSTERS=4 BENCH_LATENCY_MS=100 BENCH_QUEUE_REPEATS=1
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startN8nInstance } = require('../test/e2e/n8n-instance');

const ROSTER_SIZE = Number(process.env.BENCH_QUEUE_ROSTER ?? 1000);
const ROSTERS = Number(process.env.BENCH_QUEUE_ROSTERS ?? 4);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
// One worker and two alternate this many times; the table shows the median runs.
const REPEATS = Number(process.env.BENCH_QUEUE_REPEATS ?? 1);
const example = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', 'examples', 'opscom-push-profiles.json'), 'utf8'),
);

function pushWorkflow(index, size = ROSTER_SIZE) {
	const people = Array.from({ length: size }, (_, i) => ({
		'Unique ID': `R${index}-${String(i).padStart(6, '0')}`,
		'First Name': `First${i}`,
		'Last Name': `Last${i}`,
		Email: `r${index}.person${i}@school.edu`,
	}));
	return {
		...example,
		name: `Bench: roster ${index + 1} (${size} people)`,
		nodes: example.nodes.map((node) => {
			if (node.name.startsWith('Roster')) {
				return {
					...node,
					parameters: { ...node.parameters, jsonOutput: JSON.stringify({ people }) },
				};
			}
			// Every measured run pushes everyone: the same rosters run again and again, and the
			// node would otherwise (rightly) skip the people its history says OPSCOM already has.
			if (node.type === 'n8n-nodes-campus-safety.opscom') {
				const options = { ...node.parameters.options, syncMode: 'all' };
				return { ...node, parameters: { ...node.parameters, options } };
			}
			return node;
		}),
	};
}

/** CPU seconds a process has used so far (Linux /proc; 0 if it is gone). */
function cpuSeconds(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime (fields 14 and 15 of the whole line), in clock ticks of 1/100 s.
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return 0;
	}
}

/** Starts every roster at once; returns wall time, throughput, CPU and where they ran. */
async function measure(n8n, workflowIds, size = ROSTER_SIZE) {
	n8n.sandbox.opscom.api.reset();
	n8n.sandbox.opscom.faults.configure({ latencyMs: LATENCY_MS });
	const workers = n8n.cluster.workerNames
		.map((name) => n8n.cluster.worker(name))
		.filter((worker) => !worker.exitInfo);
	const cpu = () => ({
		workers: workers.reduce((sum, worker) => sum + cpuSeconds(worker.child.pid), 0),
		main: cpuSeconds(n8n.cluster.main.child.pid),
	});
	const cpuBefore = cpu();
	const ids = await Promise.all(workflowIds.map((id) => n8n.startManually(id)));
	const executions = await Promise.all(
		ids.map((id) => n8n.waitForExecution(id, { timeoutMs: 900_000 })),
	);
	const cpuAfter = cpu();
	const failed = executions.filter((execution) => execution.status !== 'success');
	if (failed.length > 0) throw new Error(`${failed.length} roster run(s) failed`);
	const from = Math.min(...executions.map((e) => Date.parse(e.createdAt)));
	const to = Math.max(...executions.map((e) => Date.parse(e.stoppedAt)));
	const seconds = (to - from) / 1000;
	const items = size * workflowIds.length;
	const pushed = n8n.sandbox.opscom.api.snapshot().profiles.length;
	if (pushed !== items) throw new Error(`OPSCOM holds ${pushed} profiles`);
	const perWorker = {};
	for (const id of ids) {
		const worker = n8n.workerOf(id);
		perWorker[worker] = (perWorker[worker] ?? 0) + 1;
	}
	return {
		seconds,
		rate: items / seconds,
		workerCpuMsPerItem: ((cpuAfter.workers - cpuBefore.workers) * 1000) / items,
		mainCpuMsPerItem: ((cpuAfter.main - cpuBefore.main) * 1000) / items,
		perWorker,
	};
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * One cluster of two workers; alternates runs with both workers and with worker-2 stopped,
 * REPEATS times, and reports the median run of each.
 */
async function variant(label, concurrency) {
	const n8n = await startN8nInstance({ queue: { workers: 2, concurrency } });
	try {
		await n8n.createSandboxCredentials(['opscomApi']);
		const workflowIds = [];
		for (let i = 0; i < ROSTERS; i++)
			workflowIds.push((await n8n.importWorkflow(pushWorkflow(i))).id);
		// Two small rosters first warm both workers up (loading the nodes, compiling).
		const warmUp = [];
		for (let i = 0; i < 2; i++)
			warmUp.push((await n8n.importWorkflow(pushWorkflow(100 + i, 20))).id);
		await measure(n8n, warmUp, 20);
		const runs = { 1: [], 2: [] };
		for (let repeat = 0; repeat < REPEATS; repeat++) {
			runs[2].push(await measure(n8n, workflowIds));
			await n8n.cluster.stopWorker('worker-2');
			runs[1].push(await measure(n8n, workflowIds));
			if (repeat < REPEATS - 1) await n8n.cluster.startWorker('worker-2');
		}
		const row = (workers) => {
			const result = runs[workers].find(
				(run) => run.rate === median(runs[workers].map((r) => r.rate)),
			);
			return {
				'worker concurrency': label,
				workers,
				'wall s': result.seconds.toFixed(1),
				'items/s': result.rate.toFixed(1),
				...(REPEATS > 1
					? { 'items/s runs': runs[workers].map((run) => run.rate.toFixed(1)).join(', ') }
					: {}),
				'worker CPU ms/item': result.workerCpuMsPerItem.toFixed(2),
				'main CPU ms/item': result.mainCpuMsPerItem.toFixed(2),
				'rosters per worker': Object.entries(result.perWorker)
					.sort()
					.map(([worker, count]) => `${worker}: ${count}`)
					.join(', '),
			};
		};
		const rows = [row(1), row(2)];
		return { rows, ratio: Number(rows[1]['items/s']) / Number(rows[0]['items/s']) };
	} finally {
		await n8n.stop();
	}
}

async function main() {
	console.log(
		`\n### Queue mode: ${ROSTERS} rosters of ${ROSTER_SIZE} people at once, OPSCOM push, ` +
			`${LATENCY_MS} ms latency, our node's default concurrency (adaptive: 2 to 50 requests in flight per roster)` +
			`${REPEATS > 1 ? `, median of ${REPEATS} alternating runs` : ''}; ${os.cpus().length} cores`,
	);
	const results = [await variant("n8n's default (10 jobs)", undefined), await variant('1 job', 1)];
	console.table(results.flatMap((result) => result.rows));
	// The adaptive pace allows up to 50 requests in flight per roster (PACE.max).
	const bound = (50 * 1000) / LATENCY_MS;
	console.log(
		`Two workers ÷ one worker, throughput: ${results.map((r, i) => `${r.ratio.toFixed(2)}× (${['default concurrency', 'one job per worker'][i]})`).join('; ')}. ` +
			`Latency bound per roster: ${bound.toFixed(0)} items/s, ${(bound * ROSTERS).toFixed(0)} items/s for ${ROSTERS} at once.`,
	);
}

module.exports = { main };

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
