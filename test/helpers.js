/** Shared test setup: a sandbox on ephemeral ports and an engine holding sandbox credentials. */
const { startSandbox, SANDBOX_SECRETS } = require('../sandbox');
const { sandboxCredentialData } = require('../sandbox/credentials');
const { createEngine, singleNodeWorkflow } = require('./engine');

/**
 * The sandbox credentials (sandbox/credentials.js) as the engine's credential store, with
 * VALT's hidden session token field present and empty, as n8n stores a new credential.
 */
function sandboxCredentials(sandbox) {
	const credentials = sandboxCredentialData(sandbox);
	if (credentials.ivsValtApi) credentials.ivsValtApi.sessionToken = '';
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
