'use strict';
/**
 * Starts and stops an n8n process under the provisioned Node 24, with the quiet, offline
 * environment from N8N.md, and captures its output: `n8n start` (the main instance: editor,
 * API, webhooks) or `n8n worker` (queue mode: runs executions taken from Redis).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { exportsFolder } = require('./roster');

/** A free TCP port on 127.0.0.1 (the OS picks it; it is released before returning). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** The environment for a quiet instance that never calls home. */
function n8nEnvironment({
	nodeBin,
	runtimeDir,
	userFolder,
	port,
	brokerPort,
	publicUrl = `http://127.0.0.1:${port}/`,
	encryptionKey,
	logLevel,
	extra,
}) {
	const env = { ...process.env };
	// Keep the caller's (e.g. jest's) n8n settings and npm settings out of the child.
	for (const key of Object.keys(env)) {
		if (key.startsWith('N8N_') || key.startsWith('npm_') || key === 'NODE_OPTIONS') delete env[key];
	}
	delete env.NODE_PATH;
	// jest sets NODE_ENV=test, and n8n refuses to load nodes "in tests".
	delete env.NODE_ENV;
	for (const key of Object.keys(env)) if (key.startsWith('JEST_')) delete env[key];
	// Nor the caller's database and queue settings: each process gets exactly what `extra` says.
	for (const key of Object.keys(env)) {
		if (/^(DB_|QUEUE_|EXECUTIONS_|OFFLOAD_)/.test(key)) delete env[key];
	}
	delete env.WEBHOOK_URL;
	return {
		...env,
		// n8n spawns its JavaScript task runner as plain `node`: make that Node 24 too.
		PATH: [path.dirname(nodeBin), env.PATH].filter(Boolean).join(path.delimiter),
		// Node's on-disk compile cache: shaves a second or two off each boot.
		NODE_COMPILE_CACHE: path.join(runtimeDir, 'compile-cache'),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: publicUrl,
		N8N_WEBHOOK_URL: publicUrl,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_SECURE_COOKIE: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
		// Explicit values for settings whose defaults n8n 2.41 announces it will change.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		// The nightly example reads the SIS export (CSV) from here, and n8n may read nothing else.
		N8N_RESTRICT_FILE_ACCESS_TO: exportsFolder(userFolder),
		N8N_LOG_LEVEL: logLevel ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		NO_COLOR: '1',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...extra,
	};
}

async function isReady(baseUrl) {
	try {
		const response = await fetch(`${baseUrl}/healthz/readiness`, {
			signal: AbortSignal.timeout(2000),
		});
		return response.ok;
	} catch {
		return false;
	}
}

/**
 * Starts `n8n start` (or, with `command: 'worker'`, `n8n worker`) and resolves once
 * /healthz/readiness answers 200: the main instance's on `port`; a worker's on its health
 * server, which we turn on at `port` (QUEUE_HEALTH_CHECK_PORT: it defaults to 5678, the main
 * instance's port). Rejects with the log tail when n8n exits or is not ready within
 * `readyTimeoutMs`.
 *
 * Every process needs its own `brokerPort`: n8n's task-runner broker listens there.
 *
 * Returns { baseUrl, port, brokerPort, child, log(), stop(), kill(), exited }.
 */
async function startN8nProcess(options) {
	const { runtime, userFolder } = options;
	const command = options.command ?? 'start';
	const port = options.port ?? (await freePort());
	const brokerPort = options.brokerPort ?? (await freePort());
	const baseUrl = `http://127.0.0.1:${port}`;
	const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
	const workerEnv =
		command === 'worker'
			? {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}
			: {};
	const env = n8nEnvironment({
		nodeBin: runtime.nodeBin,
		runtimeDir: runtime.dir,
		userFolder,
		port,
		brokerPort,
		publicUrl: options.publicUrl,
		encryptionKey: options.encryptionKey ?? 'campus-safety-local-key',
		logLevel: options.logLevel,
		extra: { ...workerEnv, ...options.env },
	});

	if (await isReady(baseUrl)) {
		throw new Error(`Port ${port} is already serving an n8n (or something else): stop it first.`);
	}

	const logFile = options.logFile ?? path.join(userFolder, 'n8n.log');
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const logStream = fs.createWriteStream(logFile, { flags: options.appendLog ? 'a' : 'w' });
	const chunks = [];
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, command, ...(options.args ?? [])], {
		cwd: userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		// Detached: a terminal's Ctrl-C reaches only the caller, which then stops n8n once.
		detached: Boolean(options.detached),
	});
	const onOutput = (stream) => (chunk) => {
		chunks.push(chunk);
		logStream.write(chunk);
		if (options.onOutput) options.onOutput(chunk, stream);
	};
	child.stdout.on('data', onOutput('stdout'));
	child.stderr.on('data', onOutput('stderr'));
	const log = () => Buffer.concat(chunks).toString('utf8');

	let exitInfo;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exitInfo = { code, signal };
			resolve(exitInfo);
		});
		child.on('error', (error) => {
			exitInfo = { code: null, signal: null, error };
			resolve(exitInfo);
		});
	});
	exited.then(() => logStream.end());

	const signal = (name) => {
		try {
			// In its own process group, signal the group: n8n's task runner goes too.
			if (options.detached) process.kill(-child.pid, name);
			else child.kill(name);
		} catch {
			// already gone
		}
	};
	const stop = async (timeoutMs = 20_000) => {
		if (exitInfo) return exitInfo;
		signal('SIGTERM');
		const timer = setTimeout(() => {
			if (!exitInfo) signal('SIGKILL');
		}, timeoutMs);
		const info = await exited;
		clearTimeout(timer);
		return info;
	};

	const started = Date.now();
	for (;;) {
		if (exitInfo) {
			throw new Error(
				`n8n exited before it was ready (${describeExit(exitInfo)}). Log (${logFile}):\n${tail(log())}`,
			);
		}
		if (await isReady(baseUrl)) break;
		if (Date.now() - started > readyTimeoutMs) {
			await stop();
			throw new Error(
				`n8n was not ready at ${baseUrl}/healthz/readiness within ${readyTimeoutMs / 1000} s. Log (${logFile}):\n${tail(log())}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}

	return {
		command,
		baseUrl,
		port,
		brokerPort,
		child,
		logFile,
		log,
		stop,
		kill: signal,
		exited,
		bootMs: Date.now() - started,
	};
}

function describeExit(info) {
	if (info.error) return info.error.message;
	return info.signal ? `signal ${info.signal}` : `exit code ${info.code}`;
}

function tail(text, lines = 60) {
	return text.split('\n').slice(-lines).join('\n');
}

module.exports = { startN8nProcess, freePort, n8nEnvironment };
