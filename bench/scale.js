'use strict';
/**
 * The nightly example at scale, in a real n8n 2.41.1 (one process, SQLite), against the vendor
 * sandbox with no latency: three nights over N generated people.
 *
 *   1. first night   everyone is new
 *   2. quiet night   the same export again
 *   3. 1% changed    1% of the rows have a new last name (a field all three vendors hold)
 *
 * Per night: wall time, each node's execution time from the saved execution's run data (read
 * from the SQLite database by bench/scale-rundata.js, outside n8n), our nodes' ms per person,
 * our nodes against the example's own (n8n) nodes, CPU and peak RSS of n8n's process tree
 * (n8n and its task runner, /proc polled every 200 ms), the write requests the sandbox
 * received, and how much the database grew. Then a small run with N8N_LOG_LEVEL=debug counts
 * the expressions n8n evaluates per person (its isolated-VM bridge logs each one).
 *
 * The workflow is any that reads the SIS export the way examples/nightly-roster-sync.json does
 * (a "Read SIS Export" node reading a CSV with the columns of examples/sis-roster.csv): its
 * Schedule Trigger becomes a Manual Trigger and the run goes through a webhook, as the
 * real-n8n tests run it (test/e2e/n8n-instance.js), in webhook mode, so n8n saves the nodes'
 * sync history between nights. Nobody ever leaves the generated roster, so Remove RCAMS Leavers
 * (left as the workflow has it) never trips its guard and no run waits for an approval.
 *
 *   npm run bench:scale
 *   SCALE_PEOPLE=10000,50000 SCALE_WORKFLOW=examples/nightly-roster-sync.json npm run bench:scale
 *
 * Settings (environment): SCALE_WORKFLOW (default examples/nightly-roster-sync.json),
 * SCALE_PEOPLE (default 10000; a comma list runs each size on a fresh n8n; 0: only the
 * expression count),
 * SCALE_CHANGED_PERCENT (1), SCALE_EXPRESSION_PEOPLE (200; 0 skips the expression count),
 * SCALE_NIGHT_TIMEOUT_MIN (60), SCALE_OUTPUT (docs/scale.txt; '-' writes no file),
 * SCALE_KEEP=1 keeps each n8n user folder (its database and n8n.log); SCALE_N8N_ONLY=1 runs the
 * workflow with n8n's own Edit Fields nodes in place of its sync nodes; SCALE_N8N_HEAP_MB caps
 * n8n's V8 heap (NODE_OPTIONS=--max-old-space-size), as an admin would; SCALE_RSS_TRACE=<file>
 * appends each night's RSS samples (seconds, n8n MB, tree MB) with the node that was running.
 */
const { execFile } = require('node:child_process');
const { Console } = require('node:console');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Writable } = require('node:stream');
const { startN8nInstance, runNow } = require('../test/e2e/n8n-instance');
const { exportsFolder, generateRoster, writeRoster } = require('../scripts/roster');

const ROOT = path.resolve(__dirname, '..');
const WORKFLOW_FILE = path.resolve(
	ROOT,
	process.env.SCALE_WORKFLOW ?? 'examples/nightly-roster-sync.json',
);
const SIZES = String(process.env.SCALE_PEOPLE ?? '10000')
	.split(',')
	.map((size) => Number(size.trim()))
	.filter((size) => size > 0);
const CHANGED_PERCENT = Number(process.env.SCALE_CHANGED_PERCENT ?? 1);
const EXPRESSION_PEOPLE = Number(process.env.SCALE_EXPRESSION_PEOPLE ?? 200);
const NIGHT_TIMEOUT_MS = Number(process.env.SCALE_NIGHT_TIMEOUT_MIN ?? 60) * 60_000;
const OUTPUT = process.env.SCALE_OUTPUT ?? path.join('docs', 'scale.txt');
const KEEP = process.env.SCALE_KEEP === '1';
/** SCALE_N8N_ONLY=1: the workflow's sync nodes become n8n's own Edit Fields nodes (see withoutVendors). */
const N8N_ONLY = process.env.SCALE_N8N_ONLY === '1';
const HEAP_MB = Number(process.env.SCALE_N8N_HEAP_MB ?? 0);
const RSS_TRACE = process.env.SCALE_RSS_TRACE ?? '';
const READ_NODE = 'Read SIS Export';
const EXPRESSION_LOG = '[IsolatedVmBridge] Expression executed successfully';
/** The issue's targets. */
const TARGETS = {
	quietSeconds: 300,
	quietAtPeople: 50_000,
	msPerPersonPerNode: 1,
	peakRssMb: 2048,
};

