/**
 * A quiet night, in process: each vendor node's sync over a roster where nothing changed since
 * the night before (0 writes), measured as the CPU our code costs per person.
 *
 * For each node: a first night (everyone written), then quiet nights (the same roster again);
 * the node's own time per person (n8n's executionTime of the node, median of the quiet nights),
 * then one more quiet night under the CPU profiler, its samples split into
 *   - expressions: inside n8n's expression evaluation (`={{ $json.x }}` per field per item:
 *     n8n's cost, which a resource mapper removes), by inclusive time;
 *   - ours: every other sample with a frame of this package's dist/ on its stack (our code and
 *     what it calls: getNodeParameter's copies, zod, hashing);
 *   - gc, and the engine (n8n-core outside our node, the roster's Set / Split Out nodes, idle).
 * "ours ms/person" is the figure the target (≤ 1 ms per person per node) is about. The profile of
 * our part is listed by file and by function (self time).
 *
 *   npm run build && node bench/quiet-night.js
 *   BENCH_PEOPLE=50000 BENCH_ONLY=OPSCOM,RCAMS BENCH_JSON=/tmp/quiet.json node bench/quiet-night.js
 *   BENCH_VERSION=2 node bench/quiet-night.js   (version 2, Map Automatically: no expressions)
 *   (BENCH_PROFILE_DIR=dir also saves each profiled night as a .cpuprofile; DIST_DIR=dir runs
 *   another build of the package, e.g. an earlier commit's, to compare in the same hour)
 */
const fs = require('node:fs');
const path = require('node:path');
const { autoMapped, createEngine, singleNodeWorkflow } = require('../test/engine');
const {
	credentialsFor,
	person,
	profiled,
	resetVendor,
	runNight,
	startSandboxProcess,
	VENDOR_NODES,
} = require('./common');

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10000);
const QUIET_RUNS = Number(process.env.BENCH_QUIET_RUNS ?? 3);
const ONLY = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const TOP = Number(process.env.BENCH_TOP ?? 15);
const ROOT = path.resolve(__dirname, '..');

/** bench/common.js's roster, each person with the districts Assign Districts grants. */
const roster = (size) =>
	Array.from({ length: size }, (_, i) => ({ ...person(i), districts: '1,2' }));

/**
 * BENCH_VERSION=2: the nodes at version 2 with Map Automatically, as the nightly example runs
 * them — the roster's columns named as the fields (as its Rename Keys node does), no expression.
 */
const VERSION = Number(process.env.BENCH_VERSION ?? 1);
const namedColumns = (p) => ({
	uniqueId: p.id,
	firstName: p.first,
	lastName: p.last,
	email: p.email,
	userName: p.login,
	password: p.password,
	displayName: `${p.first} ${p.last}`,
	cardNumber: p.card,
	phone: p.phone,
	districts: p.districts,
	...(p.token ? { userToken: p.token } : {}),
});

/**
 * The nodes: each vendor's Create or Update as bench/common.js maps the roster (bench/sync.js
 * runs the same), then RCAMS's Assign Districts and Remove Leavers. Every record field differs
 * per person, so it is an expression: its cost is measured apart (see above).
 */
const SCENARIOS = {
	'OPSCOM profile': VENDOR_NODES.opscom,
	'IVS VALT user': VENDOR_NODES.valt,
	'RCAMS user': {
		...VENDOR_NODES.rcams,
		/** The user tokens the first night created, for Assign Districts. */
		keepTokens: true,
	},
	'RCAMS assign districts': {
		vendor: 'rcams',
		type: 'rcams',
		/** Needs the users 'RCAMS user' created: runs after it, with their tokens in the items. */
		after: 'RCAMS user',
		parameters: {
			resource: 'user',
			operation: 'assignDistricts',
			user: { __rl: true, mode: 'id', value: '={{ $json.token }}' },
			districts: '={{ $json.districts }}',
		},
		isWrite: (request) => request.path.endsWith('userdistrict.php'),
	},
	'RCAMS remove leavers (preview)': {
		vendor: 'rcams',
		type: 'rcams',
		after: 'RCAMS user',
		parameters: {
			resource: 'user',
			operation: 'removeLeavers',
			email: '={{ $json.email }}',
			managedUsers: 'emailPattern',
			emailPattern: '*@school.edu',
			maxShare: 100,
			options: { preview: true },
		},
		isWrite: (request) => request.json?.action === 'delete',
		/** Nothing to write on any night: the quiet night is the only one. */
		quietOnly: true,
	},
};

