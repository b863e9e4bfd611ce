'use strict';
/**
 * A throwaway real n8n for end-to-end tests.
 *
 *   const { startN8nInstance } = require('./n8n-instance');
 *   let n8n;
 *   beforeAll(async () => { n8n = await startN8nInstance(); }, BOOT_TIMEOUT_MS);
 *   afterAll(() => n8n?.stop());
 *
 * Each instance gets a temp user folder (SQLite), random free ports for n8n and its task
 * broker, this package installed as n8n installs community packages (see
 * scripts/install-package.js: run `npm run build` first), the vendor sandbox on ephemeral
 * ports, an owner and a public-API key. The first use provisions Node 24 + n8n in .runtime/
 * (minutes, once); later boots take seconds.
 *
 * `startN8nInstance({ queue: { workers: 2 } })` starts n8n in queue mode instead
 * (scripts/queue-cluster.js: PostgreSQL, Redis, main, workers, all on free ports under one
 * temp folder); `n8n.cluster` then stops, kills and restarts workers, and `n8n.workerOf(id)`
 * says which worker ran an execution.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureRuntime } = require('../../scripts/runtime');
const { installPackage, readPackageJson } = require('../../scripts/install-package');
const { startN8nProcess } = require('../../scripts/n8n-process');
const { startQueueCluster } = require('../../scripts/queue-cluster');
const { N8nClient, OWNER, mapWorkflowCredentials } = require('../../scripts/n8n-api');
const { connectApi, setUpCredentials } = require('../../scripts/instance-setup');
const { sandboxCredentialData } = require('../../sandbox/credentials');
const {
	instanceOneRoster,
	instanceRoster,
	pointAtOneRoster,
	pointAtRoster,
} = require('../../scripts/roster');

/** Generous: includes provisioning the runtime on a fresh machine (~10 min measured cold). */
const BOOT_TIMEOUT_MS = 20 * 60_000;
/** Once the runtime exists: an n8n boot (5–30 s depending on load) plus setup. */
const WARM_BOOT_TIMEOUT_MS = 3 * 60_000;

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Splits n8n's captured output (N8N_LOG_FORMAT=json) into entries. */
function parseLog(text) {
	const entries = [];
	for (const line of text.split('\n')) {
		if (line.trim() === '') continue;
		try {
			const parsed = JSON.parse(line);
			if (parsed && typeof parsed === 'object' && 'level' in parsed) {
				entries.push({
					level: parsed.level,
					message: String(parsed.message ?? ''),
					metadata: parsed.metadata ?? {},
					line,
				});
				continue;
			}
		} catch {
			// not a JSON log line: raw output (stack traces, output of child processes)
		}
		entries.push({ level: 'raw', message: line, metadata: {}, line });
	}
	return entries;
}

/** Items (`json` only) a node produced in its last run, output `output` (default 0). */
function nodeOutput(execution, nodeName, output = 0) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) return undefined;
	const items = runs[runs.length - 1]?.data?.main?.[output] ?? [];
	return items.map((item) => item.json);
}

/** The error of a failed execution, as n8n recorded it. */
function executionError(execution) {
	const resultData = execution?.data?.resultData;
	if (resultData?.error) return resultData.error;
	for (const [node, runs] of Object.entries(resultData?.runData ?? {})) {
		const failed = runs.find((run) => run.error);
		if (failed) return { node, ...failed.error };
	}
	return undefined;
}

class N8nInstance {
	constructor({
		runtime,
		userFolder,
		server,
		cluster,
		sandbox,
		client,
		keepUserFolder,
		processOptions,
	}) {
		this.runtime = runtime;
		this.processOptions = processOptions;
		this.earlierLogs = '';
		this.userFolder = userFolder;
		this.server = server;
		this.cluster = cluster;
		this.sandbox = sandbox;
		this.client = client;
		this.baseUrl = server.baseUrl;
		this.port = server.port;
		this.owner = OWNER;
		this.credentials = {};
		this.keepUserFolder = keepUserFolder;
		this.runCopies = new Map();
	}

