/**
 * The retry policy every node shares (nodes/shared/request.ts), driven through the OPSCOM
 * push: Retry-After is honoured, total retry time is capped, timeouts are per request.
 */
const { useSandbox } = require('../../helpers');
const { pushWorkflow, person } = require('../Opscom/opscom.fixtures');

const env = useSandbox();

/** The next `count` requests get `kind`, then the sandbox behaves. */
function faultNext(kind, count = 1) {
	let left = count;
	env.sandbox.opscom.faults.roll = () => (left-- > 0 ? kind : undefined);
}

test('a 429 is retried after the Retry-After the server asked for', async () => {
	env.sandbox.opscom.faults.configure({ retryAfterSeconds: 1 });
	faultNext('rateLimited');
	const started = Date.now();
	const run = await env.engine.run(pushWorkflow([person(1)]));
	expect(run.status).toBe('success');
	expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	expect(env.sandbox.opscom.api.profiles.size).toBe(1);
});

test('a Retry-After longer than the retry budget fails at once with a clear message', async () => {
	env.sandbox.opscom.faults.configure({ retryAfterSeconds: 30 });
	faultNext('rateLimited');
	const started = Date.now();
	const run = await env.engine.run(pushWorkflow([person(1)], {}, { options: { maxRetryTime: 5 } }));
	expect(Date.now() - started).toBeLessThan(5000);
	expect(run.nodeError('Node').message).toBe('OPSCOM did not complete the request: HTTP 429');
	expect(run.nodeError('Node').description).toMatch(/raise "Max Retries" \/ "Max Retry Time"/);
});

test('retries stop after Max Retries', async () => {
	faultNext('error5xx', 10);
	const run = await env.engine.run(pushWorkflow([person(1)], {}, { options: { maxRetries: 2 } }));
	expect(run.nodeError('Node').message).toMatch(/^OPSCOM did not complete the request: HTTP 503 \(gave up after 2 retries/);
	expect(env.sandbox.opscom.api.profiles.size).toBe(0);
});

test('a server that does not answer within the request timeout is given up on, then retried', async () => {
	env.sandbox.opscom.faults.configure({ latencyMs: 2500 });
	const started = Date.now();
	const run = await env.engine.run(pushWorkflow([person(1)], {}, { options: { timeout: 1, maxRetries: 1 } }));
	expect(Date.now() - started).toBeLessThan(2500 * 2);
	expect(run.nodeError('Node').message).toMatch(
		/^OPSCOM did not complete the request: no answer before the timeout \(gave up after 1 retries/,
	);
});

test('a slow answer that keeps arriving is waited for (the timeout is for silence)', async () => {
	env.sandbox.opscom.faults.configure({ slowBodyMs: 2000 });
	faultNext('slowBody');
	const run = await env.engine.run(pushWorkflow([person(1)], {}, { options: { timeout: 1 } }));
	expect(run.status).toBe('success');
	expect(env.sandbox.opscom.api.profiles.size).toBe(1);
});

test('an HTML error page from a proxy (502) is retried like any busy answer', async () => {
	faultNext('html', 2);
	const run = await env.engine.run(pushWorkflow([person(1)]));
	expect(run.status).toBe('success');
});
