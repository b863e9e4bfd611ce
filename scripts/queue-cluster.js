'use strict';
/**
 * n8n in queue mode on one machine, as n8n documents it for several (docs: "Queue mode",
 * https://docs.n8n.io/hosting/scaling/queue-mode/): PostgreSQL and Redis
 * (scripts/services.js), one main instance (editor, API, webhooks, schedules; it enqueues
 * executions) and `workers` worker processes (`n8n worker`, which run them), all with
 *
 *   EXECUTIONS_MODE=queue, the same N8N_ENCRYPTION_KEY, QUEUE_BULL_REDIS_HOST/PORT,
 *   DB_TYPE=postgresdb + DB_POSTGRESDB_*, OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true
 *   (manual runs from the editor or the API go to the workers too).
 *
 * Every process gets its own user folder with the package installed in it — n8n's guide
 * says to install community nodes manually in queue mode, on each instance
 * (~/.n8n/nodes; "Manually install community nodes from npm") — and its own ports: the
 * task-runner broker (N8N_RUNNERS_BROKER_PORT) and, for a worker, its health server
 * (QUEUE_HEALTH_CHECK_PORT, which otherwise takes 5678, the main instance's port).
 *
 *   <dir>/postgres/     PostgreSQL cluster (+ postgres.log)
 *   <dir>/redis/        Redis working folder and log
 *   <dir>/main/         the main instance's N8N_USER_FOLDER (n8n.log inside)
 *   <dir>/worker-<n>/   each worker's N8N_USER_FOLDER
 */
const fs = require('node:fs');
const path = require('node:path');
const { installPackage } = require('./install-package');
const { startN8nProcess, freePort } = require('./n8n-process');
const { startPostgres, startRedis } = require('./services');
const { exportsFolder } = require('./roster');

/**
 * Starts the whole cluster and resolves once the main instance and every worker are ready.
 * Options:
 *   runtime (from ensureRuntime({ postgres: true })), dir, workers (default 2), encryptionKey,
 *   port (the main instance's; default: a free one), brokerPort (the main instance's),
 *   concurrency (jobs per worker; n8n's default is 10), durable (PostgreSQL fsync; default
 *   true), logLevel, env (for every n8n process), detached, onOutput(name, chunk),
 *   readyTimeoutMs.
 */
async function startQueueCluster(options) {
	const { runtime, dir } = options;
	const workerCount = options.workers ?? 2;
	fs.mkdirSync(dir, { recursive: true });
	// PostgreSQL may run as another user (when we are root): it must be able to enter here.
	fs.chmodSync(dir, 0o755);

	const cleanups = [];
	const fail = async (error) => {
		for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
		throw error;
	};

	let postgres;
	let redis;
	try {
		[postgres, redis] = await Promise.all([
			startPostgres({
				binDir: runtime.postgresBinDir,
				dataDir: path.join(dir, 'postgres'),
				port: options.postgresPort ?? (await freePort()),
				durable: options.durable ?? true,
			}),
			startRedis({ dir: path.join(dir, 'redis'), port: options.redisPort ?? (await freePort()) }),
		]);
	} catch (error) {
		// One of them may have started.
		await Promise.all([postgres?.stop(), redis?.stop()].filter(Boolean));
		throw error;
	}
	cleanups.push(
		() => postgres.stop(),
		() => redis.stop(),
	);

	const queueEnv = {
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// Every process may read the SIS export the nightly sync reads, wherever it runs.
		N8N_RESTRICT_FILE_ACCESS_TO: exportsFolder(dir),
		...options.env,
	};

	const userFolder = (name) => path.join(dir, name);
	const workerNames = Array.from({ length: workerCount }, (_, i) => `worker-${i + 1}`);
	let installed;
	try {
		installed = installPackage(['main', ...workerNames].map(userFolder));
	} catch (error) {
		return fail(error);
	}

	const common = {
		runtime,
		encryptionKey: options.encryptionKey,
		logLevel: options.logLevel,
		readyTimeoutMs: options.readyTimeoutMs,
		detached: options.detached ?? true,
	};
	let main;
	try {
		main = await startN8nProcess({
			...common,
			command: 'start',
			userFolder: userFolder('main'),
			port: options.port,
			brokerPort: options.brokerPort,
			env: queueEnv,
			onOutput: options.onOutput && ((chunk) => options.onOutput('main', chunk)),
		});
	} catch (error) {
		return fail(error);
	}
	cleanups.push(() => main.stop());

	const workers = new Map();
	const ports = new Map();
	const startWorker = async (name) => {
		if (!workerNames.includes(name)) throw new Error(`No worker named ${name}`);
		const current = workers.get(name);
		if (current && !current.exitInfo) throw new Error(`${name} is running`);
		if (!ports.has(name)) ports.set(name, { port: await freePort(), brokerPort: await freePort() });
		const started = await startN8nProcess({
			...common,
			command: 'worker',
			args: options.concurrency ? [`--concurrency=${options.concurrency}`] : [],
			userFolder: userFolder(name),
			...ports.get(name),
			publicUrl: `${main.baseUrl}/`,
			env: queueEnv,
			// A restarted worker keeps its earlier log above the new one.
			appendLog: Boolean(current),
			onOutput: options.onOutput && ((chunk) => options.onOutput(name, chunk)),
		});
		started.exited.then((info) => (started.exitInfo = info));
		workers.set(name, started);
		return started;
	};
	try {
		await Promise.all(workerNames.map(startWorker));
	} catch (error) {
		for (const worker of workers.values()) cleanups.push(() => worker.stop());
		return fail(error);
	}

	const worker = (name) => {
		const found = workers.get(name);
		if (!found) throw new Error(`No worker named ${name}`);
		return found;
	};
	let stopping;
	return {
		dir,
		baseUrl: main.baseUrl,
		port: main.port,
		main,
		postgres,
		redis,
		installed,
		queueEnv,
		workerNames,
		worker,
		startWorker,
		/** Stops a worker as an orchestrator would (SIGTERM: n8n finishes or hands back its jobs). */
		stopWorker: async (name) => worker(name).stop(),
		/** Kills a worker and its task runner at once, as a crashed machine would. */
		killWorker: async (name, signal = 'SIGKILL') => {
			const target = worker(name);
			target.kill(signal);
			return target.exited;
		},
		/** Captured output of `main` or a worker, since it (last) started. */
		log: (name) => (name === 'main' ? main.log() : worker(name).log()),
		/** Resolves when any process of the cluster exits: { name, code, signal }. */
		anyExit: () =>
			Promise.race(
				[['main', main], ...workers.entries(), ['PostgreSQL', postgres], ['Redis', redis]].map(
					([name, p]) => p.exited.then((info) => ({ name, ...info })),
				),
			),
		stop: async () => {
			stopping ??= (async () => {
				await Promise.all([main.stop(), ...[...workers.values()].map((w) => w.stop())]);
				await Promise.all([redis.stop(), postgres.stop()]);
			})();
			return stopping;
		},
	};
}

module.exports = { startQueueCluster };