	/** n8n's captured stdout + stderr so far (of every start, after a restart). */
	log() {
		return this.earlierLogs + this.server.log();
	}

	/** Stops n8n and starts it again on the same user folder: database, credentials, package. */
	async restart() {
		if (this.cluster)
			throw new Error('restart() is for one process; in queue mode use n8n.cluster');
		this.earlierLogs += this.server.log();
		await this.server.stop();
		this.server = await startN8nProcess(this.processOptions);
		this.baseUrl = this.server.baseUrl;
		this.port = this.server.port;
		const { apiKey } = this.client;
		this.client = new N8nClient(this.server.baseUrl);
		await this.client.login(OWNER);
		this.client.apiKey = apiKey;
	}

	/**
	 * Kills n8n at once with SIGKILL, as the kernel's OOM killer or a lost machine would: no
	 * shutdown, so nothing n8n saves when an execution ends is saved for the one running. Started
	 * with `detached: true`, n8n's task runner dies with it (the whole process group). Resolves
	 * once n8n has exited; restart() then boots it again on the same user folder.
	 */
	async kill() {
		if (this.cluster)
			throw new Error('kill() is for one process; in queue mode use n8n.cluster.killWorker()');
		this.server.kill('SIGKILL');
		return this.server.exited;
	}

	/** The log as entries { level, message, metadata, line }; non-JSON lines have level 'raw'. */
	logEntries() {
		return parseLog(this.log());
	}

	/** Node type descriptions as the editor gets them (includes the `…Tool` variants). */
	async nodeTypes() {
		return this.client.request('GET', '/types/nodes.json', { auth: 'cookie' });
	}

	async credentialTypes() {
		return this.client.request('GET', '/types/credentials.json', { auth: 'cookie' });
	}

	/** Creates a credential through the public API. Returns { id, name, type, … }. */
	async createCredential(type, data, name) {
		return this.client.createCredential(type, data, name);
	}

	/**
	 * Creates (or updates, by name) the sandbox credentials of every given type (default:
	 * those n8n has loaded), named as examples/ references them, and remembers them for
	 * importWorkflow(). Returns { [type]: { id, name } }.
	 */
	async createSandboxCredentials(types) {
		if (!this.sandbox) throw new Error('This instance was started without the sandbox');
		const { byType } = await setUpCredentials(this.client, this.sandbox, { types });
		Object.assign(this.credentials, byType);
		return this.credentials;
	}

	/** n8n's own credential test (the credential type's `test` request). { status, message } */
	async testCredential(id) {
		return this.client.testCredential(id);
	}

	/**
	 * Imports a workflow JSON (as exported by n8n or kept in examples/). Credential
	 * references are pointed, by credential type, at `options.credentials` (default: the
	 * ones createSandboxCredentials() made); a "Read SIS Export" node reads `options.rosterFile`
	 * (default: the sample roster, copied into the instance's SIS export folder), a "Read OneRoster
	 * users.csv" node `options.oneRosterFile` (default: the sample users.csv, copied likewise).
	 * Returns the created workflow (with `id`).
	 */
	async importWorkflow(workflow, options = {}) {
		const roster = options.rosterFile ?? instanceRoster(this.userFolder);
		const oneRoster = options.oneRosterFile ?? instanceOneRoster(this.userFolder);
		const { workflow: mapped } = mapWorkflowCredentials(
			pointAtOneRoster(pointAtRoster(workflow, roster), oneRoster),
			options.credentials ?? this.credentials,
		);
		return this.client.createWorkflow({ ...mapped, name: options.name ?? mapped.name });
	}