const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name;
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (message) => process.stderr.write(`[scale ${clock()}] ${message}\n`);
const clock = () => new Date().toISOString().slice(11, 19);

// The report: printed, and kept for SCALE_OUTPUT.
const captured = [];
const report = new Console({
	stdout: new Writable({
		write(chunk, _encoding, done) {
			// Kept at once (writing SCALE_OUTPUT follows the last table synchronously).
			captured.push(chunk.toString());
			process.stdout.write(chunk);
			done();
		},
	}),
	stderr: process.stderr,
});

// ---- the roster ----------------------------------------------------------------------------

/** `size` people shaped like examples/sis-roster.csv (scripts/roster.js), unique ids, emails, logins. */
const roster = (size) => generateRoster(size, 'p');

/** The same people, every (100 / percent)-th with a new last name. Returns { people, changed }. */
function changedRoster(people, percent) {
	const every = Math.max(1, Math.round(100 / percent));
	let changed = 0;
	const next = people.map((person, i) => {
		if (i % every !== 0) return person;
		changed++;
		return { ...person, last_name: `${person.last_name}-Changed` };
	});
	return { people: next, changed };
}

// ---- n8n's process tree: peak RSS and CPU ----------------------------------------------------

const CLOCK_TICKS = 100;

/** Every process as { pid, ppid, ticks (utime + stime), reaped (cutime + cstime) }. */
function processTable() {
	const table = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // gone
		}
		const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
		table.push({
			pid: Number(entry),
			ppid: Number(fields[1]),
			ticks: Number(fields[11]) + Number(fields[12]),
			reaped: Number(fields[13]) + Number(fields[14]),
		});
	}
	return table;
}

/** The process `root` and its descendants. */
function tree(root) {
	const table = processTable();
	const children = new Map();
	for (const entry of table) {
		children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
	}
	const found = table.filter((entry) => entry.pid === root);
	for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i].pid) ?? []));
	return found;
}

function vmRssKb(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
	} catch {
		return 0;
	}
}

/**
 * Polls n8n's process tree every `intervalMs`: the peak of the summed VmRSS, and the CPU the
 * tree used meanwhile (processes that ended count through their parent's cutime/cstime).
 */
function sampleTree(root, intervalMs = 200) {
	let peakKb = 0;
	let startKb;
	let lastKb = 0;
	let processes = 0;
	let peakAt = 0;
	let rootPeakKb = 0;
	const timeline = [];
	const first = new Map();
	const last = new Map();
	const sample = () => {
		const members = tree(root);
		let kb = 0;
		let rootKb = 0;
		for (const member of members) {
			const memberKb = vmRssKb(member.pid);
			kb += memberKb;
			if (member.pid === root) rootKb = memberKb;
			const ticks = member.ticks + (member.pid === root ? member.reaped : 0);
			if (!first.has(member.pid)) first.set(member.pid, ticks);
			last.set(member.pid, ticks);
		}
		processes = Math.max(processes, members.length);
		startKb ??= kb;
		lastKb = kb;
		if (kb > peakKb) [peakKb, peakAt] = [kb, Date.now()];
		rootPeakKb = Math.max(rootPeakKb, rootKb);
		if (RSS_TRACE) timeline.push([Date.now(), rootKb, kb]);
	};
	sample();
	const timer = setInterval(sample, intervalMs);
	return {
		current: () => lastKb / 1024,
		peak: () => peakKb / 1024,
		stop() {
			clearInterval(timer);
			sample();
			let ticks = 0;
			for (const [pid, end] of last) ticks += end - (first.get(pid) ?? end);
			return {
				peakRssMb: peakKb / 1024,
				peakAt,
				n8nPeakRssMb: rootPeakKb / 1024,
				timeline,
				startRssMb: startKb / 1024,
				cpuSeconds: ticks / CLOCK_TICKS,
				processes,
			};
		},
	};
}

