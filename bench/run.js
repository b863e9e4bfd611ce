/**
 * `npm run bench`: the OPSCOM push of one roster, three ways, on the same sandbox
 * with fixed latency — our node at its defaults, n8n's HTTP Request node configured
 * by hand to make the same calls, and the latency bound — then the same with a
 * rate-limited and with a faulty sandbox, counting the people each approach lost.
 */
const { fork } = require('node:child_process');
const inspector = require('node:inspector');
const path = require('node:path');
const { createEngine, singleNodeWorkflow } = require('../test/engine');
const { SANDBOX_SECRETS } = require('../sandbox/secrets');

const ROSTER_SIZE = Number(process.env.BENCH_ROSTER ?? 1000);
// Vendor servers answer in 100–300 ms; 100 ms keeps the run short while staying realistic.
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const CONCURRENCY = 5; // our node's default

const roster = Array.from({ length: ROSTER_SIZE }, (_, i) => ({
	id: `B${String(i).padStart(6, '0')}`,
	first: `First${i}`,
	last: `Last${i}`,
	email: `person${i}@school.edu`,
}));

async function admin(url, method, action, body) {
	const response = await fetch(`${url}/__sandbox/${action}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return await response.json();
}

function ourNode() {
	return singleNodeWorkflow({
		type: 'opscom',
		items: roster,
		continueOnFail: true,
		parameters: {
			resource: 'profile',
			operation: 'createOrUpdate',
			uniqueId: '={{ $json.id }}',
			loginSource: 'OPSCOM',
			firstName: '={{ $json.first }}',
			lastName: '={{ $json.last }}',
			email: '={{ $json.email }}',
		},
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
		'seconds': seconds.toFixed(2),
		'CPU ms/item': ((cpu.user + cpu.system) / 1000 / ROSTER_SIZE).toFixed(3),
		'peak RSS MB': (peakRss / 2 ** 20).toFixed(0),
		'RSS growth MB': ((peakRss - rssBefore) / 2 ** 20).toFixed(0),
		'outputs': output.length,
		'error items': errorItems,
		'lost people': lost,
	};
}

async function scenario(title, url, faults, engine, latency = LATENCY_MS) {
	const rows = [];
	for (const [label, workflow] of [
		['our OPSCOM node (defaults)', ourNode()],
		['HTTP Request node by hand', httpRequestNode(url, latency)],
	]) {
		await admin(url, 'POST', 'reset');
		await admin(url, 'PUT', 'faults', faults);
		rows.push(await measure(label, engine, workflow, url));
	}
	console.log(`\n### ${title}`);
	console.table(rows);
	return rows;
}

/**
 * CPU spent in this package's own code (our node, credential and zod validation), by
 * sampling a separate run: n8n's expression engine and HTTP stack are not ours.
 */
async function ourCpuPerItem(engine, url) {
	await admin(url, 'POST', 'reset');
	await admin(url, 'PUT', 'faults', { latencyMs: LATENCY_MS });
	const session = new inspector.Session();
	session.connect();
	const post = (method, params) =>
		new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: 100 });
	await post('Profiler.start');
	await engine.run(ourNode());
	const { profile } = await post('Profiler.stop');
	session.disconnect();
	const ours = (url) => /\/dist\/(nodes|credentials)\/|\/node_modules\/zod\//.test(url);
	const selfMicros = new Map();
	profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	let micros = 0;
	for (const node of profile.nodes) if (ours(node.callFrame.url)) micros += selfMicros.get(node.id) ?? 0;
	return micros / 1000 / ROSTER_SIZE;
}

async function main() {
	const child = fork(path.join(__dirname, 'sandbox-process.js'), { stdio: 'inherit' });
	const { urls } = await new Promise((resolve) => child.once('message', resolve));
	const url = urls.opscom;
	const engine = createEngine({
		opscomApi: { baseUrl: url, clientCode: 'OC_TOMA', apiToken: SANDBOX_SECRETS.opscom.apiToken },
	});

	console.log(`Roster: ${ROSTER_SIZE} people; sandbox latency ${LATENCY_MS} ms; concurrency ${CONCURRENCY}; node ${process.version}`);
	// Warm up the engine and the connection pool so the first approach is not penalised.
	await engine.run(singleNodeWorkflow({ type: 'opscom', parameters: { resource: 'userType', operation: 'getAll' } }));

	for (const latency of [LATENCY_MS, 2 * LATENCY_MS]) {
		const fixed = await scenario(`Fixed latency ${latency} ms`, url, { latencyMs: latency }, engine, latency);
		const bound = (ROSTER_SIZE * latency) / CONCURRENCY / 1000;
		const ours = Number(fixed[0]['items/s']);
		console.log(
			`Latency bound (items × latency ÷ concurrency): ${bound.toFixed(2)} s = ${(ROSTER_SIZE / bound).toFixed(1)} items/s. ` +
				`Our node: ${((ours / (ROSTER_SIZE / bound)) * 100).toFixed(1)}% of the bound, ` +
				`${(ours / Number(fixed[1]['items/s'])).toFixed(2)}× the HTTP Request node.`,
		);
	}

	const ourCpu = await ourCpuPerItem(engine, url);
	console.log(`CPU in this package's own code (sampled): ${ourCpu.toFixed(3)} ms per item`);

	await scenario('Rate limited (20 requests/s, 429 + Retry-After: 1)', url, {
		latencyMs: LATENCY_MS,
		rateLimitPerSecond: 20,
		retryAfterSeconds: 1,
	}, engine);
	await scenario('Faulty (5% each: 503, 429, reset, HTML 502, slow body, lost response; seed 42)', url, {
		latencyMs: LATENCY_MS,
		errorRates: { error5xx: 0.05, rateLimited: 0.05, reset: 0.05, html: 0.05, slowBody: 0.05, lostResponse: 0.05 },
		retryAfterSeconds: 1,
		slowBodyMs: 500,
		seed: 42,
	}, engine);
	child.disconnect();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
