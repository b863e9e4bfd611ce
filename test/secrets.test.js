/**
 * No credential secret may reach workflow data: not the OPSCOM token, the VALT password or
 * session token, nor the RCAMS password (or its Basic-auth form), in results or in errors.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pointAtRoster, readRoster, writeRoster } = require('../scripts/roster');
const { useSandbox, SANDBOX_SECRETS } = require('./helpers');

const env = useSandbox();

function secrets(sandbox) {
	const { opscom, valt, rcams } = SANDBOX_SECRETS;
	const basic = Buffer.from(`${rcams.username}:${rcams.password}`).toString('base64');
	const sessionTokens = [...sandbox.valt.api.tokens.keys()];
	return [opscom.apiToken, valt.password, rcams.password, basic, ...sessionTokens];
}

function expectNoSecrets(text, sandbox) {
	for (const secret of secrets(sandbox)) expect(text).not.toContain(secret);
}

/** The nightly example, reading `people` from a CSV file. */
const nightly = (people = readRoster()) => {
	const workflow = JSON.parse(
		fs.readFileSync(path.join(__dirname, '..', 'examples', 'nightly-roster-sync.json'), 'utf8'),
	);
	workflow.nodes = workflow.nodes.map(({ credentials, ...node }) => node);
	const file = writeRoster(
		path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roster-')), 'roster.csv'),
		people,
	);
	return pointAtRoster(workflow, file);
};

test('a whole nightly sync, successes and failures, carries no credential secret', async () => {
	const people = readRoster();
	people[0].email = 'bad@'; // fails validation in OPSCOM and RCAMS
	people[1].opscom_user_type = '999'; // OPSCOM refuses it
	const run = await env.engine.run(nightly(people));
	expect(run.status).toBe('success');
	// Bad email: OPSCOM, RCAMS, Assign Districts (it finds the user by email) and Remove Leavers
	// (the row, then the run it refuses); user type: OPSCOM.
	expect(run.json('Failures to Review')).toHaveLength(6);
	expect(env.sandbox.valt.api.tokens.size).toBeGreaterThan(0);
	expectNoSecrets(JSON.stringify(run.raw.data), env.sandbox);
});

test('failed runs (wrong secrets everywhere) carry no secret in their errors', async () => {
	env.engine.store.opscomApi.apiToken = 'wrong-opscom-token-123';
	env.engine.store.ivsValtApi.password = 'wrong-valt-password-456';
	env.engine.store.rcamsApi.password = 'wrong-rcams-password-789';
	const run = await env.engine.run(nightly());
	const text = JSON.stringify(run.raw.data);
	for (const wrong of [
		'wrong-opscom-token-123',
		'wrong-valt-password-456',
		'wrong-rcams-password-789',
	]) {
		expect(text).not.toContain(wrong);
	}
	expectNoSecrets(text, env.sandbox);
});
