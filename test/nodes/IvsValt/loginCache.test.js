/**
 * Issue 11, finding 5: the VALT login cache (one login shared by concurrent requests, reused for
 * 60 s) is keyed on the whole credential — server, user name, a hash of the password, TLS
 * setting and stale token — so it never hands a token to a credential whose password did not
 * produce it, and never writes one credential's token into another's.
 */
const { useSandbox, sandboxCredentials, SANDBOX_SECRETS } = require('../../helpers');
const { createEngine } = require('../../engine');
const { valtWorkflow, logins } = require('./valt.fixtures');

const env = useSandbox();

const listRooms = () => valtWorkflow({ resource: 'room', operation: 'getAll', returnAll: true });
const REJECTED =
	'IVS VALT rejected the user name or password: check User Name and Password in the IVS VALT credential';

/** A second credential (another engine's store) for the same VALT account. */
const otherCredential = (overrides) =>
	createEngine({ ivsValtApi: { ...sandboxCredentials(env.sandbox).ivsValtApi, ...overrides } });

test('a password rotated on VALT: the credential still holding the old one does not get the new token', async () => {
	const api = env.sandbox.valt.api;
	// Both credentials work and, having the same password, share one login and its token.
	const updated = env.engine;
	const stale = otherCredential();
	await Promise.all([updated.run(listRooms()), stale.run(listRooms())]);
	expect(logins(env.sandbox)).toBe(1);
	const oldToken = updated.store.ivsValtApi.sessionToken;
	expect(stale.store.ivsValtApi.sessionToken).toBe(oldToken);

	// VALT's password changes (sessions end); one credential is updated, the other is not.
	api.credentials = { username: SANDBOX_SECRETS.valt.username, password: 'Rotated-Pass-2' };
	api.admin('expire-tokens');
	updated.store.ivsValtApi.password = 'Rotated-Pass-2';
	expect((await updated.run(listRooms())).status).toBe('success');
	const newToken = updated.store.ivsValtApi.sessionToken;
	expect(newToken).not.toBe(oldToken);

	// Within the 60 s reuse window, with the same stale token: it must log in itself, and fail.
	const run = await stale.run(listRooms());
	expect(run.status).toBe('error');
	expect(run.nodeError('Node').message).toBe(REJECTED);
	expect(stale.store.ivsValtApi.sessionToken).not.toBe(newToken);
	expect(api.snapshot().failedLogins).toBe(1);
});

test('a credential edited to a wrong password within 60 s of a good login gets no cached token', async () => {
	expect((await env.engine.run(listRooms())).status).toBe('success');
	const good = env.engine.store.ivsValtApi.sessionToken;
	env.engine.store.ivsValtApi.password = 'Old-Pass-1';
	env.engine.store.ivsValtApi.sessionToken = '';
	const run = await env.engine.run(listRooms());
	expect(run.nodeError('Node').message).toBe(REJECTED);
	expect(env.engine.store.ivsValtApi.sessionToken).toBe('');
	expect(env.engine.store.ivsValtApi.sessionToken).not.toBe(good);
});

test('two credentials, right and wrong password, logging in at the same time: each gets only its own result', async () => {
	env.sandbox.valt.faults.configure({ latencyMs: 20 });
	const wrong = otherCredential({ password: 'Wrong-Pass-3' });
	const [good, bad] = await Promise.all([env.engine.run(listRooms()), wrong.run(listRooms())]);
	expect(good.status).toBe('success');
	expect(bad.nodeError('Node').message).toBe(REJECTED);
	expect(wrong.store.ivsValtApi.sessionToken).toBe('');
	expect(env.sandbox.valt.api.tokens.has(env.engine.store.ivsValtApi.sessionToken)).toBe(true);
});

test('the whole credential is the key: a login made with "Ignore SSL Issues" on is not reused by one with it off', async () => {
	const lax = otherCredential({ ignoreSslIssues: true });
	expect((await lax.run(listRooms())).status).toBe('success');
	expect((await env.engine.run(listRooms())).status).toBe('success');
	expect(logins(env.sandbox)).toBe(2);
	expect(env.engine.store.ivsValtApi.sessionToken).not.toBe(lax.store.ivsValtApi.sessionToken);
});

test('concurrent requests of one credential still share one login', async () => {
	env.sandbox.valt.faults.configure({ latencyMs: 20 });
	const same = otherCredential();
	await Promise.all([
		env.engine.run(listRooms()),
		same.run(listRooms()),
		env.engine.run(listRooms()),
	]);
	expect(logins(env.sandbox)).toBe(1);
});