/** One night of the scenario's node, which must run with no item failing. */
async function night(engine, workflow, url, scenario) {
	const { run, cpuMs, requests } = await runNight(engine, workflow, url);
	const task = run.runData.Node?.[0];
	if (!task) throw new Error(`The node did not run: ${run.error?.message}`);
	if (task.error) throw new Error(`The node failed: ${task.error.message}`);
	const output = task.data.main[0] ?? [];
	const failed = output.filter((item) => item.json.error !== undefined);
	if (failed.length > 0) throw new Error(`${failed.length} items failed: ${failed[0].json.error}`);
	return {
		nodeMs: task.executionTime,
		cpuMs,
		writes: requests.filter(scenario.isWrite).length,
		requests: requests.length,
		output,
	};
}

/** Which part of the run a file belongs to. */
function fileOf(url) {
	if (!url) return '(native)';
	if (isOurs(url)) return url.slice(`file://${BUILD}/`.length);
	const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
	if (pkg) return pkg[pkg.length - 1].replace(/^node_modules\//, '').replace(/\/$/, '');
	if (url.startsWith('node:')) return url;
	return url.replace(`file://${ROOT}/`, '');
}

/** This package's build: dist/, or the one DIST_DIR points the engine at (an A/B comparison). */
const BUILD = path.resolve(ROOT, process.env.DIST_DIR ?? 'dist');
const isOurs = (url) =>
	url.startsWith(`file://${BUILD}/nodes/`) || url.startsWith(`file://${BUILD}/credentials/`);

/**
 * Splits a CPU profile's samples into expressions / ours / gc / engine (see the top), and our
 * self time by file and by function.
 */
function attribute(profile) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const categoryOf = new Map();
	const category = (id) => {
		if (categoryOf.has(id)) return categoryOf.get(id);
		const { callFrame } = byId.get(id);
		let result;
		if (
			callFrame.functionName === 'resolveSimpleParameterValue' &&
			callFrame.url.includes('workflow-expression')
		)
			result = 'expressions';
		else if (callFrame.functionName === '(garbage collector)') result = 'gc';
		else {
			const above = parent.has(id) ? category(parent.get(id)) : 'engine';
			result = above !== 'engine' ? above : isOurs(callFrame.url) ? 'ours' : 'engine';
		}
		categoryOf.set(id, result);
		return result;
	};
	const totals = { expressions: 0, ours: 0, gc: 0, engine: 0 };
	const files = new Map();
	const functions = new Map();
	profile.samples.forEach((id, i) => {
		const micros = profile.timeDeltas[i + 1] ?? 0;
		const kind = category(id);
		totals[kind] += micros;
		if (kind !== 'ours') return;
		const { callFrame } = byId.get(id);
		const file = fileOf(callFrame.url);
		files.set(file, (files.get(file) ?? 0) + micros);
		const name = `${callFrame.functionName || '(anonymous)'} ${file}:${callFrame.lineNumber + 1}`;
		functions.set(name, (functions.get(name) ?? 0) + micros);
	});
	return { totals, files, functions };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const perPerson = (ms) => (ms / PEOPLE).toFixed(3);

async function scenario(urls, name, engines, tokens) {
	const node = SCENARIOS[name];
	const url = urls[node.vendor];
	// Nodes that follow another run in its engine (its workflow's state, its users) under their
	// own workflow id, so each node keeps its own state.
	const engine = node.after ? engines[node.after] : createEngine(credentialsFor(urls));
	engines[name] = engine;
	if (!node.after) await resetVendor(url);
	const withTokens = roster(PEOPLE).map((p, i) => (tokens[i] ? { ...p, token: tokens[i] } : p));
	const people = VERSION >= 2 ? withTokens.map(namedColumns) : withTokens;
	const parameters = VERSION >= 2 ? autoMapped(node.parameters) : node.parameters;
	const workflow = {
		...singleNodeWorkflow({ type: node.type, items: people, parameters, typeVersion: VERSION }),
		// The removal reads the sync node's state: same workflow. The grants keep their own.
		id: `quiet ${node.after && name.includes('remove') ? node.after : name}`,
	};
	if (name === 'RCAMS remove leavers (preview)') {
		workflow.nodes.find((n) => n.name === 'Node').id = 'removal';
	}
	const first = node.quietOnly ? undefined : await night(engine, workflow, url, node);
	if (node.keepTokens) {
		first.output.forEach((item, i) => (tokens[i] = item.json.userToken));
	}
	const quiet = [];
	for (let i = 0; i < QUIET_RUNS; i++) quiet.push(await night(engine, workflow, url, node));
	const withProfile = await profiled(() => night(engine, workflow, url, node), 200);
	const { totals, files, functions } = attribute(withProfile.profile);
	if (process.env.BENCH_PROFILE_DIR) {
		fs.mkdirSync(process.env.BENCH_PROFILE_DIR, { recursive: true });
		fs.writeFileSync(
			path.join(process.env.BENCH_PROFILE_DIR, `${name.replace(/\W+/g, '-')}.cpuprofile`),
			JSON.stringify(withProfile.profile),
		);
	}
	const ms = (micros) => micros / 1000;
	const result = {
		name,
		people: PEOPLE,
		firstWrites: first?.writes,
		firstNodeMsPerPerson: first && first.nodeMs / PEOPLE,
		quietWrites: Math.max(...quiet.map((q) => q.writes)),
		quietRequests: Math.max(...quiet.map((q) => q.requests)),
		nodeMsPerPerson: median(quiet.map((q) => q.nodeMs)) / PEOPLE,
		cpuMsPerPerson: median(quiet.map((q) => q.cpuMs)) / PEOPLE,
		profiled: {
			nodeMsPerPerson: withProfile.result.nodeMs / PEOPLE,
			oursMsPerPerson: ms(totals.ours) / PEOPLE,
			expressionsMsPerPerson: ms(totals.expressions) / PEOPLE,
			gcMsPerPerson: ms(totals.gc) / PEOPLE,
			engineMsPerPerson: ms(totals.engine) / PEOPLE,
		},
		files: [...files]
			.sort((a, b) => b[1] - a[1])
			.map(([file, micros]) => [file, ms(micros) / PEOPLE]),
		functions: [...functions]
			.sort((a, b) => b[1] - a[1])
			.slice(0, TOP)
			.map(([fn, micros]) => [fn, ms(micros) / PEOPLE]),
	};

	console.log(`\n### ${name}: ${PEOPLE} people`);
	if (first) {
		console.log(
			`first night: ${first.writes} writes, node ${perPerson(first.nodeMs)} ms/person; quiet nights (${QUIET_RUNS}, median): ${result.quietWrites} writes, ${result.quietRequests} requests`,
		);
	} else
		console.log(
			`quiet nights (${QUIET_RUNS}, median): ${result.quietWrites} writes, ${result.quietRequests} requests`,
		);
	console.table([
		{
			'node ms/person': result.nodeMsPerPerson.toFixed(3),
			'process CPU ms/person': result.cpuMsPerPerson.toFixed(3),
			'profiled: ours': result.profiled.oursMsPerPerson.toFixed(3),
			expressions: result.profiled.expressionsMsPerPerson.toFixed(3),
			gc: result.profiled.gcMsPerPerson.toFixed(3),
			'engine, roster, idle': result.profiled.engineMsPerPerson.toFixed(3),
		},
	]);
	console.log('ours, self time by file (ms/person):');
	for (const [file, value] of result.files.slice(0, TOP))
		console.log(`  ${value.toFixed(4)}  ${file}`);
	console.log(`ours, top ${TOP} functions by self time (ms/person):`);
	for (const [fn, value] of result.functions) console.log(`  ${value.toFixed(4)}  ${fn}`);
	return result;
}

async function main() {
	const sandbox = await startSandboxProcess();
	const results = [];
	try {
		console.log(
			`## Quiet night, in process: ${PEOPLE} people, node version ${VERSION}${VERSION >= 2 ? ' (Map Automatically)' : ' (an expression per field)'}, no latency, nothing changed since the first night (node ${process.version})`,
		);
		const engines = {};
		const tokens = [];
		for (const name of Object.keys(SCENARIOS)) {
			const wanted = (n) => !ONLY || ONLY.some((o) => n.startsWith(o));
			if (
				!wanted(name) &&
				!Object.keys(SCENARIOS).some((other) => wanted(other) && SCENARIOS[other].after === name)
			)
				continue;
			results.push(await scenario(sandbox.urls, name, engines, tokens));
		}
		console.log('\n## Summary: quiet night, ms per person');
		console.table(
			results.map((r) => ({
				node: r.name,
				writes: r.quietWrites,
				'node (wall)': r.nodeMsPerPerson.toFixed(3),
				'ours (profiled)': r.profiled.oursMsPerPerson.toFixed(3),
				expressions: r.profiled.expressionsMsPerPerson.toFixed(3),
				gc: r.profiled.gcMsPerPerson.toFixed(3),
			})),
		);
		if (process.env.BENCH_JSON)
			fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 1));
	} finally {
		sandbox.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