// ---- the sandbox ---------------------------------------------------------------------------

/** Requests that change something in a vendor system (as test/e2e/workflows.test.js counts them). */
function writeCounts({ opscom, valt, rcams }) {
	return {
		opscom: opscom.requests.filter((r) => r.path.endsWith('/push')).length,
		valt: valt.requests.filter((r) => r.method === 'POST' && !r.path.endsWith('/login')).length,
		rcams: rcams.requests.filter((r) => !['list', 'get'].includes(r.json?.action)).length,
		all: opscom.requests.length + valt.requests.length + rcams.requests.length,
	};
}

function forgetRequests(sandbox) {
	for (const vendor of ['opscom', 'valt', 'rcams']) sandbox[vendor].requests.length = 0;
}

// ---- the database --------------------------------------------------------------------------

const databaseFile = (n8n) => path.join(n8n.userFolder, '.n8n', 'database.sqlite');

/** Bytes of the files under `dir` (n8n keeps binary data, e.g. the CSV read, in .n8n/storage). */
function folderBytes(dir) {
	let bytes = 0;
	let entries;
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		return 0;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) bytes += folderBytes(full);
		else if (entry.isFile()) bytes += fs.statSync(full).size;
	}
	return bytes;
}
const storageBytes = (n8n) => folderBytes(path.join(n8n.userFolder, '.n8n', 'storage'));

/** Per-node run data of a saved execution, read from the database in a separate Node 24. */
function runData(n8n, executionId) {
	const flatted = path.join(n8n.runtime.n8nDir, 'node_modules', 'flatted');
	return new Promise((resolve, reject) => {
		execFile(
			n8n.runtime.nodeBin,
			[
				'--no-warnings',
				'--max-old-space-size=8192',
				path.join(__dirname, 'scale-rundata.js'),
				databaseFile(n8n),
				String(executionId),
				flatted,
			],
			{ maxBuffer: 64 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (error) reject(new Error(`Reading execution ${executionId}: ${stderr || error}`));
				else resolve(JSON.parse(stdout));
			},
		);
	});
}

// ---- running one night ---------------------------------------------------------------------

/**
 * Calls the webhook of the workflow's runnable copy (test/e2e/n8n-instance.js) without a
 * client timeout: n8n answers it when the run ends, which at this scale takes minutes (fetch
 * would give up after 300 s). Resolves with { status } or { error }.
 */
function callWebhook(url) {
	const request = http.request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
	});
	const answered = new Promise((resolve) => {
		request.on('response', (response) => {
			response.resume();
			response.on('end', () => resolve({ status: response.statusCode }));
		});
		request.on('error', (error) => resolve({ error: error.message }));
	});
	request.end('{}');
	return { answered, abort: () => request.destroy() };
}

const TERMINAL = new Set(['success', 'error', 'crashed', 'canceled']);

