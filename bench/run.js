/**
 * `npm run bench`: the OPSCOM push of one roster, three ways, on the same sandbox
 * with fixed latency — our node at its defaults, n8n's HTTP Request node configured
 * by hand to make the same calls, and the latency bound — then the same with a
 * rate-limited and with a faulty sandbox, counting the people each approach lost;
 * last, queue-mode scaling in a real n8n (bench/queue-scaling.js).
 */
const http = require('node:http');
const { createEngine, singleNodeWorkflow } = require('../test/engine');
const { SANDBOX_SECRETS } = require('../sandbox/secrets');
const {
	admin,
	credentialsFor,
	profiled,
	resetVendor,
	startSandboxProcess,
	PARAMETERS,
} = require('./common');
const { runSyncBench } = require('./sync');
const { runPaceBench } = require('./pace');

const ROSTER_SIZE = Number(process.env.BENCH_ROSTER ?? 1000);
// Vendor servers answer in 100–300 ms; 100 ms keeps the run short while staying realistic.
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
// The HTTP Request node's batch size, and our node's fixed value beside its adaptive default.
const CONCURRENCY = 5;
// Fixed-latency runs alternate the two approaches this many times; the table shows medians.
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

// OPSCOM's four columns, not bench/common.js's person: the figures per item are of this shape.
const roster = Array.from({ length: ROSTER_SIZE }, (_, i) => ({
	id: `B${String(i).padStart(6, '0')}`,
	first: `First${i}`,
	last: `Last${i}`,
	email: `person${i}@school.edu`,
}));

function ourNode(options) {
	return singleNodeWorkflow({
		type: 'opscom',
		items: roster,
		continueOnFail: true,
		parameters: options ? { ...PARAMETERS.opscom, options } : PARAMETERS.opscom,
	});
}

/** What a user would build by hand: HTTP Request, JSON body with the token, batching for politeness. */
function httpRequestNode(url, latency) {
	const workflow = singleNodeWorkflow({
		type: 'n8n-nodes-base.httpRequest',
		items: roster,
		continueOnFail: true,
		parameters: {
			method: 'POST',
			url: `${url}/api/OC_TOMA/v1/profiles/push`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Cache-Control', value: 'no-cache' }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ apiToken: '${SANDBOX_SECRETS.opscom.apiToken}', unique_id: $json.id, login_source: 'OPSCOM', first_name: $json.first, last_name: $json.last, email: $json.email }) }}`,
			options: { batching: { batch: { batchSize: CONCURRENCY, batchInterval: latency } } },
		},
	});
	const node = workflow.nodes.find((n) => n.name === 'Node');
	node.typeVersion = 4.2;
	// The retry a careful user switches on in the node's settings.
	Object.assign(node, { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 });
	return workflow;
}

async function measure(label, engine, workflow, url) {
	await admin(url, 'DELETE', 'requests');
	// Every run here is a first run: forget what earlier runs sent (see bench/sync.js for reruns).
	engine.deduplication.rows.clear();
	engine.staticData.clear();
	const cpuBefore = process.cpuUsage();
	let peakRss = process.memoryUsage().rss;
	const rssBefore = peakRss;
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
	const started = process.hrtime.bigint();
	const run = await engine.run(workflow);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	clearInterval(sampler);
	const cpu = process.cpuUsage(cpuBefore);

	const { profiles } = await admin(url, 'GET', 'state');
	const pushed = new Set(profiles.map((p) => p.unique_id));
	const lost = roster.filter((person) => !pushed.has(person.id)).length;
	const output = run.runData.Node?.[0]?.data?.main?.[0] ?? [];
	const errorItems = output.filter((item) => item.json.error !== undefined).length;
	return {
		approach: label,
		'items/s': (ROSTER_SIZE / seconds).toFixed(1),
		seconds: seconds.toFixed(2),
		'CPU ms/item': ((cpu.user + cpu.system) / 1000 / ROSTER_SIZE).toFixed(3),
		'peak RSS MB': (peakRss / 2 ** 20).toFixed(0),
		'RSS growth MB': ((peakRss - rssBefore) / 2 ** 20).toFixed(0),
		outputs: output.length,
		'error items': errorItems,
		'lost people': lost,
	};
}

async function scenario(title, url, faults, engine, latency = LATENCY_MS, repeats = 1, more = []) {
	const approaches = [
		['our OPSCOM node (defaults)', ourNode()],
		['HTTP Request node by hand', httpRequestNode(url, latency)],
		...more,
	];
	// Alternating the approaches spreads any drift of the machine over both.
	const runs = approaches.map(() => []);
	for (let repeat = 0; repeat < repeats; repeat++) {
		for (const [index, [label, workflow]] of approaches.entries()) {
			await resetVendor(url, faults);
			runs[index].push(await measure(label, engine, workflow, url));
		}
	}
	const rows = runs.map(medianRow);
	console.log(`\n### ${title}${repeats > 1 ? ` (median of ${repeats} alternating runs)` : ''}`);
	console.table(rows);
	return { rows, runs };
}

/**
 * The same pushes from a bare Node.js HTTP client (a new connection per request, as n8n
 * makes): what the sandbox and the network allow before any n8n or node code runs.
 */
