/** Shared test setup: a sandbox on ephemeral ports and an engine holding sandbox credentials. */
const { startSandbox, SANDBOX_SECRETS } = require('../sandbox');
const { sandboxCredentialData } = require('../sandbox/credentials');
const { createEngine, singleNodeWorkflow, loaded, PACKAGE } = require('./engine');

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

/** Whether the editor shows a property on a node version (n8n's `@version` display option). */
function onVersion(property, version) {
	const versions = property.displayOptions?.show?.['@version'];
	if (!versions) return true;
	return versions.some((v) => (typeof v === 'number' ? v === version : version >= v._cnd.gte));
}

/**
 * The fields the editor shows for one operation of one of our nodes (e.g. 'rcams', 'user',
 * 'createOrUpdate'): the top-level ones by name, and each collection with the names of its options.
 */
function editorFields(type, resource, operation, version = 1) {
	const shown = loaded.nodes[`${PACKAGE}.${type}`].description.properties.filter(
		(property) =>
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions.show.operation?.includes(operation) &&
			onVersion(property, version),
	);
	const collection = (property) => ['collection', 'fixedCollection'].includes(property.type);
	return {
		topLevel: shown.filter((property) => !collection(property)).map((property) => property.name),
		collections: Object.fromEntries(
			shown
				.filter(collection)
				.map((property) => [property.name, property.options.map((option) => option.name)]),
		),
	};
}

module.exports = {
	useSandbox,
	sandboxCredentials,
	singleNodeWorkflow,
	editorFields,
	SANDBOX_SECRETS,
	PACKAGE,
};
