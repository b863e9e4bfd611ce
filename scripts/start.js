'use strict';
/**
 * `npm start`: a local n8n with this package installed, next to the vendor sandbox.
 * `npm run start:queue` (`--queue`): the same, with n8n in queue mode.
 *
 *  1. provisions Node 24 + n8n 2.41.1 in .runtime/ (once; later runs skip it), and for queue
 *     mode PostgreSQL 17
 *  2. builds dist/ when it is missing or older than the sources
 *  3. starts the sandbox on its fixed ports
 *  4. starts n8n on http://127.0.0.1:5678 with the package installed as n8n installs
 *     community packages:
 *       npm start          one n8n on SQLite, user folder .n8n-data/
 *       npm run start:queue  PostgreSQL + Redis + the main instance + two workers, everything
 *                        under .n8n-queue/ (see scripts/queue-cluster.js), the package in
 *                        each process's user folder
 *  5. sets up the owner, the sandbox credentials (the three vendors and the SMTP catcher the
 *     examples' Send Email nodes use) and the example workflows
 *
 * Ctrl-C stops everything. Both folders are kept between runs: delete one for a fresh
 * instance.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureRuntime } = require('./runtime');
const { installPackage } = require('./install-package');
const { startN8nProcess } = require('./n8n-process');
const { N8nClient, OWNER } = require('./n8n-api');
const { connectApi, setUpCredentials, importExamples } = require('./instance-setup');
const { startQueueCluster } = require('./queue-cluster');
const { instanceRoster, oneRosterIn } = require('./roster');

const ROOT = path.resolve(__dirname, '..');
const QUEUE = process.argv.includes('--queue');
const DATA_DIR = path.join(ROOT, QUEUE ? '.n8n-queue' : '.n8n-data');
/** The main instance's user folder: its n8n.log, config and saved API key are there. */
const USER_FOLDER = QUEUE ? path.join(DATA_DIR, 'main') : DATA_DIR;
const EXAMPLES_DIR = process.env.CAMPUS_SAFETY_EXAMPLES_DIR
	? path.resolve(process.env.CAMPUS_SAFETY_EXAMPLES_DIR)
	: path.join(ROOT, 'examples');
const API_KEY_FILE = path.join(USER_FOLDER, 'campus-safety-api-key.json');
const N8N_PORT = Number(process.env.CAMPUS_SAFETY_N8N_PORT ?? 5678);
const BROKER_PORT = Number(process.env.CAMPUS_SAFETY_BROKER_PORT ?? 5679);
const ENCRYPTION_KEY = 'campus-safety-local-instance-key';
const VERBOSE = process.argv.includes('--verbose') || process.env.CAMPUS_SAFETY_VERBOSE === '1';

function log(message) {
	process.stdout.write(`[start] ${message}\n`);
}

// ---- build --------------------------------------------------------------------------

function newestMtime(entry) {
	let stat;
	try {
		stat = fs.statSync(entry);
	} catch {
		return 0;
	}
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const child of fs.readdirSync(entry)) {
		newest = Math.max(newest, newestMtime(path.join(entry, child)));
	}
	return newest;
}

function buildReason() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const outputs = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].map((f) =>
		path.join(ROOT, f),
	);
	if (outputs.length === 0) return undefined;
	const missing = outputs.filter((f) => !fs.existsSync(f));
	if (missing.length > 0) return `missing ${path.relative(ROOT, missing[0])}`;
	const builtAt = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
	const sources = ['nodes', 'credentials', 'icons', 'package.json', 'tsconfig.json'];
	const changed = sources.find((s) => newestMtime(path.join(ROOT, s)) > builtAt);
	return changed ? `${changed} changed since the last build` : undefined;
}

function runBuild() {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`npm run build failed (exit code ${code})`)),
		);
	});
}

// ---- n8n, one process or a queue-mode cluster ---------------------------------------

const relative = (file) => path.relative(ROOT, file);

/** One n8n on SQLite. Returns { baseUrl, stop(), kill(), exited, lines }. */
async function startSingle(runtime) {
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	const installed = installPackage(USER_FOLDER);
	log(`installed ${installed.name}@${installed.version} into ${relative(installed.dir)}`);
	log(
		`starting n8n ${runtime.n8nVersion} on http://127.0.0.1:${N8N_PORT} (log: ${relative(USER_FOLDER)}/n8n.log)…`,
	);
	const n8n = await startN8nProcess({
		runtime,
		userFolder: USER_FOLDER,
		port: N8N_PORT,
		brokerPort: BROKER_PORT,
		encryptionKey: ENCRYPTION_KEY,
		detached: true,
		onOutput: VERBOSE ? (chunk) => process.stdout.write(chunk) : undefined,
	});
	log(`n8n ready in ${(n8n.bootMs / 1000).toFixed(1)} s`);
	return {
		baseUrl: n8n.baseUrl,
		stop: () => n8n.stop(),
		kill: () => n8n.kill('SIGKILL'),
		exited: n8n.exited.then((info) => ({ name: 'n8n', ...info })),
		logHint: `${relative(USER_FOLDER)}/n8n.log`,
		rosterFile: instanceRoster(USER_FOLDER),
		lines: [`  package: ${installed.name}@${installed.version}`],
	};
}

