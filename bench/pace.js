/**
 * Issue 20, items 3 and 4: the pace the node finds on its own, and what a vendor that goes down
 * costs. `npm run bench:pace` (and the end of `npm run bench`).
 *
 * 1. Sandbox vendors whose capacity the node is not told (10, 50 and 200 requests/s; 429 +
 *    Retry-After: 1 beyond it; 100 ms latency rising 2 ms per request in flight): the OPSCOM push
 *    of a roster the vendor takes about 10 s for, at the node's defaults (adaptive), at fixed 5
 *    (the old default), at other fixed values (the best of them is "the best fixed value in
 *    hindsight") and through the HTTP Request node at its defaults. Throughput is the pace at
 *    the vendor (people accepted per second, first to last) against what it allows; wall time
 *    includes reading the roster.
 * 2. A vendor that goes down (503 to everything) after 1,000 of 10,000 people: requests that
 *    reached it after it went down, and seconds until the node finished, over several runs
 *    (the count depends on where the failure falls among the requests in flight).
 *
 * BENCH_PACE_SECONDS (default 10) sets how long a roster takes at capacity;
 * BENCH_PACE_CAPACITIES (default 10,50,200; empty for none) the vendors tried;
 * BENCH_DOWN_REPEATS (default 5) the runs of the second part, BENCH_DOWN=0 skips it.
 */
const { createEngine, singleNodeWorkflow } = require('../test/engine');
const { SANDBOX_SECRETS } = require('../sandbox/secrets');
const { admin, credentialsFor, resetVendor, startSandboxProcess, PARAMETERS } = require('./common');

const LATENCY_MS = 100;
const LATENCY_PER_IN_FLIGHT_MS = 2;
const SECONDS_AT_CAPACITY = Number(process.env.BENCH_PACE_SECONDS ?? 10);
const CAPACITIES = (process.env.BENCH_PACE_CAPACITIES ?? '10,50,200')
	.split(',')
	.filter(Boolean)
	.map(Number);
const DOWN_ROSTER = Number(process.env.BENCH_DOWN_ROSTER ?? 10000);
const DOWN_AFTER = Number(process.env.BENCH_DOWN_AFTER ?? 1000);
const DOWN_REPEATS = Number(process.env.BENCH_DOWN_REPEATS ?? 5);

// OPSCOM's four columns, not bench/common.js's person: the paces were measured on this shape.
const person = (i) => ({
	id: `P${String(i).padStart(6, '0')}`,
	first: `First${i}`,
	last: `Last${i}`,
	email: `person${i}@school.edu`,
});
const roster = (size) => Array.from({ length: size }, (_, i) => person(i));

function ourNode(people, concurrency) {
	return singleNodeWorkflow({
		type: 'opscom',
		items: people,
		continueOnFail: true,
		// Every night the same roster: Sync Mode Everyone, so each run pushes everyone.
		parameters: {
			...PARAMETERS.opscom,
			options: { syncMode: 'all', ...(concurrency === undefined ? {} : { concurrency }) },
		},
	});
}