/** Runs the workflow once; returns the settled execution (no data) and the bench's wall time. */
async function runNight(n8n, workflowId, onProgress) {
	let failures = 0;
	let lastProgress = Date.now();
	const copy = await n8n.runnableCopy(workflowId);
	const before = Number((await n8n.latestExecutionId(copy.id)) ?? 0);
	const started = Date.now();
	let call;
	// Activation registers the webhook asynchronously: 404 until it is live.
	for (;;) {
		call = callWebhook(`${n8n.baseUrl}/webhook/${copy.path}`);
		const early = await Promise.race([call.answered, delay(3000).then(() => undefined)]);
		if (early?.status !== 404) break;
		if (Date.now() - started > 60_000) throw new Error('The webhook never became active');
		await delay(300);
	}
	try {
		for (;;) {
			// The list carries no execution data: cheap for n8n even after a 50,000-person run.
			let latest;
			try {
				[latest] = await n8n.client.listExecutions({ workflowId: copy.id, limit: 1 });
				failures = 0;
			} catch (error) {
				const { exitCode, signalCode } = n8n.server.child;
				if (exitCode !== null || signalCode !== null) {
					throw new Error(
						`n8n exited during the run (${signalCode ?? `exit code ${exitCode}`}); its log ends:\n` +
							n8n.log().split('\n').slice(-40).join('\n'),
					);
				}
				// n8n's event loop is busy for seconds at a time with 10,000s of items: a kept-alive
				// connection it closed meanwhile resets. Ask again.
				if (++failures > 30) throw error;
				await delay(1000);
				continue;
			}
			if (Date.now() - lastProgress > 30_000) {
				lastProgress = Date.now();
				progress(
					`  … ${seconds(Date.now() - started)} s, ${onProgress?.() ?? ''} (n8n lists the execution once it ends)`,
				);
			}
			if (latest && Number(latest.id) > before) {
				if (TERMINAL.has(latest.status) || latest.stoppedAt) {
					return { execution: latest, wallMs: Date.now() - started };
				}
				if (latest.status === 'waiting') {
					throw new Error(
						`Execution ${latest.id} is waiting (an approval?): the bench's roster should never trip the leavers guard`,
					);
				}
			}
			if (Date.now() - started > NIGHT_TIMEOUT_MS) {
				throw new Error(`No finished execution within ${NIGHT_TIMEOUT_MS / 60_000} min`);
			}
			await delay(500);
		}
	} finally {
		call.abort();
	}
}

/** Tonight's export is `people`; run the workflow and measure everything. */
async function night(n8n, workflowId, rosterFile, people, label) {
	writeRoster(rosterFile, people);
	forgetRequests(n8n.sandbox);
	const dbBefore = (await runData(n8n, '-')).usedBytes;
	const storageBefore = storageBytes(n8n);
	const sampler = sampleTree(n8n.server.child.pid);
	const heap = RSS_TRACE ? sampleHeap(n8n.baseUrl) : undefined;
	const logBefore = n8n.log().length;
	progress(`${label}: ${people.length} people…`);
	let result;
	try {
		result = await runNight(
			n8n,
			workflowId,
			() => `RSS now ${sampler.current().toFixed(0)} MB, peak ${sampler.peak().toFixed(0)} MB`,
		);
	} finally {
		result = { ...result, ...sampler.stop(), heap: heap?.stop() ?? [] };
	}
	const { execution } = result;
	const { expressions, expressionsByNode } = countExpressions(n8n.log().slice(logBefore));
	const writes = writeCounts(n8n.sandbox);
	const data = await runData(n8n, execution.id);
	if (RSS_TRACE) traceRss(label, people.length, result.timeline, result.heap, data.nodes ?? []);
	const storageGrowth = storageBytes(n8n) - storageBefore;
	progress(
		`${label}: ${execution.status} in ${(result.wallMs / 1000).toFixed(1)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB`,
	);
	return {
		label,
		people: people.length,
		status: execution.status,
		executionId: execution.id,
		wallMs: result.wallMs,
		n8nMs: Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt),
		cpuSeconds: result.cpuSeconds,
		peakRssMb: result.peakRssMb,
		n8nPeakRssMb: result.n8nPeakRssMb,
		peakDuring: runningAt(data.nodes ?? [], result.peakAt),
		startRssMb: result.startRssMb,
		processes: result.processes,
		writes,
		dbGrowthBytes: data.usedBytes - dbBefore,
		storageGrowthBytes: storageGrowth,
		loadAverage: os.loadavg()[0],
		dataBytes: data.bytes ?? 0,
		error: data.error,
		lastNodeExecuted: data.lastNodeExecuted,
		nodes: data.nodes ?? [],
		expressions,
		expressionsByNode,
	};
}

/** The node n8n was running at `time` (from the saved run data's start and execution times). */
function runningAt(nodes, time) {
	const ran = nodes.filter((node) => node.startTime !== undefined);
	const node = ran.find(
		(entry) => entry.startTime <= time && time <= entry.startTime + entry.executionTime,
	);
	if (node) return node.node;
	const ends = ran.map((entry) => entry.startTime + entry.executionTime);
	if (ends.length && time > Math.max(...ends)) return '(after the last node: saving)';
	if (ends.length && time < Math.min(...ran.map((entry) => entry.startTime))) {
		return '(before the first node)';
	}
	return '(between nodes)';
}

