/**
 * What a nightly sync's output costs n8n (issue 20, item 2): 50,000 people through OPSCOM's and
 * RCAMS's Create or Update against the sandbox without latency, once as a version 1 node (full
 * output: every field sent) and once as a version 2 node (lean: action, key, id, changes). For
 * each, the heap n8n holds for the node's output items during the execution (measured by
 * dropping them from the run data and collecting garbage) and the size of what n8n saves of
 * them in the execution data (JSON); beside it, what n8n holds anyway for the roster items
 * that come in (the Split Out node's output).
 *
 *   npm run build && node --expose-gc bench/output-size.js
 *   BENCH_PEOPLE=10000 node --expose-gc bench/output-size.js
 */
const { createEngine, singleNodeWorkflow } = require('../test/engine');
const {
	credentialsFor,
	person,
	resetVendor,
	startSandboxProcess,
	VENDOR_NODES,
} = require('./common');

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 50000);

if (typeof global.gc !== 'function') {
	console.error('Run with node --expose-gc (the heap figures need a garbage collection)');
	process.exit(1);
}

// bench/common.js's people less VALT's card (no VALT here): README's figures are of 7 fields.
const roster = Array.from({ length: PEOPLE }, (_, i) => {
	const { card, ...fields } = person(i);
	return fields;
});

const NODES = { OPSCOM: VENDOR_NODES.opscom, RCAMS: VENDOR_NODES.rcams };

function heapUsed() {
	global.gc();
	global.gc();
	return process.memoryUsage().heapUsed;
}

/** The heap held by one node's run data: measured by letting it go. */
function heldBy(runData, nodeName) {
	const before = heapUsed();
	delete runData[nodeName];
	return before - heapUsed();
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const perItem = (bytes) => `${Math.round(bytes / PEOPLE)} B`;

async function measure(urls, name, typeVersion) {
	const node = NODES[name];
	const url = urls[node.vendor];
	await resetVendor(url);
	const engine = createEngine(credentialsFor(urls));
	const workflow = singleNodeWorkflow({
		type: node.type,
		items: roster,
		continueOnFail: true,
		typeVersion,
		parameters: node.parameters,
	});
	const started = process.hrtime.bigint();
	const run = await engine.run(workflow);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const output = () => run.runData.Node[0].data.main[0];
	const failed = output().filter((item) => item.json.error !== undefined).length;
	const sample = { ...output()[0].json };
	// What n8n writes to the database for the node (it saves the run data as JSON, flatted).
	const saved = JSON.stringify(run.runData.Node).length;
	const savedAll = JSON.stringify(run.runData).length;
	// Drop the references the run holds, then measure what each node's data holds on the heap.
	const { runData } = run;
	run.raw = undefined;
	const heldOutput = heldBy(runData, 'Node');
	const heldInput = heldBy(runData, 'Input');
	return { seconds, failed, sample, saved, savedAll, heldOutput, heldInput };
}

async function main() {
	const sandbox = await startSandboxProcess();
	try {
		console.log(`${PEOPLE} people, no latency, Create or Update (first run: everyone created)\n`);
		const rows = [];
		for (const name of Object.keys(NODES)) {
			for (const [label, typeVersion] of [
				['v1 (full)', 1],
				['v2 (lean)', 2],
			]) {
				const m = await measure(sandbox.urls, name, typeVersion);
				if (m.failed > 0) throw new Error(`${name} ${label}: ${m.failed} items failed`);
				rows.push({
					node: `${name} ${label}`,
					'output heap': mb(m.heldOutput),
					'per item': perItem(m.heldOutput),
					'output saved (JSON)': mb(m.saved),
					'saved per item': perItem(m.saved),
					'whole run saved': mb(m.savedAll),
					'roster items heap (Split Out)': mb(m.heldInput),
					'wall s': m.seconds.toFixed(1),
				});
				console.log(`${name} ${label} output item: ${JSON.stringify(m.sample)}`);
			}
		}
		console.log();
		console.table(rows);
	} finally {
		sandbox.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