	/**
	 * Runs a workflow and returns its finished execution, with data:
	 * { id, status, finished, data: { resultData: { runData, error } }, response }.
	 *
	 * How: n8n runs workflows headlessly through triggers, so this makes (once per workflow
	 * version) an active copy whose Manual Trigger is replaced by a Webhook node of the same
	 * name, calls that webhook, then reads the execution from the public API. A workflow
	 * that starts with a Webhook node gets a copy with its own webhook path.
	 * `options.body` is the webhook's JSON body (in the trigger's output item, under `body`).
	 */
	async runWorkflow(id, options = {}) {
		const timeoutMs = options.timeoutMs ?? 60_000;
		const copy = await this.runnableCopy(id);
		const before = await this.latestExecutionId(copy.id);

		const started = Date.now();
		let response;
		// Activation registers the webhook asynchronously: 404 until it is live.
		for (;;) {
			const withBody = copy.method !== 'GET' && copy.method !== 'HEAD';
			response = await fetch(`${this.baseUrl}/webhook/${copy.path}`, {
				method: copy.method,
				headers: withBody ? { 'content-type': 'application/json' } : {},
				body: withBody ? JSON.stringify(options.body ?? {}) : undefined,
				signal: AbortSignal.timeout(timeoutMs),
			});
			if (response.status !== 404) break;
			await response.arrayBuffer();
			if (Date.now() - started > timeoutMs) {
				throw new Error(`The webhook of workflow ${id} (copy ${copy.id}) never became active`);
			}
			await delay(200);
		}
		const text = await response.text();
		let body = text;
		try {
			body = JSON.parse(text);
		} catch {
			// keep text
		}

		for (;;) {
			const [latest] = await this.client.listExecutions({ workflowId: copy.id, limit: 1 });
			if (latest && Number(latest.id) > Number(before ?? 0)) {
				const left = Math.max(1000, timeoutMs - (Date.now() - started));
				const execution = await this.client.waitForExecution(latest.id, { timeoutMs: left });
				return { ...execution, response: { status: response.status, body } };
			}
			if (Date.now() - started > timeoutMs) {
				throw new Error(
					`No finished execution of workflow ${id} (copy ${copy.id}) within ${timeoutMs / 1000} s; webhook answered ${response.status}: ${text.slice(0, 500)}`,
				);
			}
			await delay(200);
		}
	}

	/** Imports `workflow` and runs it. Returns the execution (see runWorkflow). */
	async runWorkflowJson(workflow, options = {}) {
		const created = await this.importWorkflow(workflow, options);
		return this.runWorkflow(created.id, options);
	}

	/**
	 * Runs a saved workflow as the editor's "Execute workflow" does (a manual execution from
	 * its trigger, through n8n's REST API; in queue mode a worker runs it) and returns the
	 * finished execution with its data. `options.timeoutMs` (default 120 s).
	 */
	async runManually(id, options = {}) {
		const executionId = await this.client.runManually(id, options);
		return this.client.waitForExecution(executionId, options);
	}

	/** Starts a manual execution and returns its id at once (see runManually()). */
	async startManually(id, options = {}) {
		return this.client.runManually(id, options);
	}

	/** Waits for an execution to finish; returns it with its data. */
	async waitForExecution(executionId, options = {}) {
		return this.client.waitForExecution(executionId, options);
	}

	/**
	 * Queue mode: the worker that ran (or is running) an execution, from the workers' own
	 * words in their logs ("Worker started execution 7 (job 3)"); undefined if none did.
	 */
	workerOf(executionId) {
		return this.cluster?.workerNames.find((name) =>
			this.executionsOn(name).includes(String(executionId)),
		);
	}

