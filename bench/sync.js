/**
 * The nightly sync, measured: for each node, a roster synced once, again with 1% of the people
 * changed, and again with nothing changed — write and read requests and wall time per run —
 * beside the same roster sent by hand with n8n's HTTP Request node (which has no memory, so
 * it writes everyone every night). Then the first run of 1,000 and of 10,000 people without
 * latency, to show the cost per person does not grow with the roster.
 *
 *   node bench/sync.js            (npm run bench runs it after bench/run.js)
 */
const { createEngine, singleNodeWorkflow } = require('../test/engine');
const { SANDBOX_SECRETS } = require('../sandbox/secrets');
const {
	credentialsFor,
	resetVendor,
	roster,
	runNight,
	startSandboxProcess,
	VENDOR_NODES,
} = require('./common');

const ROSTER_SIZE = Number(process.env.BENCH_ROSTER ?? 1000);
const LARGE_ROSTER = Number(process.env.BENCH_LARGE_ROSTER ?? 10000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const CHANGED = Math.max(1, Math.round(ROSTER_SIZE / 100));
const CONCURRENCY = 5;

/** The roster with the first 1% of people changed in the field each vendor holds. */
const changedRoster = (size, field) =>
	roster(size).map((p, i) => (i < CHANGED ? { ...p, [field]: `${p[field]}-changed` } : p));

/** Each node's Create or Update (bench/common.js), and the field its 1%-changed night changes. */
const NODES = {
	OPSCOM: { ...VENDOR_NODES.opscom, changedField: 'first' },
	'IVS VALT': { ...VENDOR_NODES.valt, changedField: 'card' },
	RCAMS: { ...VENDOR_NODES.rcams, changedField: 'phone' },
};

/**
 * What a user builds by hand with the HTTP Request node: one write per person, every night
 * (the ids to edit given in the items, as if looked up beforehand), in batches of our default
 * concurrency, one batch per latency period (as bench/run.js configures it).
 */
function handBuilt(name, url, people, ids) {
	const bodies = {
		OPSCOM: {
			url: `${url}/api/OC_TOMA/v1/profiles/push`,
			body: `={{ JSON.stringify({ apiToken: '${SANDBOX_SECRETS.opscom.apiToken}', unique_id: $json.id, login_source: 'OPSCOM', first_name: $json.first, last_name: $json.last, email: $json.email }) }}`,
		},
		'IVS VALT': {
			url: `={{ '${url}/api/v3/admin/users/' + $json.vendorId + '/edit?access_token=' + $json.token }}`,
			body: '={{ JSON.stringify({ display_name: $json.first + " " + $json.last, card_number: $json.card }) }}',
		},
		RCAMS: {
			url: `${url}/api/v2/user.php`,
			body: "={{ JSON.stringify({ action: 'update', usr_tokenid: $json.vendorId, first_name: $json.first, last_name: $json.last, phone: $json.phone }) }}",
		},
	}[name];
	const basic = Buffer.from(
		`${SANDBOX_SECRETS.rcams.username}:${SANDBOX_SECRETS.rcams.password}`,
	).toString('base64');
	const workflow = singleNodeWorkflow({
		type: 'n8n-nodes-base.httpRequest',
		items: people.map((p, i) => ({ ...p, ...ids[i] })),
		continueOnFail: true,
		parameters: {
			method: 'POST',
			url: bodies.url,
			sendHeaders: name === 'RCAMS',
			headerParameters: { parameters: [{ name: 'Authorization', value: `Basic ${basic}` }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: bodies.body,
			options: { batching: { batch: { batchSize: CONCURRENCY, batchInterval: LATENCY_MS } } },
		},
	});
	workflow.nodes.find((n) => n.name === 'Node').typeVersion = 4.2;
	return workflow;
}

/** Runs a workflow and counts what reached the vendor. */
async function measure(engine, workflow, url, node) {
	const { run, seconds, requests } = await runNight(engine, workflow, url);
	const output = run.runData.Node?.[0]?.data?.main?.[0] ?? [];
	const actions = {};
	for (const item of output) {
		const action = item.json.error === undefined ? (item.json.action ?? 'sent') : 'failed';
		actions[action] = (actions[action] ?? 0) + 1;
	}
	return {
		seconds,
		writes: requests.filter(node.isWrite).length,
		reads: requests.filter(node.isRead).length,
		requests: requests.length,
		actions,
		output,
	};
}

const row = (label, m) => ({
	run: label,
	'write requests': m.writes,
	'read requests': m.reads,
	'wall s': m.seconds.toFixed(2),
	'ms/person': ((m.seconds * 1000) / (m.size ?? ROSTER_SIZE)).toFixed(2),
	outputs: Object.entries(m.actions)
		.map(([action, count]) => `${count} ${action}`)
		.join(', '),
});

async function syncScenario(urls, name) {
	const node = NODES[name];
	const url = urls[node.vendor];
	const engine = createEngine(credentialsFor(urls));
	await resetVendor(url, { latencyMs: LATENCY_MS });
	const workflow = (people) =>
		singleNodeWorkflow({
			type: node.type,
			items: people,
			continueOnFail: true,
			// Fixed at 5 in flight like the HTTP Request node's batches, so the ratios compare the
			// work each night does, not the pace (bench/pace.js measures that).
			parameters: {
				...node.parameters,
				options: { ...node.parameters.options, concurrency: CONCURRENCY },
			},
		});

	const first = await measure(engine, workflow(roster(ROSTER_SIZE)), url, node);
	const changed = await measure(
		engine,
		workflow(changedRoster(ROSTER_SIZE, node.changedField)),
		url,
		node,
	);
	const unchanged = await measure(
		engine,
		workflow(changedRoster(ROSTER_SIZE, node.changedField)),
		url,
		node,
	);

	// The same night by hand: every person written again.
	const ids = first.output.map((item) => ({ vendorId: item.json.id ?? item.json.userToken }));
	if (name === 'IVS VALT') {
		const login = await fetch(`${url}/api/v3/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				username: SANDBOX_SECRETS.valt.username,
				password: SANDBOX_SECRETS.valt.password,
			}),
		}).then((r) => r.json());
		for (const entry of ids) entry.token = login.data.access_token;
	}
	const byHand = await measure(
		engine,
		handBuilt(name, url, changedRoster(ROSTER_SIZE, node.changedField), ids),
		url,
		{ ...node, isWrite: () => true, isRead: () => false },
	);

	console.log(
		`\n### ${name}: ${ROSTER_SIZE} people, ${LATENCY_MS} ms latency, ${CONCURRENCY} in flight`,
	);
	console.table([
		row('1. first run', first),
		row(`2. ${CHANGED} people changed`, changed),
		row('3. nothing changed', unchanged),
		row('HTTP Request node by hand, any night', byHand),
	]);
	const firstRequests = first.requests;
	const verdicts = [
		[`1%-changed run writes ≤ ${CHANGED}`, changed.writes <= CHANGED, `${changed.writes} writes`],
		[
			"1%-changed run sends nothing but those writes and the run's list call",
			changed.requests === changed.writes + changed.reads && changed.reads <= 1,
			`${changed.requests} requests = ${changed.writes} writes + ${changed.reads} list call, ${((changed.requests / firstRequests) * 100).toFixed(2)}% of the first run's ${firstRequests}`,
		],
		['unchanged run writes 0', unchanged.writes === 0, `${unchanged.writes} writes`],
		[
			'unchanged rerun ≥ 20× faster than the first run',
			first.seconds / unchanged.seconds >= 20,
			`${(first.seconds / unchanged.seconds).toFixed(1)}×`,
		],
		[
			'unchanged rerun vs the HTTP Request node by hand',
			true,
			`${(byHand.seconds / unchanged.seconds).toFixed(1)}× faster, ${byHand.writes} fewer writes`,
		],
	];
	for (const [target, met, figure] of verdicts)
		console.log(`${met ? 'MET    ' : 'MISSED '} ${target}: ${figure}`);
	return { name, first, changed, unchanged, byHand, verdicts };
}

/** First runs of a small and a large roster without latency: the cost per person. */
async function scaling(urls, name) {
	const node = NODES[name];
	const url = urls[node.vendor];
	const results = [];
	for (const size of [ROSTER_SIZE, LARGE_ROSTER]) {
		const engine = createEngine(credentialsFor(urls));
		await resetVendor(url);
		const workflow = singleNodeWorkflow({
			type: node.type,
			items: roster(size),
			continueOnFail: true,
			parameters: node.parameters,
		});
		const measured = await measure(engine, workflow, url, node);
		results.push({ ...measured, size });
	}
	const [small, large] = results;
	const perSmall = (small.seconds * 1000) / small.size;
	const perLarge = (large.seconds * 1000) / large.size;
	console.log(
		`${name}: first run without latency, ${small.size} people ${small.seconds.toFixed(1)} s (${perSmall.toFixed(2)} ms/person), ` +
			`${large.size} people ${large.seconds.toFixed(1)} s (${perLarge.toFixed(2)} ms/person): ${(perLarge / perSmall).toFixed(2)}× per person`,
	);
	return { name, perSmall, perLarge };
}

async function runSyncBench(urls) {
	console.log(`\n## Changed-only sync (node ${process.version})`);
	for (const name of Object.keys(NODES)) await syncScenario(urls, name);
	console.log(
		`\n## Cost per person as the roster grows (${ROSTER_SIZE} → ${LARGE_ROSTER}, no latency)`,
	);
	for (const name of Object.keys(NODES)) await scaling(urls, name);
}

async function main() {
	const sandbox = await startSandboxProcess();
	try {
		await runSyncBench(sandbox.urls);
	} finally {
		sandbox.stop();
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = { runSyncBench };