/** Polls n8n's /metrics every second: V8's heap (total, used) and external memory, in MB. */
function sampleHeap(baseUrl) {
	const samples = [];
	const metric = (text, name) =>
		Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
	const poll = async () => {
		try {
			const text = await (await fetch(`${baseUrl}/metrics`)).text();
			samples.push([
				Date.now(),
				metric(text, 'n8n_nodejs_heap_size_total_bytes'),
				metric(text, 'n8n_nodejs_heap_size_used_bytes'),
				metric(text, 'n8n_nodejs_external_memory_bytes'),
			]);
		} catch {
			// n8n busy or not yet listening: the next poll tries again
		}
	};
	const timer = setInterval(poll, 1000);
	return {
		stop() {
			clearInterval(timer);
			return samples;
		},
	};
}

/** Appends a night's RSS samples to SCALE_RSS_TRACE, one line per sample. */
function traceRss(label, people, timeline, heap, nodes) {
	const start = timeline[0]?.[0] ?? 0;
	const heapAt = (time) => heap.findLast((sample) => sample[0] <= time) ?? [];
	const lines = timeline.map(([time, n8nKb, treeKb]) => {
		const [, total, used, external] = heapAt(time).map((value) => value?.toFixed(0) ?? '-');
		return [
			((time - start) / 1000).toFixed(1),
			(n8nKb / 1024).toFixed(0),
			(treeKb / 1024).toFixed(0),
			total ?? '-',
			used ?? '-',
			external ?? '-',
			runningAt(nodes, time),
		].join('\t');
	});
	fs.appendFileSync(
		RSS_TRACE,
		`# ${people} people, ${label}: seconds, n8n RSS MB, tree RSS MB, V8 heap total, heap used, external MB, running node\n${lines.join('\n')}\n`,
	);
}

/**
 * Counts the isolated-VM bridge's expression lines in n8n's debug log, in all and per node: n8n
 * (execution order v1) runs one node at a time and logs `Running node "X" started` / `… finished`
 * around it; lines outside a node count for "(outside nodes)".
 */
function countExpressions(text) {
	const expressionsByNode = {};
	let current = '(outside nodes)';
	let expressions = 0;
	for (const line of text.split('\n')) {
		if (line.includes(EXPRESSION_LOG)) {
			expressions++;
			expressionsByNode[current] = (expressionsByNode[current] ?? 0) + 1;
			continue;
		}
		const node = /Running node \\?"(.+?)\\?" (started|finished)/.exec(line);
		if (node) current = node[2] === 'started' ? node[1] : '(outside nodes)';
	}
	return { expressions, expressionsByNode };
}

// ---- one instance, three nights ----------------------------------------------------------

/** The nightly example's sync nodes and the key each one's output items carry. */
const SYNC_KEYS = {
	'Push to OPSCOM': 'uniqueId',
	'Create or Update VALT User': 'userName',
	'Create or Update RCAMS User': 'email',
	'Assign RCAMS Districts': 'email',
};

/**
 * What n8n itself holds: each sync node becomes an Edit Fields node that keeps the person's key
 * and adds action "unchanged" (an item like a quiet night's, no expression, no vendor request),
 * under the same name, so the rest of the workflow runs as it does.
 */
function withoutVendors(workflow) {
	const missing = Object.keys(SYNC_KEYS).filter(
		(name) => !workflow.nodes.some((node) => node.name === name),
	);
	if (missing.length > 0) {
		throw new Error(
			`SCALE_N8N_ONLY=1: the workflow has no ${missing.map((name) => `"${name}"`).join(', ')}`,
		);
	}
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			const key = SYNC_KEYS[node.name];
			if (!key) return node;
			// Without onError's error output: an Edit Fields node has one output.
			const { credentials, onError, retryOnFail, ...kept } = node;
			return {
				...kept,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{ id: `action-${key}`, name: 'action', value: 'unchanged', type: 'string' },
						],
					},
					includeOtherFields: true,
					include: 'selected',
					includeFields: key,
					options: {},
				},
			};
		}),
	};
}