/** PostgreSQL, Redis, the main instance and two workers. Same shape as startSingle(). */
async function startQueue(runtime) {
	log(
		`starting n8n ${runtime.n8nVersion} in queue mode: PostgreSQL ${runtime.postgresVersion.split('-')[0]}, ` +
			`Redis, the main instance on http://127.0.0.1:${N8N_PORT} and two workers (logs under ${relative(DATA_DIR)}/)…`,
	);
	const cluster = await startQueueCluster({
		runtime,
		dir: DATA_DIR,
		workers: 2,
		port: N8N_PORT,
		brokerPort: BROKER_PORT,
		encryptionKey: ENCRYPTION_KEY,
		onOutput: VERBOSE ? (name, chunk) => process.stdout.write(`[${name}] ${chunk}`) : undefined,
	});
	const { main, postgres, redis, installed } = cluster;
	log(
		`ready: main in ${(main.bootMs / 1000).toFixed(1)} s, workers in ${cluster.workerNames.map((n) => `${(cluster.worker(n).bootMs / 1000).toFixed(1)} s`).join(' and ')}`,
	);
	return {
		baseUrl: cluster.baseUrl,
		stop: () => cluster.stop(),
		kill: () => {
			main.kill('SIGKILL');
			for (const name of cluster.workerNames) cluster.worker(name).kill('SIGKILL');
		},
		exited: cluster.anyExit(),
		logHint: `${relative(DATA_DIR)}/<main|worker-N>/n8n.log`,
		// The SIS export is read by whichever worker runs the sync: one folder for all.
		rosterFile: instanceRoster(DATA_DIR),
		lines: [
			`  package: ${installed.name}@${installed.version}, installed for each process:`,
			...installed.dirs.map((dir) => `    ${relative(dir)}`),
			`  queue mode: PostgreSQL 127.0.0.1:${postgres.port} (database ${postgres.database}, user ${postgres.user}, runs as ${postgres.runsAs}), Redis 127.0.0.1:${redis.port}`,
			...cluster.workerNames.map((name) => {
				const worker = cluster.worker(name);
				return `    ${name}: pid ${worker.child.pid}, health ${worker.baseUrl}/healthz, task broker :${worker.brokerPort}, log ${relative(worker.logFile)}`;
			}),
			'    manual and scheduled runs execute on the workers (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true)',
		],
	};
}

// ---- main ---------------------------------------------------------------------------

async function main() {
	const started = Date.now();
	const runtime = await ensureRuntime({ postgres: QUEUE });

	const reason = buildReason();
	if (reason) {
		log(`building the package (${reason})…`);
		await runBuild();
	}

	const { startSandbox, SANDBOX_PORTS } = require('../sandbox');
	const sandbox = await startSandbox({ ports: SANDBOX_PORTS, host: '127.0.0.1' }).catch((error) => {
		throw new Error(
			`Could not start the sandbox on ports ${Object.values(SANDBOX_PORTS).join('/')} (${error.message}). ` +
				'Is another `npm start` or `npm run sandbox` running?',
		);
	});
	log(
		`sandbox: OPSCOM ${sandbox.opscom.url}, VALT ${sandbox.valt.url}, RCAMS ${sandbox.rcams.url}, ` +
			`mail catcher smtp://${sandbox.smtp.host}:${sandbox.smtp.port} (read at ${sandbox.opscom.url}/__sandbox/mail)`,
	);

	let n8n;
	let stopping;
	const shutdown = async (code) => {
		if (stopping) return stopping;
		stopping = (async () => {
			log(
				`stopping ${QUEUE ? 'n8n (main and workers), Redis, PostgreSQL' : 'n8n'} and the sandbox…`,
			);
			if (n8n) await n8n.stop();
			await sandbox.close().catch(() => {});
			log('stopped');
			process.exit(code);
		})();
		return stopping;
	};
	let interrupts = 0;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			interrupts += 1;
			if (interrupts > 1 && n8n) n8n.kill();
			shutdown(0);
		});
	}

	try {
		n8n = await (QUEUE ? startQueue(runtime) : startSingle(runtime));
	} catch (error) {
		await sandbox.close().catch(() => {});
		throw error;
	}
	n8n.exited.then((info) => {
		if (stopping) return;
		log(
			`${info.name} exited unexpectedly (${info.signal ?? `exit code ${info.code}`}); see ${n8n.logHint}`,
		);
		shutdown(1);
	});

	try {
		const client = new N8nClient(n8n.baseUrl);
		const { ownerCreated } = await connectApi(client, { apiKeyFile: API_KEY_FILE });
		const credentials = await setUpCredentials(client, sandbox, { test: true });
		const imported = await importExamples(client, credentials.byType, EXAMPLES_DIR, n8n.rosterFile);

		const lines = [
			'',
			`n8n is running${QUEUE ? ' in queue mode' : ''}: ${n8n.baseUrl}`,
			`  owner login: ${OWNER.email} / ${OWNER.password}${ownerCreated ? ' (created now)' : ''}`,
			...n8n.lines,
			'  credentials (pointing at the sandbox):',
			...credentials.lines.map((l) => `    ${l}`),
			`  example workflows (${relative(EXAMPLES_DIR)}/); the nightly sync reads ${relative(n8n.rosterFile)}, ` +
				`the OneRoster one ${relative(oneRosterIn(path.dirname(n8n.rosterFile)))}:`,
			...(imported.length > 0 ? imported.map((l) => `    ${l}`) : ['    none found']),
			`  ready ${((Date.now() - started) / 1000).toFixed(1)} s after start. Press Ctrl-C to stop.`,
			'',
		];
		process.stdout.write(`${lines.join('\n')}\n`);
	} catch (error) {
		process.stderr.write(`[start] setting up n8n failed: ${error.stack ?? error.message}\n`);
		await shutdown(1);
	}
}

main().catch((error) => {
	process.stderr.write(`[start] ${error.message}\n`);
	process.exit(1);
});
