/** Shared test setup: a sandbox on ephemeral ports and an engine holding sandbox credentials. */
const { startSandbox, SANDBOX_SECRETS } = require('../sandbox');
const { createEngine, singleNodeWorkflow } = require('./engine');

function sandboxCredentials(sandbox) {
	const credentials = {
		opscomApi: { baseUrl: sandbox.opscom.url, clientCode: 'OC_TOMA', apiToken: SANDBOX_SECRETS.opscom.apiToken },
	};
	if (sandbox.valt) {
		credentials.ivsValtApi = {
			baseUrl: sandbox.valt.url,
			username: SANDBOX_SECRETS.valt.username,
			password: SANDBOX_SECRETS.valt.password,
			ignoreSslIssues: false,
			sessionToken: '',
		};
	}
	if (sandbox.rcams) {
		credentials.rcamsApi = {
			baseUrl: `${sandbox.rcams.url}/api/v2`,
			username: SANDBOX_SECRETS.rcams.username,
			password: SANDBOX_SECRETS.rcams.password,
		};
	}
	return credentials;
}

/** Starts a fresh sandbox and engine for each test of the calling file. */
function useSandbox(options) {
	const env = {};
	beforeEach(async () => {
		env.sandbox = await startSandbox(options);
		env.engine = createEngine(sandboxCredentials(env.sandbox));
	});
	afterEach(async () => {
		await env.sandbox.close();
	});
	return env;
}

module.exports = { useSandbox, sandboxCredentials, singleNodeWorkflow, SANDBOX_SECRETS };