	/** Queue mode: the ids of the executions a worker started, in order (across its restarts). */
	executionsOn(workerName) {
		const { logFile } = this.cluster.worker(workerName);
		const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
		return parseLog(text)
			.map((entry) => /^Worker started execution (\d+) \(job/.exec(entry.message)?.[1])
			.filter(Boolean);
	}

	/** Waits until a worker has started the execution; returns the worker's name. */
	async waitForWorkerOf(executionId, { timeoutMs = 60_000 } = {}) {
		const started = Date.now();
		for (;;) {
			const worker = this.workerOf(executionId);
			if (worker) return worker;
			if (Date.now() - started > timeoutMs) {
				throw new Error(`No worker started execution ${executionId} within ${timeoutMs / 1000} s`);
			}
			await delay(100);
		}
	}

	async latestExecutionId(workflowId) {
		const [latest] = await this.client.listExecutions({ workflowId, limit: 1 });
		return latest?.id;
	}

	/**
	 * The webhook-started copy of a workflow that runWorkflow() calls. One copy per workflow,
	 * updated in place when the workflow changes: like the workflow itself in production, it
	 * keeps one id, and with it the history n8n keeps per workflow (the sync history).
	 */
	async runnableCopy(id) {
		const original = await this.client.getWorkflow(id);
		const version = original.versionId ?? original.updatedAt;
		const cached = this.runCopies.get(id);
		if (cached?.version === version) return cached;

		const nodes = original.nodes.map((node) => ({ ...node }));
		const webhookPath = cached?.path ?? `e2e-${crypto.randomUUID()}`;
		let method = 'POST';
		const trigger = nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		const webhook = nodes.find((node) => node.type === 'n8n-nodes-base.webhook' && !node.disabled);
		// n8n refuses a "last node" webhook with a Respond to Webhook node after it (one that answers
		// a form); in "response node" mode it answers when the run ends if none of them ran.
		const answers = nodes.some((node) => node.type === 'n8n-nodes-base.respondToWebhook');
		if (trigger) {
			// Same name, so the connections still hold.
			Object.assign(trigger, {
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: crypto.randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: answers ? 'responseNode' : 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			});
		} else if (webhook) {
			// Its own path: the original may be active too.
			method = webhook.parameters?.httpMethod ?? 'GET';
			webhook.parameters = { ...webhook.parameters, path: webhookPath };
			webhook.webhookId = crypto.randomUUID();
		} else {
			throw new Error(
				`runWorkflow(${id}): the workflow needs a Manual Trigger (or a Webhook) node to start from`,
			);
		}

		const content = {
			name: `${original.name} [e2e run ${id}]`,
			nodes,
			connections: original.connections,
			settings: {
				...original.settings,
				saveDataSuccessExecution: 'all',
				saveDataErrorExecution: 'all',
			},
		};
		let copyId = cached?.id;
		if (copyId) {
			await this.client.deactivateWorkflow(copyId);
			await this.client.updateWorkflow(copyId, content);
		} else {
			copyId = (await this.client.createWorkflow(content)).id;
		}
		await this.client.activateWorkflow(copyId);
		const copy = { id: copyId, path: webhookPath, method, version };
		this.runCopies.set(id, copy);
		return copy;
	}

	/** Changes a workflow (e.g. an option of one node); its next run runs the new version. */
	async updateWorkflow(id, change) {
		const workflow = await this.client.getWorkflow(id);
		return this.client.updateWorkflow(id, change(workflow));
	}

	/** Stops n8n and the sandbox and removes the temp user folder (unless kept). */
	async stop() {
		if (this.stopped) return this.stopped;
		this.stopped = (async () => {
			await (this.cluster ?? this.server).stop();
			if (this.sandbox) await this.sandbox.close().catch(() => {});
			if (!this.keepUserFolder) {
				fs.rmSync(this.userFolder, { recursive: true, force: true, maxRetries: 3 });
			}
		})();
		return this.stopped;
	}
}

/**
 * Boots a fresh n8n with the package installed. Options:
 *   sandbox: true (default) | false | options for startSandbox()
 *   logLevel: n8n's N8N_LOG_LEVEL (default 'debug', so loader messages are captured; in
 *     queue mode 'info')
 *   env: extra environment for n8n (every process in queue mode)
 *   queue: { workers (default 2), concurrency (jobs per worker, n8n's default 10) } starts
 *     n8n in queue mode (PostgreSQL, Redis, main, workers) instead of one process on SQLite
 *   detached: run n8n (one process) in its own process group, so that kill() takes its task
 *     runner too (queue mode always does)
 *   keepUserFolder: keep the temp folder after stop() (for debugging)
 *   readyTimeoutMs: how long to wait for /healthz/readiness (default 180 s)
 */
async function startN8nInstance(options = {}) {
	const queue = options.queue;
	const runtime = await ensureRuntime({ postgres: Boolean(queue) });
	const userFolder = fs.mkdtempSync(
		path.join(os.tmpdir(), `campus-safety-e2e${queue ? '-queue' : ''}-`),
	);
	const cleanups = [() => fs.rmSync(userFolder, { recursive: true, force: true, maxRetries: 3 })];
	const fail = async (error) => {
		for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
		throw error;
	};

	if (!queue) {
		try {
			installPackage(userFolder);
		} catch (error) {
			return fail(error);
		}
	}

	let sandbox;
	if (options.sandbox !== false) {
		const { startSandbox } = require('../../sandbox');
		try {
			sandbox = await startSandbox({
				host: '127.0.0.1',
				...(typeof options.sandbox === 'object' ? options.sandbox : {}),
			});
		} catch (error) {
			return fail(new Error(`The sandbox did not start: ${error.message}`));
		}
		cleanups.push(() => sandbox.close());
	}

	const common = {
		runtime,
		encryptionKey: `e2e-${crypto.randomUUID()}`,
		logLevel: options.logLevel ?? (queue ? 'info' : 'debug'),
		readyTimeoutMs: options.readyTimeoutMs ?? 180_000,
		env: { N8N_LOG_FORMAT: 'json', ...options.env },
	};
	let server;
	let cluster;
	let processOptions;
	try {
		if (queue) {
			cluster = await startQueueCluster({
				...common,
				dir: userFolder,
				workers: queue.workers ?? 2,
				concurrency: queue.concurrency,
				// Tests need no crash safety from PostgreSQL: fsync off.
				durable: false,
			});
			server = cluster.main;
		} else {
			processOptions = { ...common, userFolder, detached: Boolean(options.detached) };
			server = await startN8nProcess(processOptions);
		}
	} catch (error) {
		// Keep the user folder (its n8n.log, database) for a look.
		cleanups.shift();
		return fail(new Error(`n8n did not boot (user folder kept: ${userFolder}): ${error.message}`));
	}
	cleanups.push(() => (cluster ?? server).stop());

	const client = new N8nClient(server.baseUrl);
	try {
		await connectApi(client, { label: 'e2e' });
	} catch (error) {
		return fail(
			new Error(
				`n8n booted but the owner/API-key setup failed: ${error.message}\n${server.log().slice(-4000)}`,
			),
		);
	}
	return new N8nInstance({
		runtime,
		userFolder,
		server,
		cluster,
		sandbox,
		client,
		keepUserFolder: Boolean(options.keepUserFolder),
		processOptions,
	});
}

/**
 * What package.json's `n8n` section declares, read from the built files in dist/:
 * { packageName, nodes: [{ file, name, displayName, usableAsTool, trigger }], credentials: [{ file, name }] }.
 */
function declaredTypes() {
	const root = path.resolve(__dirname, '..', '..');
	const pkg = readPackageJson();
	const instantiate = (file) => {
		const exported = require(path.join(root, file));
		const classes = Object.values(exported).filter((value) => typeof value === 'function');
		if (classes.length !== 1)
			throw new Error(`${file} should export one class, exports ${Object.keys(exported)}`);
		return new classes[0]();
	};
	const nodes = (pkg.n8n?.nodes ?? []).map((file) => {
		const instance = instantiate(file);
		const description =
			instance.description ?? instance.nodeVersions?.[instance.currentVersion]?.description ?? {};
		return {
			file,
			name: description.name,
			displayName: description.displayName,
			usableAsTool: Boolean(description.usableAsTool),
			trigger: (description.group ?? []).includes('trigger'),
		};
	});
	const credentials = (pkg.n8n?.credentials ?? []).map((file) => {
		const instance = instantiate(file);
		return { file, name: instance.name, displayName: instance.displayName };
	});
	return { packageName: pkg.name, nodes, credentials };
}

/** "Run the nightly sync now": its Schedule Trigger becomes a Manual Trigger of the same name. */
function runNow(workflow) {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === 'n8n-nodes-base.scheduleTrigger'
				? { ...node, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }
				: node,
		),
	};
}

module.exports = {
	runNow,
	startN8nInstance,
	declaredTypes,
	nodeOutput,
	executionError,
	parseLog,
	sandboxCredentialData,
	BOOT_TIMEOUT_MS,
	WARM_BOOT_TIMEOUT_MS,
};
