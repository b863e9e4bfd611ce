/**
 * Issue 11, finding 1: no request of the package follows a redirect, so no credential secret
 * reaches another origin — not from the nodes, the credential tests or the VALT login. The
 * vendor URL answers 302/307/308 with a Location on another port of 127.0.0.1 (another origin),
 * which records everything it receives and answers like a vendor's success.
 */
const { createEngine } = require('./engine');
const {
	startRecorder,
	startRedirector,
	credentialsAt,
	NODE_WORKFLOWS,
	CREDENTIAL_OF,
	visible,
	credentialSecrets,
	expectNoSecrets,
} = require('./secrets.fixtures');

/** A session token VALT might have issued: it must not travel to the other host either. */
const SESSION_TOKEN = '5f2b8c1d9e0a47b6a3c2d1e0f9a8b7c6';

let recorder;
let redirector;
beforeEach(async () => {
	recorder = await startRecorder();
});
afterEach(async () => {
	await recorder.close();
	await redirector?.close();
	redirector = undefined;
});

/** What the other host received must hold no secret, and in fact nothing at all was sent there. */
function expectNothingReachedTheOtherHost(secrets) {
	expectNoSecrets(visible(recorder.requests), secrets);
	expect(recorder.requests).toEqual([]);
}

describe.each([302, 307, 308])('a vendor URL answering HTTP %i with a Location on another origin', (status) => {
	beforeEach(async () => {
		redirector = await startRedirector(status, recorder.url);
	});

	test.each(Object.keys(NODE_WORKFLOWS))('the %s node sends nothing there and fails naming the Location and the Base URL', async (node) => {
		const engine = createEngine(credentialsAt(redirector.url));
		const run = await engine.run(NODE_WORKFLOWS[node]());
		expect(redirector.requests.length).toBeGreaterThan(0);
		expectNothingReachedTheOtherHost(credentialSecrets());
		expect(run.status).toBe('error');
		const error = run.nodeError('Node');
		expect(error.message).toContain(`redirect (HTTP ${status}) to ${recorder.url}/`);
		expect(`${error.message} ${error.description}`).toContain('Base URL');
		expectNoSecrets(visible(run.raw), credentialSecrets());
	});

	test.each(Object.values(CREDENTIAL_OF))('the %s credential test fails and sends nothing there', async (type) => {
		const engine = createEngine();
		const result = await engine.testCredential(type, credentialsAt(redirector.url)[type]);
		expect(redirector.requests.length).toBeGreaterThan(0);
		expectNothingReachedTheOtherHost(credentialSecrets());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/redirect/);
		expectNoSecrets(visible(result), credentialSecrets());
	});

	test('the IVS VALT login sends neither user name nor password there', async () => {
		const engine = createEngine(credentialsAt(redirector.url));
		const run = await engine.run(NODE_WORKFLOWS.ivsValt());
		expect(redirector.requests.map((request) => request.url)).toEqual(['/api/v3/login']);
		expectNothingReachedTheOtherHost(credentialSecrets());
		expect(run.nodeError('Node').message).toContain(`the login answered with a redirect (HTTP ${status}) to ${recorder.url}/api/v3/login`);
		expect(engine.store.ivsValtApi.sessionToken).toBe('');
	});

	test('the IVS VALT session token in the query does not follow a Location that keeps the query', async () => {
		const engine = createEngine(credentialsAt(redirector.url, { sessionToken: SESSION_TOKEN }));
		const run = await engine.run(NODE_WORKFLOWS.ivsValt());
		expect(redirector.requests[0].url).toBe(`/api/v3/admin/rooms?access_token=${SESSION_TOKEN}`);
		expectNothingReachedTheOtherHost([...credentialSecrets(), SESSION_TOKEN]);
		// The error names the Location, with the token masked.
		expect(run.nodeError('Node').message).toContain(`${recorder.url}/api/v3/admin/rooms?access_token=***`);
		expectNoSecrets(visible(run.raw), [...credentialSecrets(), SESSION_TOKEN]);
	});
});
