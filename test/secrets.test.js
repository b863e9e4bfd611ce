/**
 * No credential secret may reach workflow data: not the OPSCOM token, the VALT password or
 * session token, nor the RCAMS password (or its Basic-auth form), in results or in errors.
 */
const fs = require('node:fs');
const path = require('node:path');
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

const nightly = () => {
	const workflow = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', 'nightly-roster-sync.json'), 'utf8'));
	workflow.nodes = workflow.nodes.map(({ credentials, ...node }) => node);
	return workflow;
};

test('a whole nightly sync, successes and failures, carries no credential secret', async () => {
	const workflow = nightly();
	const roster = workflow.nodes.find((n) => n.name.startsWith('Roster'));
	const people = JSON.parse(roster.parameters.jsonOutput).people;
	people[0].email = 'bad@'; // fails validation
	people[1].opscomUserType = '999'; // OPSCOM refuses it
	roster.parameters.jsonOutput = JSON.stringify({ people });
	const run = await env.engine.run(workflow);
	expect(run.status).toBe('success');
	expect(run.json('Failures to Review')).toHaveLength(2);
	expect(env.sandbox.valt.api.tokens.size).toBeGreaterThan(0);
	expectNoSecrets(JSON.stringify(run.raw.data), env.sandbox);
});

test('failed runs (wrong secrets everywhere) carry no secret in their errors', async () => {
	env.engine.store.opscomApi.apiToken = 'wrong-opscom-token-123';
	env.engine.store.ivsValtApi.password = 'wrong-valt-password-456';
	env.engine.store.rcamsApi.password = 'wrong-rcams-password-789';
	const run = await env.engine.run(nightly());
	const text = JSON.stringify(run.raw.data);
	for (const wrong of ['wrong-opscom-token-123', 'wrong-valt-password-456', 'wrong-rcams-password-789']) {
		expect(text).not.toContain(wrong);
	}
	expectNoSecrets(text, env.sandbox);
});