async function plainClientRate(url, latency) {
	await resetVendor(url, { latencyMs: latency });
	let next = 0;
	const push = (person) =>
		new Promise((resolve, reject) => {
			const body = JSON.stringify({
				apiToken: SANDBOX_SECRETS.opscom.apiToken,
				unique_id: person.id,
				login_source: 'OPSCOM',
				first_name: person.first,
				last_name: person.last,
				email: person.email,
			});
			const request = http.request(
				`${url}/api/OC_TOMA/v1/profiles/push`,
				{
					method: 'POST',
					agent: new http.Agent(),
					headers: {
						'Content-Type': 'application/json',
						'Content-Length': Buffer.byteLength(body),
					},
				},
				(response) => response.resume().on('end', resolve),
			);
			request.on('error', reject);
			request.end(body);
		});
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < roster.length) await push(roster[next++]);
		}),
	);
	return ROSTER_SIZE / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** The run with the median throughput stands for the approach; the spread is shown beside it. */
function medianRow(runs) {
	const sorted = [...runs].sort((a, b) => Number(a['items/s']) - Number(b['items/s']));
	const median = sorted[Math.floor(sorted.length / 2)];
	if (runs.length === 1) return median;
	const range = `${sorted[0]['items/s']}–${sorted[sorted.length - 1]['items/s']}`;
	return { ...median, 'items/s range': range };
}

/**
 * CPU spent in this package's own code (our node, credential and zod validation), by
 * sampling a separate run: n8n's expression engine and HTTP stack are not ours.
 */
async function ourCpuPerItem(engine, url) {
	await resetVendor(url, { latencyMs: LATENCY_MS });
	engine.deduplication.rows.clear();
	engine.staticData.clear();
	const { profile } = await profiled(() => engine.run(ourNode()), 100);
	const ours = (url) => /\/dist\/(nodes|credentials)\/|\/node_modules\/zod\//.test(url);
	const selfMicros = new Map();
	profile.samples.forEach((id, i) =>
		selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
	);
	let micros = 0;
	for (const node of profile.nodes)
		if (ours(node.callFrame.url)) micros += selfMicros.get(node.id) ?? 0;
	return micros / 1000 / ROSTER_SIZE;
}

async function main() {
	const sandbox = await startSandboxProcess();
	const { urls } = sandbox;
	const url = urls.opscom;
	const engine = createEngine({ opscomApi: credentialsFor(urls).opscomApi });

	console.log(
		`Roster: ${ROSTER_SIZE} people; sandbox latency ${LATENCY_MS} ms; our node adaptive (and fixed ${CONCURRENCY}), the HTTP Request node in batches of ${CONCURRENCY}; node ${process.version}`,
	);
	// Warm up the engine and the connection pool so the first approach is not penalised.
	await engine.run(
		singleNodeWorkflow({
			type: 'opscom',
			parameters: { resource: 'userType', operation: 'getAll' },
		}),
	);

	for (const latency of [LATENCY_MS, 2 * LATENCY_MS]) {
		const { rows, runs } = await scenario(
			`Fixed latency ${latency} ms`,
			url,
			{ latencyMs: latency },
			engine,
			latency,
			REPEATS,
			[[`our OPSCOM node, fixed ${CONCURRENCY}`, ourNode({ concurrency: CONCURRENCY })]],
		);
		const boundRate = (CONCURRENCY * 1000) / latency;
		const [ours, http, fixed] = rows.map((row) => Number(row['items/s']));
		const ratios = (index) =>
			runs[index].map((run, i) =>
				(Number(run['items/s']) / Number(runs[1][i]['items/s'])).toFixed(2),
			);
		console.log(
			`Our node at its defaults (adaptive), median: ${(ours / http).toFixed(2)}× the HTTP Request node (run by run: ${ratios(0).join(', ')}×). ` +
				`At a fixed ${CONCURRENCY}, like the HTTP Request node's batches: ${(fixed / http).toFixed(2)}× (${ratios(2).join(', ')}×).`,
		);
		const plain = await plainClientRate(url, latency);
		console.log(
			`Latency bound at ${CONCURRENCY} in flight (items × latency ÷ ${CONCURRENCY}): ${boundRate.toFixed(1)} items/s; a bare Node.js client at ${CONCURRENCY} in flight: ${plain.toFixed(1)} items/s = ${((plain / boundRate) * 100).toFixed(1)}% of it; ` +
				`our node at fixed ${CONCURRENCY} reaches ${((fixed / plain) * 100).toFixed(1)}% of that client.`,
		);
	}

	const ourCpu = await ourCpuPerItem(engine, url);
	console.log(`CPU in this package's own code (sampled): ${ourCpu.toFixed(3)} ms per item`);

	await scenario(
		'Rate limited (20 requests/s, 429 + Retry-After: 1)',
		url,
		{
			latencyMs: LATENCY_MS,
			rateLimitPerSecond: 20,
			retryAfterSeconds: 1,
		},
		engine,
	);
	await scenario(
		'Faulty (5% each: 503, 429, reset, HTML 502, slow body, lost response; seed 42)',
		url,
		{
			latencyMs: LATENCY_MS,
			errorRates: {
				error5xx: 0.05,
				rateLimited: 0.05,
				reset: 0.05,
				html: 0.05,
				slowBody: 0.05,
				lostResponse: 0.05,
			},
			retryAfterSeconds: 1,
			slowBodyMs: 500,
			seed: 42,
		},
		engine,
	);
	await runSyncBench(urls);
	// The pace the node finds on its own, and a vendor that goes down (bench/pace.js).
	if (process.env.BENCH_PACE !== '0') await runPaceBench(urls);
	sandbox.stop();

	// Queue mode: the same push, four rosters at once, one worker against two (a real n8n;
	// provisions Node 24, n8n and PostgreSQL in .runtime/ on first use). BENCH_QUEUE=0 skips it.
	if (process.env.BENCH_QUEUE !== '0') await require('./queue-scaling').main();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
