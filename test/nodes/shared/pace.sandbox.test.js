/**
 * Issue 20, items 3 and 4, through the OPSCOM push on the sandbox: the default finds the vendor's
 * pace (a fixed Max Concurrent Requests still holds), and a vendor that goes down or refuses the
 * credential costs seconds: the rest fail at once with one message naming the cause and the
 * count not sent, nothing is remembered for them, and the next run sends them.
 */
const net = require('node:net');
const { useSandbox } = require('../../helpers');
const { createEngine } = require('../../engine');
const { credentialsAt } = require('../../secrets.fixtures');
const { pushWorkflow, person } = require('../Opscom/opscom.fixtures');

const env = useSandbox();
const people = (count) => Array.from({ length: count }, (_, i) => person(i + 1));
const pushes = () => env.sandbox.opscom.requests.filter((r) => r.path.endsWith('/profiles/push'));
const NOT_SENT =
	/^Not sent: OPSCOM failed \d+ times in a row \((.+)\), so the run stopped sending; (\d+) of (\d+) items were not sent$/;

describe('pace', () => {
	test('by default it grows past the old fixed 5 while the vendor keeps up', async () => {
		env.sandbox.opscom.faults.configure({ latencyMs: 30 });
		const run = await env.engine.run(pushWorkflow(people(300)));
		expect(run.json('Node')).toHaveLength(300);
		expect(env.sandbox.opscom.load.maxInFlight).toBeGreaterThan(5);
		expect(env.sandbox.opscom.load.maxInFlight).toBeLessThanOrEqual(50);
	});

	test('a fixed Max Concurrent Requests overrides it', async () => {
		env.sandbox.opscom.faults.configure({ latencyMs: 30 });
		await env.engine.run(pushWorkflow(people(300), {}, { options: { concurrency: 3 } }));
		expect(env.sandbox.opscom.load.maxInFlight).toBe(3);
	});

	test('against a vendor that allows 20 requests/s (429 + Retry-After beyond), nobody is lost', async () => {
		env.sandbox.opscom.faults.configure({
			latencyMs: 20,
			capacityPerSecond: 20,
			retryAfterSeconds: 1,
		});
		const run = await env.engine.run(pushWorkflow(people(60), {}, { continueOnFail: true }));
		expect(run.json('Node').filter((item) => item.error)).toEqual([]);
		expect(env.sandbox.opscom.api.profiles.size).toBe(60);
		expect(env.sandbox.opscom.faults.counts.overCapacity).toBeGreaterThan(0);
	});
});

describe('circuit breaker', () => {
	test('a vendor that goes down: the rest fail at once naming the cause and the count; the next run sends them', async () => {
		env.sandbox.opscom.faults.configure({ latencyMs: 20, failAfter: 40 });
		const roster = people(400);
		const started = Date.now();
		// A fixed 5 in flight: what reaches the server after it went down is then the breaker's
		// doing alone (5 in flight + 3 in a row + 4 probes). At the adaptive default the requests
		// already in flight when it goes down add to that; bench/pace.js measures that case.
		const options = { options: { concurrency: 5 }, continueOnFail: true };
		const run = await env.engine.run(pushWorkflow(roster, {}, options));
		const items = run.items('Node');
		expect(items.map((item) => item.pairedItem.item)).toEqual(roster.map((_, i) => i));
		expect(items.filter((item) => !item.json.error)).toHaveLength(40);
		const notSent = items.filter((item) => NOT_SENT.test(item.json.error));
		const [, reason, count, total] = NOT_SENT.exec(notSent[0].json.error);
		expect([reason, Number(count), Number(total)]).toEqual(['HTTP 503', notSent.length, 400]);
		expect(notSent.length).toBeGreaterThan(300);
		expect(notSent[0].json.details).toMatch(
			/OPSCOM seems down or overloaded.*Nothing was sent or remembered for this item, so the next run sends it/,
		);
		// Seconds, not every item's retries: 360 people × 5 retries would take minutes.
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(env.sandbox.opscom.faults.counts.sentAfterDown).toBeLessThanOrEqual(20);

		env.sandbox.opscom.faults.configure({});
		env.sandbox.opscom.requests.length = 0;
		const next = await env.engine.run(pushWorkflow(roster, {}, { continueOnFail: true }));
		expect(next.json('Node').filter((item) => item.error)).toEqual([]);
		expect(pushes()).toHaveLength(360);
		expect(env.sandbox.opscom.api.profiles.size).toBe(400);
	});

	test('a credential the vendor refuses (401): the same, naming the HTTP code', async () => {
		env.sandbox.opscom.faults.configure({ latencyMs: 20, failAfter: 0, failWith: 401 });
		const run = await env.engine.run(pushWorkflow(people(100), {}, { continueOnFail: true }));
		const errors = run.json('Node').map((item) => item.error);
		expect(errors).toHaveLength(100);
		const notSent = errors.filter((error) => NOT_SENT.test(error));
		expect(notSent.length).toBeGreaterThan(80);
		expect(NOT_SENT.exec(notSent[0])[1]).toBe('HTTP 401');
		expect(run.json('Node').find((item) => NOT_SENT.test(item.error)).details).toMatch(
			/^OPSCOM refused the credential/,
		);
	});

	test('a server that refuses connections: the same, naming the cause', async () => {
		// A port that was free a moment ago: nothing listens there.
		const port = await new Promise((resolve) => {
			const server = net.createServer().listen(0, '127.0.0.1', () => {
				const { port: free } = server.address();
				server.close(() => resolve(free));
			});
		});
		const engine = createEngine(credentialsAt(`http://127.0.0.1:${port}`));
		const run = await engine.run(pushWorkflow(people(100), {}, { continueOnFail: true }));
		const errors = run.json('Node').map((item) => item.error);
		expect(errors).toHaveLength(100);
		const notSent = errors.filter((error) => NOT_SENT.test(error));
		expect(notSent.length).toBeGreaterThan(80);
		expect(NOT_SENT.exec(notSent[0])[1]).toBe('connection refused');
		expect(run.json('Node').find((item) => NOT_SENT.test(item.error)).details).toMatch(
			/^OPSCOM could not be reached: check the Base URL/,
		);
	});

	test('item-level errors (a login source OPSCOM does not know, on every person) never open it', async () => {
		const roster = people(60).map((p) => ({ ...p, loginSource: 'NOPE' }));
		const run = await env.engine.run(pushWorkflow(roster, {}, { continueOnFail: true }));
		const errors = run.json('Node').map((item) => item.error);
		expect(errors).toHaveLength(60);
		expect(errors.every((error) => error.startsWith('OPSCOM error 9015'))).toBe(true);
		expect(pushes()).toHaveLength(60);
	});

	test('without Continue On Fail the run stops with one error, as before', async () => {
		env.sandbox.opscom.faults.configure({ latencyMs: 20, failAfter: 5 });
		const run = await env.engine.run(pushWorkflow(people(200)));
		expect(run.status).toBe('error');
		expect(run.nodeError('Node').message).toMatch(/OPSCOM/);
		expect(env.sandbox.opscom.faults.counts.sentAfterDown).toBeLessThanOrEqual(20);
	});
});
