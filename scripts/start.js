'use strict';
/**
 * `npm start`: a local n8n with this package installed, next to the vendor sandbox.
 *
 *  1. provisions Node 24 + n8n 2.41.1 in .runtime/ (once; later runs skip it)
 *  2. builds dist/ when it is missing or older than the sources
 *  3. installs the package into the n8n user folder .n8n-data/ (kept between runs)
 *  4. starts the sandbox on its fixed ports and n8n on http://127.0.0.1:5678
 *  5. sets up the owner, the three sandbox credentials and the example workflows
 *
 * Ctrl-C stops n8n and the sandbox. Delete .n8n-data/ for a fresh instance.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureRuntime } = require('./runtime');
const { installPackage } = require('./install-package');
const { startN8nProcess } = require('./n8n-process');
const { N8nClient, OWNER, mapWorkflowCredentials } = require('./n8n-api');
const { instanceRoster, pointAtRoster } = require('./roster');

const ROOT = path.resolve(__dirname, '..');
const USER_FOLDER = path.join(ROOT, '.n8n-data');
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

// ---- n8n setup ----------------------------------------------------------------------

async function connectApi(client) {
	const created = await client.ensureOwner(OWNER).catch((error) => {
		throw new Error(
			`Could not log in as ${OWNER.email} (${error.message}). ` +
				'If the owner password was changed in the UI, delete .n8n-data/ to start over.',
		);
	});
	let saved;
	try {
		saved = JSON.parse(fs.readFileSync(API_KEY_FILE, 'utf8'));
	} catch {
		saved = undefined;
	}
	if (saved?.apiKey && (await client.apiKeyWorks(saved.apiKey))) return { ownerCreated: created };
	// Labels are unique per user: drop the stale key of an earlier run first.
	await client.deleteApiKeys();
	const key = await client.createApiKey();
	fs.writeFileSync(API_KEY_FILE, `${JSON.stringify(key)}\n`, { mode: 0o600 });
	return { ownerCreated: created };
}

/** The sandbox credentials, by credential type. */
function sandboxCredentials(sandbox) {
	const { SANDBOX_SECRETS } = require('../sandbox');
	return [
		{
			type: 'opscomApi',
			name: 'OPSCOM sandbox',
			data: {
				baseUrl: sandbox.opscom.url,
				clientCode: 'OC_TOMA',
				apiToken: SANDBOX_SECRETS.opscom.apiToken,
			},
		},
		{
			type: 'ivsValtApi',
			name: 'IVS VALT sandbox',
			data: {
				baseUrl: sandbox.valt.url,
				username: SANDBOX_SECRETS.valt.username,
				password: SANDBOX_SECRETS.valt.password,
				ignoreSslIssues: false,
			},
		},
		{
			type: 'rcamsApi',
			name: 'RCAMS sandbox',
			data: {
				baseUrl: `${sandbox.rcams.url}/api/v2`,
				username: SANDBOX_SECRETS.rcams.username,
				password: SANDBOX_SECRETS.rcams.password,
			},
		},
	];
}

async function loadedCredentialTypes(client) {
	const types = await client.request('GET', '/types/credentials.json', { auth: 'cookie' });
	return new Set(types.map((t) => t.name));
}

async function setUpCredentials(client, sandbox) {
	const known = await loadedCredentialTypes(client);
	const byType = {};
	const lines = [];
	for (const credential of sandboxCredentials(sandbox)) {
		if (!known.has(credential.type)) {
			lines.push(`${credential.name}: skipped (type ${credential.type} is not in the build yet)`);
			continue;
		}
		const saved = await client.upsertCredential(credential.type, credential.data, credential.name);
		byType[credential.type] = { id: saved.id, name: credential.name };
		const test = await client.testCredential(saved.id).catch((error) => ({
			status: 'Error',
			message: error.message,
		}));
		lines.push(
			`${credential.name} (${credential.type}, id ${saved.id}): ${saved.created ? 'created' : 'updated'}, ` +
				`test ${test.status}${test.status === 'OK' ? '' : ` – ${test.message}`}`,
		);
	}
	return { byType, lines };
}

function exampleFiles(dir = EXAMPLES_DIR) {
	if (!fs.existsSync(dir)) return [];
	const files = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files.push(...exampleFiles(full));
		else if (entry.name.endsWith('.json')) files.push(full);
	}
	return files.sort();
}