function loadWorkflow() {
	const loaded = JSON.parse(fs.readFileSync(WORKFLOW_FILE, 'utf8'));
	const workflow = runNow(N8N_ONLY ? withoutVendors(loaded) : loaded);
	if (!workflow.nodes.some((node) => node.name === READ_NODE)) {
		throw new Error(
			`${path.relative(ROOT, WORKFLOW_FILE)} has no "${READ_NODE}" node: the bench points that node at its generated SIS export`,
		);
	}
	if (!workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger')) {
		throw new Error(`${path.relative(ROOT, WORKFLOW_FILE)} has no Schedule or Manual Trigger`);
	}
	return workflow;
}

/** Boots a fresh n8n (fresh user folder, SQLite) and runs the given nights. */
async function series(size, { nights, logLevel }) {
	const workflow = loadWorkflow();
	progress(`booting n8n for ${size} people (log level ${logLevel})…`);
	const n8n = await startN8nInstance({
		logLevel,
		detached: true,
		keepUserFolder: KEEP,
		// A cap on n8n's V8 heap, as an admin would set it (NODE_OPTIONS), to tell live memory from garbage.
		env: {
			...(HEAP_MB ? { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` } : {}),
			// The trace adds V8's heap (n8n's Prometheus metrics) to the RSS samples.
			...(RSS_TRACE ? { N8N_METRICS: 'true' } : {}),
		},
	});
	try {
		for (const vendor of ['opscom', 'valt', 'rcams']) n8n.sandbox[vendor].faults.configure({});
		await n8n.createSandboxCredentials();
		const rosterFile = path.join(exportsFolder(n8n.userFolder), 'roster.csv');
		const people = roster(size);
		writeRoster(rosterFile, people);
		const { id } = await n8n.importWorkflow(
			{ ...workflow, name: `${workflow.name} [scale ${size}]` },
			{ rosterFile },
		);
		const nodeTypes = Object.fromEntries(workflow.nodes.map((node) => [node.name, node.type]));
		const expressionsIn = Object.fromEntries(
			workflow.nodes.map((node) => [node.name, expressionParameters(node.parameters)]),
		);
		const results = [];
		const plan = [
			['first night', () => people],
			['quiet night', () => people],
			[`${CHANGED_PERCENT}% changed`, () => changedRoster(people, CHANGED_PERCENT).people],
		].slice(0, nights);
		for (const [label, tonight] of plan) {
			results.push(await night(n8n, id, rosterFile, tonight(), label));
		}
		if (KEEP) progress(`user folder kept: ${n8n.userFolder}`);
		return { size, results, nodeTypes, expressionsIn, runtime: n8n.runtime };
	} catch (error) {
		// The user folder goes with stop(): keep n8n's log for a look.
		const kept = path.join(os.tmpdir(), `bench-scale-${size}-${Date.now()}-n8n.log`);
		fs.writeFileSync(kept, n8n.log());
		progress(`failed at ${size} people; n8n's log kept: ${kept}`);
		throw error;
	} finally {
		await n8n.stop();
	}
}

// ---- the report ----------------------------------------------------------------------------

/** How many `={{ … }}` parameters (or `{{ }}` inside one) a node has: evaluated once per item for most nodes. */
function expressionParameters(value) {
	if (typeof value === 'string') {
		return value.startsWith('=') ? Math.max(1, (value.match(/\{\{/g) ?? []).length) : 0;
	}
	if (Array.isArray(value))
		return value.reduce((sum, entry) => sum + expressionParameters(entry), 0);
	if (value && typeof value === 'object') {
		return Object.values(value).reduce((sum, entry) => sum + expressionParameters(entry), 0);
	}
	return 0;
}

const isOurs = (type) => typeof type === 'string' && type.startsWith(`${PACKAGE}.`);
const seconds = (ms) => (ms / 1000).toFixed(1);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

function split(result, nodeTypes) {
	const ours = result.nodes.filter((node) => isOurs(nodeTypes[node.node]));
	const theirs = result.nodes.filter((node) => !isOurs(nodeTypes[node.node]));
	const total = (nodes) => nodes.reduce((sum, node) => sum + node.executionTime, 0);
	return { ours, theirs, oursMs: total(ours), theirsMs: total(theirs) };
}

function nightRow(result, nodeTypes) {
	const { ours, oursMs, theirsMs } = split(result, nodeTypes);
	const perPerson = (ms) => (ms / result.people).toFixed(2);
	const worst = ours.reduce((max, node) => (node.executionTime > max.executionTime ? node : max), {
		executionTime: 0,
	});
	return {
		night: result.label,
		status: result.status,
		'wall s': seconds(result.wallMs),
		'n8n run s': seconds(result.n8nMs),
		'our nodes s': seconds(oursMs),
		'our ms/person': perPerson(oursMs),
		'worst node ms/person': worst.node ? perPerson(worst.executionTime) : '-',
		"example's nodes s": seconds(theirsMs),
		'n8n CPU s': result.cpuSeconds.toFixed(1),
		'CPU ms/person': ((result.cpuSeconds * 1000) / result.people).toFixed(2),
		'RSS before MB': result.startRssMb.toFixed(0),
		'peak RSS MB': result.peakRssMb.toFixed(0),
		'n8n alone MB': result.n8nPeakRssMb.toFixed(0),
		'peak during': result.peakDuring,
		'writes O/V/R': `${result.writes.opscom}/${result.writes.valt}/${result.writes.rcams}`,
		requests: result.writes.all,
		'exec data MB': mb(result.dataBytes),
		'DB growth MB': mb(result.dbGrowthBytes),
		'binary data MB': mb(result.storageGrowthBytes),
		'load avg': result.loadAverage.toFixed(1),
	};
}

function nodeRows(results, nodeTypes, expressionsIn) {
	const names = [];
	for (const result of results) {
		for (const node of [...result.nodes].sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0))) {
			if (!names.includes(node.node)) names.push(node.node);
		}
	}
	return names.map((name) => {
		const row = {
			node: name,
			ours: isOurs(nodeTypes[name]) ? 'yes' : '',
			'{{ }}': expressionsIn[name] ?? '-',
		};
		for (const result of results) {
			const node = result.nodes.find((entry) => entry.node === name);
			row[`${result.label} s`] = node ? seconds(node.executionTime) : '-';
			row[`${result.label} ms/p`] = node ? (node.executionTime / result.people).toFixed(2) : '-';
			row[`${result.label} items`] = node ? node.items : '-';
		}
		return row;
	});
}

function checks({ size, results }, nodeTypes) {
	const lines = [];
	const verdict = (met) => (met ? 'MET    ' : 'NOT MET');
	const quiet = results.find((result) => result.label === 'quiet night');
	if (quiet) {
		const projected = (quiet.wallMs / 1000) * (TARGETS.quietAtPeople / size);
		const at = size === TARGETS.quietAtPeople;
		lines.push(
			`${verdict(projected <= TARGETS.quietSeconds)} quiet night over ${TARGETS.quietAtPeople} people ≤ ${TARGETS.quietSeconds} s: ` +
				(at
					? `${seconds(quiet.wallMs)} s`
					: `${seconds(quiet.wallMs)} s at ${size} → ${projected.toFixed(0)} s projected linearly to ${TARGETS.quietAtPeople}`),
		);
		const { ours } = split(quiet, nodeTypes);
		const over = ours.filter(
			(node) => node.executionTime / quiet.people > TARGETS.msPerPersonPerNode,
		);
		lines.push(
			`${verdict(over.length === 0)} quiet night ≤ ${TARGETS.msPerPersonPerNode} ms per person in each of our nodes: ` +
				ours
					.map((node) => `${node.node} ${(node.executionTime / quiet.people).toFixed(2)}`)
					.join(', '),
		);
	}
	const peak = Math.max(...results.map((result) => result.peakRssMb));
	lines.push(
		`${verdict(peak <= TARGETS.peakRssMb)} peak RSS of n8n's process tree ≤ ${TARGETS.peakRssMb} MB: ${peak.toFixed(0)} MB`,
	);
	for (const result of results) {
		if (result.status !== 'success') {
			lines.push(
				`FAILED  ${result.label}: execution ${result.executionId} ${result.status}` +
					(result.error ? `: ${result.error}` : '') +
					(result.lastNodeExecuted ? ` (last node: ${result.lastNodeExecuted})` : ''),
			);
		}
		for (const node of result.nodes.filter((entry) => entry.error)) {
			lines.push(`ERROR   ${result.label}, ${node.node}: ${node.error}`);
		}
	}
	return lines;
}

async function main() {
	if (SIZES.length === 0 && EXPRESSION_PEOPLE <= 0) {
		throw new Error('Nothing to run: SCALE_PEOPLE names no size and SCALE_EXPRESSION_PEOPLE is 0');
	}
	const workflowName = `${path.relative(ROOT, WORKFLOW_FILE)}${N8N_ONLY ? ' with SCALE_N8N_ONLY=1' : ''}`;
	const startedAt = new Date();
	progress(`workflow ${workflowName}; sizes ${SIZES.join(', ')}`);

	let expressionRun;
	if (EXPRESSION_PEOPLE > 0) {
		expressionRun = await series(EXPRESSION_PEOPLE, { nights: 2, logLevel: 'debug' });
	}
	const runs = [];
	for (const size of SIZES) runs.push(await series(size, { nights: 3, logLevel: 'info' }));

	const { runtime } = runs[0] ?? expressionRun;
	report.log(
		`npm run bench:scale (SCALE_PEOPLE=${SIZES.join(',')}, SCALE_WORKFLOW=${workflowName}), ` +
			`${startedAt.toISOString().slice(0, 10)}, ${os.cpus().length} cores (shared), ` +
			`n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion}, SQLite, one process; sandbox without latency.`,
	);
	report.log(
		"Times per node are n8n's own (runData[node][].executionTime of the saved execution): wall time of the node, " +
			"which for our nodes includes n8n evaluating their parameters' expressions. CPU and peak RSS are n8n's " +
			'whole process tree (n8n + task runner), polled every 200 ms; "RSS before" is the tree when the night starts. ' +
			'"exec data" is the saved execution data (execution_data.data), "DB growth" the SQLite pages in use, ' +
			'"binary data" n8n\'s .n8n/storage (the CSV read). "{{ }}" counts the expressions in a node\'s parameters ' +
			'(most are evaluated once per item). "load avg": the machine\'s 1-minute load at the end of the night.',
	);
	for (const run of runs) {
		report.log(
			`\n## ${run.size} people (${CHANGED_PERCENT}% changed night: ${changedRoster(roster(run.size), CHANGED_PERCENT).changed} people with a new last name)`,
		);
		report.table(run.results.map((result) => nightRow(result, run.nodeTypes)));
		report.table(nodeRows(run.results, run.nodeTypes, run.expressionsIn));
		for (const line of checks(run, run.nodeTypes)) report.log(line);
	}
	if (expressionRun) {
		report.log(
			`\n## Expressions evaluated per person (${EXPRESSION_PEOPLE} people, N8N_LOG_LEVEL=debug, lines "${EXPRESSION_LOG}")`,
		);
		report.table(
			expressionRun.results.map((result) => ({
				night: result.label,
				status: result.status,
				expressions: result.expressions,
				'per person': (result.expressions / result.people).toFixed(1),
				'wall s (debug log)': seconds(result.wallMs),
			})),
		);
		const nodes = [
			...new Set(expressionRun.results.flatMap((result) => Object.keys(result.expressionsByNode))),
		];
		report.table(
			nodes.map((node) => ({
				node,
				'{{ }}': expressionRun.expressionsIn[node] ?? '-',
				...Object.fromEntries(
					expressionRun.results.map((result) => [
						`${result.label} per person`,
						((result.expressionsByNode[node] ?? 0) / result.people).toFixed(2),
					]),
				),
			})),
		);
	}
	const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);
	report.log(`\nWhole benchmark: ${minutes} min.`);

	if (OUTPUT !== '-') {
		const file = path.resolve(ROOT, OUTPUT);
		fs.writeFileSync(file, captured.join(''));
		progress(`written to ${path.relative(ROOT, file)}`);
	}
	const failed = runs.some((run) => run.results.some((result) => result.status !== 'success'));
	if (failed) process.exitCode = 1;
}

module.exports = { main, changedRoster, writeCounts, countExpressions };

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