/** n8n's HTTP Request node at its defaults (no batching, no retry), On Error: Continue. */
function httpRequestNode(url, people) {
	const workflow = singleNodeWorkflow({
		type: 'n8n-nodes-base.httpRequest',
		items: people,
		continueOnFail: true,
		parameters: {
			method: 'POST',
			url: `${url}/api/OC_TOMA/v1/profiles/push`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ apiToken: '${SANDBOX_SECRETS.opscom.apiToken}', unique_id: $json.id, login_source: 'OPSCOM', first_name: $json.first, last_name: $json.last, email: $json.email }) }}`,
		},
	});
	workflow.nodes.find((n) => n.name === 'Node').typeVersion = 4.2;
	return workflow;
}

async function measure(engine, url, workflow, people, faults) {
	await resetVendor(url, faults);
	const started = process.hrtime.bigint();
	const run = await engine.run(workflow);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const endedAt = Date.now();
	const { profiles } = await admin(url, 'GET', 'state');
	const pushed = new Set(profiles.map((p) => p.unique_id));
	const { counts, accepted, downSince } = await admin(url, 'GET', 'faults');
	const output = run.runData.Node?.[0]?.data?.main?.[0] ?? [];
	const acceptedSeconds = (accepted.lastAt - accepted.firstAt) / 1000;
	return {
		seconds,
		endedAt,
		lost: people.filter((p) => !pushed.has(p.id)).length,
		outputs: output.length,
		errorItems: output.filter((item) => item.json.error !== undefined).length,
		errors: output.map((item) => item.json.error).filter(Boolean),
		accepted: accepted.count,
		// Too few accepted to time (everyone else refused): no pace to speak of.
		pace:
			accepted.count >= 10 && acceptedSeconds > 0 ? (accepted.count - 1) / acceptedSeconds : NaN,
		refused: counts.overCapacity ?? 0,
		counts,
		downSince,
	};
}

/** Fixed values tried for the best in hindsight: around what the capacity needs in flight. */
function fixedCandidates(capacity) {
	const needed = Math.max(1, Math.round((capacity * LATENCY_MS) / 1000));
	return [...new Set([needed, needed * 2, needed * 4, 5].map((n) => Math.min(50, n)))].sort(
		(a, b) => a - b,
	);
}

async function capacityScenario(engine, url, capacity) {
	const people = roster(capacity * SECONDS_AT_CAPACITY);
	const faults = {
		latencyMs: LATENCY_MS,
		latencyPerInFlightMs: LATENCY_PER_IN_FLIGHT_MS,
		capacityPerSecond: capacity,
		retryAfterSeconds: 1,
	};
	const rows = [];
	const row = (approach, result) => {
		const entry = {
			approach,
			'pace at vendor /s': Number.isNaN(result.pace) ? '—' : result.pace.toFixed(1),
			'of allowed': Number.isNaN(result.pace)
				? '—'
				: `${((result.pace / capacity) * 100).toFixed(0)} %`,
			accepted: result.accepted,
			'wall s': result.seconds.toFixed(1),
			'people/s (wall)': (people.length / result.seconds).toFixed(1),
			'429s': result.refused,
			'people lost': result.lost,
		};
		rows.push(entry);
		return entry;
	};
	const adaptive = await measure(engine, url, ourNode(people), people, faults);
	row('our node, defaults (adaptive)', adaptive);
	let best;
	for (const fixed of fixedCandidates(capacity)) {
		const result = await measure(engine, url, ourNode(people, fixed), people, faults);
		const entry = row(`our node, fixed ${fixed}${fixed === 5 ? ' (old default)' : ''}`, result);
		if (result.lost === 0 && (!best || result.pace > best.result.pace))
			best = { fixed, result, entry };
	}
	const http = await measure(engine, url, httpRequestNode(url, people), people, faults);
	row('HTTP Request node, defaults', http);
	console.log(
		`\n### Vendor allowing ${capacity} requests/s (${people.length} people; not told to the node)`,
	);
	console.table(rows);
	const bestText = best
		? `best fixed value in hindsight: ${best.fixed} at ${best.result.pace.toFixed(1)}/s; adaptive = ${(adaptive.pace / best.result.pace).toFixed(2)}× it`
		: 'no fixed value lost nobody';
	console.log(
		`Adaptive: ${((adaptive.pace / capacity) * 100).toFixed(1)} % of the allowed ${capacity}/s, ${adaptive.lost} people lost; ${bestText}.`,
	);
	return { capacity, adaptive, best };
}

async function downScenario(engine, url) {
	const people = roster(DOWN_ROSTER);
	const rows = [];
	let said;
	for (let run = 0; run < DOWN_REPEATS; run++) {
		const result = await measure(engine, url, ourNode(people), people, {
			latencyMs: LATENCY_MS,
			failAfter: DOWN_AFTER,
		});
		const notSent = result.errors.filter((error) => error.startsWith('Not sent:'));
		said ??= notSent[0];
		rows.push({
			'requests after it went down': result.counts.sentAfterDown ?? 0,
			'seconds until the node finished': result.seconds.toFixed(1),
			'of which after it went down': result.downSince
				? ((result.endedAt - result.downSince) / 1000).toFixed(1)
				: '—',
			'output items': result.outputs,
			'people in': DOWN_ROSTER - result.lost,
			'not sent (one error each)': notSent.length,
			'other error items': result.errorItems - notSent.length,
		});
	}
	console.log(
		`\n### A vendor that goes down (503 to everything) after ${DOWN_AFTER} of ${DOWN_ROSTER} people (100 ms latency, defaults; ${DOWN_REPEATS} runs)`,
	);
	console.table(rows);
	const counts = rows.map((row) => row['requests after it went down']).sort((a, b) => a - b);
	const after = rows.map((row) => Number(row['of which after it went down']));
	console.log(
		`Requests after it went down: median ${median(counts)}, most ${counts.at(-1)} (target ≤ 20); seconds after it went down: most ${Math.max(...after).toFixed(1)} (target ≤ 30).`,
	);
	console.log(`The not-sent items say: "${said}"`);
	return rows;
}

function median(sorted) {
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function runPaceBench(urls) {
	const engine = createEngine({ opscomApi: credentialsFor(urls).opscomApi });
	console.log(
		`\n## Pace: latency ${LATENCY_MS} ms + ${LATENCY_PER_IN_FLIGHT_MS} ms per request in flight; node ${process.version}`,
	);
	for (const capacity of CAPACITIES) await capacityScenario(engine, urls.opscom, capacity);
	if (process.env.BENCH_DOWN !== '0') await downScenario(engine, urls.opscom);
}

module.exports = { runPaceBench };

if (require.main === module) {
	startSandboxProcess().then(async (sandbox) => {
		try {
			await runPaceBench(sandbox.urls);
		} finally {
			sandbox.stop();
		}
	});
}