async function importExamples(client, credentialsByType) {
	const lines = [];
	for (const file of exampleFiles()) {
		const relative = path.relative(ROOT, file);
		let parsed;
		try {
			parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch (error) {
			lines.push(`${relative}: not valid JSON (${error.message}), skipped`);
			continue;
		}
		// A file may hold one workflow or an array of them (n8n's export format).
		const workflows = Array.isArray(parsed) ? parsed : [parsed];
		for (const workflow of workflows) {
			if (!workflow || !Array.isArray(workflow.nodes) || !workflow.name) {
				lines.push(`${relative}: not a workflow (needs name and nodes), skipped`);
				continue;
			}
			try {
				const { workflow: mapped, unmapped } = mapWorkflowCredentials(
					pointAtRoster(workflow, instanceRoster(USER_FOLDER)),
					credentialsByType,
				);
				const saved = await client.upsertWorkflowByName(mapped);
				lines.push(
					`"${workflow.name}" (id ${saved.id}) from ${relative}: ${saved.created ? 'imported' : 'replaced'}` +
						(unmapped.length > 0 ? `; no credential for ${unmapped.join(', ')}` : ''),
				);
			} catch (error) {
				lines.push(`"${workflow.name}" from ${relative}: import failed – ${error.message}`);
			}
		}
	}
	return lines;
}

// ---- main ---------------------------------------------------------------------------

async function main() {
	const started = Date.now();
	const runtime = await ensureRuntime();

	const reason = buildReason();
	if (reason) {
		log(`building the package (${reason})…`);
		await runBuild();
	}

	fs.mkdirSync(USER_FOLDER, { recursive: true });
	const installed = installPackage(USER_FOLDER);
	log(
		`installed ${installed.name}@${installed.version} into ${path.relative(ROOT, installed.dir)}`,
	);

	const { startSandbox, SANDBOX_PORTS } = require('../sandbox');
	const sandbox = await startSandbox({ ports: SANDBOX_PORTS, host: '127.0.0.1' }).catch((error) => {
		throw new Error(
			`Could not start the sandbox on ports ${Object.values(SANDBOX_PORTS).join('/')} (${error.message}). ` +
				'Is another `npm start` or `npm run sandbox` running?',
		);
	});
	log(
		`sandbox: OPSCOM ${sandbox.opscom.url}, VALT ${sandbox.valt.url}, RCAMS ${sandbox.rcams.url}`,
	);

	let n8n;
	let stopping;
	const shutdown = async (code) => {
		if (stopping) return stopping;
		stopping = (async () => {
			log('stopping n8n and the sandbox…');
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
			if (interrupts > 1 && n8n) n8n.kill('SIGKILL');
			shutdown(0);
		});
	}

	log(
		`starting n8n ${runtime.n8nVersion} on http://127.0.0.1:${N8N_PORT} (log: .n8n-data/n8n.log)…`,
	);
	try {
		n8n = await startN8nProcess({
			runtime,
			userFolder: USER_FOLDER,
			port: N8N_PORT,
			brokerPort: BROKER_PORT,
			encryptionKey: ENCRYPTION_KEY,
			detached: true,
			onOutput: VERBOSE ? (chunk) => process.stdout.write(chunk) : undefined,
		});
	} catch (error) {
		await sandbox.close().catch(() => {});
		throw error;
	}
	log(`n8n ready in ${(n8n.bootMs / 1000).toFixed(1)} s`);
	n8n.exited.then((info) => {
		if (stopping) return;
		log(
			`n8n exited unexpectedly (${info.signal ?? `exit code ${info.code}`}); see .n8n-data/n8n.log`,
		);
		shutdown(1);
	});

	try {
		const client = new N8nClient(n8n.baseUrl);
		const { ownerCreated } = await connectApi(client);
		const credentials = await setUpCredentials(client, sandbox);
		const imported = await importExamples(client, credentials.byType);

		const lines = [
			'',
			`n8n is running: ${n8n.baseUrl}`,
			`  owner login: ${OWNER.email} / ${OWNER.password}${ownerCreated ? ' (created now)' : ''}`,
			`  package: ${installed.name}@${installed.version}`,
			'  credentials (pointing at the sandbox):',
			...credentials.lines.map((l) => `    ${l}`),
			`  example workflows (${path.relative(ROOT, EXAMPLES_DIR)}/):`,
			...(imported.length > 0 ? imported.map((l) => `    ${l}`) : ['    none found']),
			`  ready ${((Date.now() - started) / 1000).toFixed(1)} s after npm start. Press Ctrl-C to stop.`,
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
