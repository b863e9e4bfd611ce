/**
 * What the benchmark scripts share: the sandbox in its own process and its admin API, the
 * generated roster, each vendor node as the benches configure it, one night's measurement and
 * the CPU profiler.
 */
const { fork } = require('node:child_process');
const inspector = require('node:inspector');
const path = require('node:path');
const { SANDBOX_SECRETS } = require('../sandbox/secrets');

/** Calls the sandbox's admin API (`/__sandbox/<action>`) of one vendor server. */
async function admin(url, method, action, body) {
	const response = await fetch(`${url}/__sandbox/${action}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return await response.json();
}

/** Empties one vendor server (its records and request log) and sets its faults: none by default. */
async function resetVendor(url, faults = {}) {
	await admin(url, 'POST', 'reset');
	await admin(url, 'PUT', 'faults', faults);
}

/**
 * Starts the sandbox in its own process, so the benchmark's CPU figures are the client's
 * alone. Returns { urls: { opscom, valt, rcams }, stop() }.
 */
async function startSandboxProcess() {
	const child = fork(path.join(__dirname, 'sandbox-process.js'), { stdio: 'inherit' });
	const { urls } = await new Promise((resolve) => child.once('message', resolve));
	return { urls, stop: () => child.disconnect() };
}

/** The test engine's credential store for the sandbox at `urls` ({ opscom, valt, rcams }). */
function credentialsFor(urls) {
	return {
		opscomApi: {
			baseUrl: urls.opscom,
			clientCode: 'OC_TOMA',
			apiToken: SANDBOX_SECRETS.opscom.apiToken,
		},
		ivsValtApi: {
			baseUrl: urls.valt,
			...SANDBOX_SECRETS.valt,
			ignoreSslIssues: false,
			sessionToken: '',
		},
		rcamsApi: { baseUrl: `${urls.rcams}/api/v2`, ...SANDBOX_SECRETS.rcams },
	};
}

/**
 * Person `i` of a generated roster, with a column for each field that PARAMETERS below map:
 * OPSCOM's id, names and email, VALT's login, password and card, RCAMS's phone.
 */
const person = (i) => ({
	id: `B${String(i).padStart(6, '0')}`,
	first: `First${i}`,
	last: `Last${i}`,
	email: `person${i}@school.edu`,
	login: `person${i}`,
	password: `Initial-${i}!`,
	card: String(100000 + i),
	phone: `555-${String(i).padStart(4, '0')}`,
});
const roster = (size) => Array.from({ length: size }, (_, i) => person(i));

/**
 * Each vendor node's Create or Update as the benches configure it, mapped from person() by an
 * expression per field; keyed like the sandbox's urls.
 */
const PARAMETERS = {
	opscom: {
		resource: 'profile',
		operation: 'createOrUpdate',
		uniqueId: '={{ $json.id }}',
		loginSource: 'OPSCOM',
		firstName: '={{ $json.first }}',
		lastName: '={{ $json.last }}',
		email: '={{ $json.email }}',
	},
	valt: {
		resource: 'user',
		operation: 'createOrUpdate',
		userName: '={{ $json.login }}',
		password: '={{ $json.password }}',
		additionalFields: {
			displayName: '={{ $json.first + " " + $json.last }}',
			cardNumber: '={{ $json.card }}',
		},
	},
	rcams: {
		resource: 'user',
		operation: 'createOrUpdate',
		matchOn: 'email',
		firstName: '={{ $json.first }}',
		lastName: '={{ $json.last }}',
		userName: '={{ $json.login }}',
		email: '={{ $json.email }}',
		password: '={{ $json.password }}',
		additionalFields: { phone: '={{ $json.phone }}' },
	},
};

/**
 * Each vendor's node: its type, its Create or Update (PARAMETERS), and which of the requests its
 * sandbox server records write (or try to) and which read.
 */
const VENDOR_NODES = {
	opscom: {
		vendor: 'opscom',
		type: 'opscom',
		parameters: PARAMETERS.opscom,
		isWrite: (request) => request.path.endsWith('/push'),
		isRead: (request) => request.path.endsWith('/list'),
	},
	valt: {
		vendor: 'valt',
		type: 'ivsValt',
		parameters: PARAMETERS.valt,
		isWrite: (request) => request.method === 'POST' && !request.path.endsWith('/login'),
		isRead: (request) => request.method === 'GET',
	},
	rcams: {
		vendor: 'rcams',
		type: 'rcams',
		parameters: PARAMETERS.rcams,
		isWrite: (request) => !['list', 'get'].includes(request.json?.action),
		isRead: (request) => ['list', 'get'].includes(request.json?.action),
	},
};

/**
 * One night against one vendor server: clears its request log, runs the workflow, and returns
 * the run, its wall seconds, the CPU ms this process spent on it and the requests that reached
 * the vendor.
 */
async function runNight(engine, workflow, url) {
	await admin(url, 'DELETE', 'requests');
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	const run = await engine.run(workflow);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const cpu = process.cpuUsage(cpuBefore);
	const requests = await admin(url, 'GET', 'requests');
	return { run, seconds, cpuMs: (cpu.user + cpu.system) / 1000, requests };
}

/** Runs `task` under V8's CPU profiler, sampling every `intervalMicros`: its result and profile. */
async function profiled(task, intervalMicros) {
	const session = new inspector.Session();
	session.connect();
	const post = (method, params) =>
		new Promise((resolve, reject) =>
			session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
		);
	try {
		await post('Profiler.enable');
		await post('Profiler.setSamplingInterval', { interval: intervalMicros });
		await post('Profiler.start');
		const result = await task();
		const { profile } = await post('Profiler.stop');
		return { result, profile };
	} finally {
		session.disconnect();
	}
}

module.exports = {
	admin,
	resetVendor,
	startSandboxProcess,
	credentialsFor,
	person,
	roster,
	PARAMETERS,
	VENDOR_NODES,
	runNight,
	profiled,
};
