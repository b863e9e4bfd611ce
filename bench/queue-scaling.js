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
 *   BENCH_QUEUE_ROSTER=1000 BENCH_QUEUE_ROSTERS=4 BENCH_LATENCY_MS=100
 */
const fs = require('node:fs');
const path = require('node:path');
const { startN8nInstance } = require('../test/e2e/n8n-instance');

const ROSTER_SIZE = Number(process.env.BENCH_QUEUE_ROSTER ?? 1000);
const ROSTERS = Number(process.env.BENCH_QUEUE_ROSTERS ?? 4);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const example = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', 'examples', 'opscom-push-profiles.json'), 'utf8'),
);

function pushWorkflow(index, size = ROSTER_SIZE) {
	const people = Array.from({ length: size }, (_, i) => ({
		id: `R${index}-${String(i).padStart(6, '0')}`,
		first: `First${i}`,
		last: `Last${i}`,
		email: `r${index}.person${i}@school.edu`,
	}));
	return {
		...example,
		name: `Bench: roster ${index + 1} (${size} people)`,
		nodes: example.nodes.map((node) =>
			node.name.startsWith('Roster')
				? { ...node, parameters: { ...node.parameters, jsonOutput: JSON.stringify({ people }) } }
				: node,
		),
	};
}

/** Starts every roster at once; returns wall time, throughput and where they ran. */
async function measure(n8n, workflowIds, size = ROSTER_SIZE) {
	n8n.sandbox.opscom.api.reset();
	n8n.sandbox.opscom.faults.configure({ latencyMs: LATENCY_MS });
	const ids = await Promise.all(workflowIds.map((id) => n8n.startManually(id)));
	const executions = await Promise.all(
		ids.map((id) => n8n.waitForExecution(id, { timeoutMs: 900_000 })),
	);
	const failed = executions.filter((execution) => execution.status !== 'success');
	if (failed.length > 0) throw new Error(`${failed.length} roster run(s) failed`);
	const from = Math.min(...executions.map((e) => Date.parse(e.createdAt)));
	const to = Math.max(...executions.map((e) => Date.parse(e.stoppedAt)));
	const seconds = (to - from) / 1000;
	const pushed = n8n.sandbox.opscom.api.snapshot().profiles.length;
	if (pushed !== size * workflowIds.length) throw new Error(`OPSCOM holds ${pushed} profiles`);
	const perWorker = {};
	for (const id of ids) {
		const worker = n8n.workerOf(id);
		perWorker[worker] = (perWorker[worker] ?? 0) + 1;
	}
	return { seconds, rate: (size * workflowIds.length) / seconds, perWorker };
}

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
		const two = await measure(n8n, workflowIds);
		await n8n.cluster.stopWorker('worker-2');
		const one = await measure(n8n, workflowIds);
		const row = (workers, result) => ({
			'worker concurrency': label,
			workers,
			'wall s': result.seconds.toFixed(1),
			'items/s': result.rate.toFixed(1),
			'rosters per worker': Object.entries(result.perWorker)
				.sort()
				.map(([worker, count]) => `${worker}: ${count}`)
				.join(', '),
		});
		return { rows: [row(1, one), row(2, two)], ratio: two.rate / one.rate };
	} finally {
		await n8n.stop();
	}
}

async function main() {
	console.log(
		`\n### Queue mode: ${ROSTERS} rosters of ${ROSTER_SIZE} people at once, OPSCOM push, ` +
			`${LATENCY_MS} ms latency, our node's default concurrency (5 requests per roster)`,
	);
	const results = [await variant("n8n's default (10 jobs)", undefined), await variant('1 job', 1)];
	console.table(results.flatMap((result) => result.rows));
	const bound = (5 * 1000) / LATENCY_MS;
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
