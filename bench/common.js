/** What the benchmark scripts share: the sandbox in its own process and its admin API. */
const { fork } = require('node:child_process');
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

/**
 * Starts the sandbox in its own process, so the benchmark's CPU figures are the client's
 * alone. Returns { urls: { opscom, valt, rcams }, stop() }.
 */
async function startSandboxProcess() {
	const child = fork(path.join(__dirname, 'sandbox-process.js'), { stdio: 'inherit' });
	const { urls } = await new Promise((resolve) => child.once('message', resolve));
	return { urls, stop: () => child.disconnect() };
}

/** The OPSCOM push as both benchmarks configure our node, mapped from `{ id, first, last, email }`. */
const OPSCOM_PUSH = {
	resource: 'profile',
	operation: 'createOrUpdate',
	uniqueId: '={{ $json.id }}',
	loginSource: 'OPSCOM',
	firstName: '={{ $json.first }}',
	lastName: '={{ $json.last }}',
	email: '={{ $json.email }}',
};

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

module.exports = { admin, credentialsFor, startSandboxProcess, OPSCOM_PUSH };
