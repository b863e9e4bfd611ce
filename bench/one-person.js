/**
 * "One person, now", measured: the OneRoster example (examples/oneroster-nightly-sync.json) over a
 * generated export of BENCH_ROSTER people (default 1,000) with BENCH_LATENCY_MS (default 100 ms)
 * per vendor request. Its first night provisions everyone; then a new person is added to the
 * export and submitted through the form; then the next night runs. Wall time and requests of
 * each, and the form run as a ratio of the two nights, measured in the same run.
 *
 *   npm run build && node bench/one-person.js
 */
require('../test/setup-env');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createEngine } = require('../test/engine');
const { pointAtOneRoster, writeOneRoster } = require('../scripts/roster');
const {
	admin,
	credentialsFor,
	resetVendor,
	startSandboxProcess,
	VENDOR_NODES,
} = require('./common');

const ROSTER_SIZE = Number(process.env.BENCH_ROSTER ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const VENDORS = ['opscom', 'valt', 'rcams'];

const user = (i) => ({
	sourcedId: `B${String(i).padStart(6, '0')}`,
	enabledUser: 'true',
	orgSourcedIds: 'SCH1',
	role: i % 10 === 0 ? 'teacher' : 'student',
	username: `person${i}`,
	givenName: `First${i}`,
	familyName: `Last${i}`,
	identifier: String(100000 + i),
	email: `person${i}@school.edu`,
	password: `Initial-${i}!`,
});

async function measure(urls, run) {
	for (const vendor of VENDORS) await admin(urls[vendor], 'DELETE', 'requests');
	const started = process.hrtime.bigint();
	const result = await run();
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	let writes = 0;
	let reads = 0;
	for (const vendor of VENDORS) {
		const requests = await admin(urls[vendor], 'GET', 'requests');
		const { isWrite } = VENDOR_NODES[vendor];
		writes += requests.filter(isWrite).length;
		// Any request that is neither a write nor a login: a wider net than VENDOR_NODES' isRead.
		reads += requests.filter((r) => !isWrite(r) && !r.path.endsWith('/login')).length;
	}
	if (result.status !== 'success') throw new Error(`The run failed: ${result.error?.message}`);
	return { seconds, writes, reads };
}

async function main() {
	const sandbox = await startSandboxProcess();
	try {
		const { urls } = sandbox;
		for (const vendor of VENDORS) await resetVendor(urls[vendor], { latencyMs: LATENCY_MS });
		const engine = createEngine(credentialsFor(urls));
		const example = JSON.parse(
			fs.readFileSync(
				path.join(__dirname, '..', 'examples', 'oneroster-nightly-sync.json'),
				'utf8',
			),
		);
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-oneroster-')), 'users.csv');
		const workflow = pointAtOneRoster(
			{ ...example, nodes: example.nodes.map(({ credentials, ...node }) => node) },
			file,
		);
		const people = Array.from({ length: ROSTER_SIZE }, (_, i) => user(i));

		writeOneRoster(file, people);
		const first = await measure(urls, () => engine.run(workflow));
		const newcomer = user(ROSTER_SIZE);
		writeOneRoster(file, [...people, newcomer]);
		const form = await measure(urls, () =>
			engine.run(workflow, {
				trigger: 'Sync One Person Now',
				triggerJson: { 'ID or Email': newcomer.email, formMode: 'production' },
			}),
		);
		const next = await measure(urls, () => engine.run(workflow));

		const rows = [
			['first night, everyone', first],
			['form, one new person', form],
			['next night, nothing changed', next],
		];
		console.log(
			`\nOne person, now: OneRoster example, ${ROSTER_SIZE + 1} people in the export, ` +
				`${LATENCY_MS} ms per vendor request, Node ${process.version}\n`,
		);
		console.table(
			rows.map(([run, m]) => ({
				run,
				'wall s': m.seconds.toFixed(2),
				'write requests': m.writes,
				'read requests': m.reads,
			})),
		);
		console.log(
			`form ÷ first night: ${(form.seconds / first.seconds).toFixed(3)}× the time, ` +
				`${form.writes} of ${first.writes} writes; form ÷ next night: ` +
				`${(form.seconds / next.seconds).toFixed(2)}× the time`,
		);
	} finally {
		sandbox.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
