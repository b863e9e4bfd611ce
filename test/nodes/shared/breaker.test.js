/**
 * Issue 20, item 4: the circuit breaker (nodes/shared/breaker.ts) on a fake clock. It opens only
 * after failures of one kind in a row that say the vendor or the credential is unusable; any
 * other answer (a 404 of one user, a 409, a validation error, a 429) clears the count.
 */
const { Breaker, BREAKER } = require('../../../dist/nodes/shared/breaker');

function fakeBreaker() {
	const clock = { ms: 0, slept: [] };
	const sleep = async (ms) => {
		clock.slept.push(ms);
		clock.ms += ms;
	};
	return { clock, breaker: new Breaker(() => clock.ms, sleep) };
}

const DOWN = { kind: 'unavailable', reason: 'HTTP 503' };
const REFUSED = { kind: 'credential', reason: 'HTTP 401' };

/** Sends one request through the breaker and records `health` for it. */
async function send(breaker, health) {
	const turn = await breaker.beforeSend();
	breaker.record(health, turn === 'probe');
	return turn;
}

test(`after ${BREAKER.suspectAfter} failures in a row it probes, and after ${BREAKER.probes} failed probes it stops sending`, async () => {
	const { clock, breaker } = fakeBreaker();
	const probes = [];
	for (let i = 0; i < BREAKER.suspectAfter + BREAKER.probes; i++)
		probes.push(await send(breaker, DOWN));
	expect(probes).toEqual(['send', 'send', 'send', 'probe', 'probe', 'probe', 'probe']);
	// Each probe waited longer than the one before.
	expect(clock.slept).toEqual([500, 1000, 2000, 4000]);
	expect(breaker.opened).toEqual({ ...DOWN, failures: 7 });
	expect(await breaker.beforeSend()).toBe('stopped');
});

test('item-level answers (404, 409, validation, 429) between failures never let it open', async () => {
	const { breaker } = fakeBreaker();
	for (let i = 0; i < 50; i++) {
		await send(breaker, DOWN);
		await send(breaker, DOWN);
		await send(breaker, 'alive');
	}
	expect(breaker.opened).toBeUndefined();
	expect(await breaker.beforeSend()).toBe('send');
});

test('neutral outcomes (a reset, a timeout) neither count nor clear', async () => {
	const { breaker } = fakeBreaker();
	for (let i = 0; i < 20; i++) await send(breaker, 'neutral');
	expect(breaker.opened).toBeUndefined();
	for (let i = 0; i < BREAKER.suspectAfter; i++) await send(breaker, DOWN);
	await send(breaker, 'neutral');
	for (let i = 0; i < BREAKER.probes; i++) await send(breaker, DOWN);
	expect(breaker.opened).toEqual({ ...DOWN, failures: 7 });
});

test('failures of different kinds are not "the same kind in a row"', async () => {
	const { breaker } = fakeBreaker();
	for (let i = 0; i < 10; i++) {
		await send(breaker, DOWN);
		await send(breaker, DOWN);
		await send(breaker, REFUSED);
		await send(breaker, REFUSED);
	}
	expect(breaker.opened).toBeUndefined();
});

test('a success during the probes clears everything', async () => {
	const { breaker } = fakeBreaker();
	for (let i = 0; i < BREAKER.suspectAfter + BREAKER.probes - 1; i++) await send(breaker, DOWN);
	await send(breaker, 'alive');
	expect(await breaker.beforeSend()).toBe('send');
	breaker.record(DOWN, false);
	expect(breaker.opened).toBeUndefined();
});

test('while the vendor looks down only one probe is in flight; the others wait for its answer', async () => {
	const { breaker } = fakeBreaker();
	for (let i = 0; i < BREAKER.suspectAfter; i++) await send(breaker, DOWN);
	expect(await breaker.beforeSend()).toBe('probe');
	let second;
	const waiting = breaker.beforeSend().then((probe) => (second = probe));
	await new Promise((resolve) => setImmediate(resolve));
	expect(second).toBeUndefined();
	breaker.record('alive', true);
	await waiting;
	expect(second).toBe('send');
});

test('requests waiting for a probe fail at once when the breaker opens', async () => {
	const { breaker } = fakeBreaker();
	for (let i = 0; i < BREAKER.suspectAfter + BREAKER.probes - 1; i++) await send(breaker, DOWN);
	expect(await breaker.beforeSend()).toBe('probe');
	const waiting = [breaker.beforeSend(), breaker.beforeSend()];
	breaker.record(DOWN, true);
	expect(await Promise.all(waiting)).toEqual(['stopped', 'stopped']);
});

test('a login the credential refused (before anything was sent) stops sending at once: no second failed login', async () => {
	const { clock, breaker } = fakeBreaker();
	const LOGIN_REFUSED = { kind: 'login', reason: 'wrong user name or password' };
	expect(await send(breaker, LOGIN_REFUSED)).toBe('send');
	expect(breaker.opened).toEqual({ ...LOGIN_REFUSED, failures: 1 });
	expect(await breaker.beforeSend()).toBe('stopped');
	expect(clock.slept).toEqual([]);
});
