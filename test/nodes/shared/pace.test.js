/**
 * Issue 20, item 3: the adaptive pace (nodes/shared/pace.ts) on a fake clock — it starts low,
 * grows while the vendor keeps up, backs off on overload (429, 5xx, timeouts) and on rising
 * latency, once per round trip. No timing: the clock is a number the test moves.
 */
const { AdaptiveLimit, PACE, sharedLimit } = require('../../../dist/nodes/shared/pace');

/** A clock the test moves, and a limit on it whose pacing waits are noted and take no time. */
function fakeClock() {
	const clock = { ms: 0 };
	const now = () => clock.ms;
	const waits = [];
	const limit = () =>
		new AdaptiveLimit(now, async (ms) => {
			waits.push(ms);
		});
	return { clock, now, waits, limit };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** One round trip at the full limit: `limit` requests sent now, all answered after `rttMs`. */
async function roundTrip(limit, clock, signal = 'ok', rttMs = 100) {
	const slots = [];
	for (let i = 0; i < limit.limit; i++) slots.push(await limit.acquire());
	clock.ms += rttMs;
	for (const slot of slots) limit.release(slot, signal);
}

test('starts at 2 and doubles per round trip while every answer is fast', async () => {
	const { clock, limit: newLimit } = fakeClock();
	const limit = newLimit();
	const limits = [limit.limit];
	for (let i = 0; i < 4; i++) {
		await roundTrip(limit, clock);
		limits.push(limit.limit);
	}
	expect(limits).toEqual([2, 4, 8, 16, 32]);
	await roundTrip(limit, clock);
	expect(limit.limit).toBe(PACE.max);
});

test('the first overload halves it, later ones take a tenth, then it grows by one per round trip', async () => {
	const { clock, limit: newLimit } = fakeClock();
	const limit = newLimit();
	for (let i = 0; i < 3; i++) await roundTrip(limit, clock);
	expect(limit.limit).toBe(16);
	await roundTrip(limit, clock, 'overloaded');
	expect(limit.limit).toBe(8);
	await roundTrip(limit, clock, 'overloaded');
	expect(limit.limit).toBe(7);
	await roundTrip(limit, clock);
	expect(limit.limit).toBe(8);
});

test('a round trip of 429s shrinks it once, not once per 429', async () => {
	const { clock, limit: newLimit } = fakeClock();
	const limit = newLimit();
	for (let i = 0; i < 3; i++) await roundTrip(limit, clock);
	await roundTrip(limit, clock, 'overloaded');
	expect(limit.limit).toBe(8);
});

test('answers twice as slow as the fastest, on average, count as overload; somewhat slower ones do not', async () => {
	const { clock, limit: newLimit } = fakeClock();
	const limit = newLimit();
	for (let i = 0; i < 3; i++) await roundTrip(limit, clock);
	expect(limit.limit).toBe(16);
	for (let i = 0; i < 2; i++) await roundTrip(limit, clock, 'ok', 250);
	const afterSlow = limit.limit;
	expect(afterSlow).toBeLessThan(16);
	for (let i = 0; i < 5; i++) await roundTrip(limit, clock, 'ok', 150);
	expect(limit.limit).toBeGreaterThan(afterSlow);
});

test('it never goes below one request, and does not grow while it is not used', async () => {
	const { clock, limit: newLimit } = fakeClock();
	const limit = newLimit();
	for (let i = 0; i < 10; i++) await roundTrip(limit, clock, 'overloaded');
	expect(limit.limit).toBe(1);
	const fresh = newLimit();
	for (let i = 0; i < 10; i++) {
		const slot = await fresh.acquire(); // one at a time: the limit of 2 is never full
		clock.ms += 100;
		fresh.release(slot, 'ok');
	}
	expect(fresh.limit).toBe(2);
});

test('told not to grow (near the end of a run), it stays put while answers are fast but still backs off', async () => {
	const { clock, limit: newLimit } = fakeClock();
	const limit = newLimit();
	await roundTrip(limit, clock);
	expect(limit.limit).toBe(4);
	const round = async (signal) => {
		const slots = [];
		for (let i = 0; i < limit.limit; i++) slots.push(await limit.acquire());
		clock.ms += 100;
		for (const slot of slots) limit.release(slot, signal, false);
	};
	await round('ok');
	expect(limit.limit).toBe(4);
	await round('overloaded');
	expect(limit.limit).toBe(2);
});

test('no more requests are in flight than the limit; the next waits for a slot', async () => {
	const limit = new AdaptiveLimit(() => 0);
	const first = await limit.acquire();
	await limit.acquire();
	let third = false;
	const waiting = limit.acquire().then(() => (third = true));
	await Promise.resolve();
	expect(third).toBe(false);
	limit.release(first, 'none');
	await waiting;
	expect(third).toBe(true);
});

test('sends are spread over the round trip: a full limit goes out over 1 / 1.5 of it, not at once', async () => {
	const { clock, waits, limit: newLimit } = fakeClock();
	const limit = newLimit();
	for (let i = 0; i < 3; i++) await roundTrip(limit, clock);
	expect(limit.limit).toBe(16);
	waits.length = 0;
	clock.ms += 1000; // idle: the first request waits for nobody
	const slots = [];
	for (let i = 0; i < 16; i++) slots.push(await limit.acquire());
	// One request every 100 ms / (16 × 1.5): the sixteenth 15 gaps after the first.
	const gap = 100 / (16 * PACE.pacingGain);
	expect(waits).toHaveLength(15);
	waits.forEach((ms, i) => expect(ms).toBeCloseTo(gap * (i + 1)));
	expect(waits[14]).toBeLessThan(100 / PACE.pacingGain);
});

test('a request waiting its turn when an overload shrinks the limit waits again instead of going', async () => {
	const clock = { ms: 0 };
	let hold = false;
	let endTurn;
	const limit = new AdaptiveLimit(
		() => clock.ms,
		() => (hold ? new Promise((resolve) => (endTurn = resolve)) : Promise.resolve()),
	);
	for (let i = 0; i < 2; i++) await roundTrip(limit, clock);
	expect(limit.limit).toBe(8);
	const slots = [];
	for (let i = 0; i < 7; i++) slots.push(await limit.acquire());
	hold = true;
	let sent = false;
	const eighth = limit.acquire().then(() => (sent = true));
	hold = false;
	// While the eighth waits its turn, a 503 comes back: the limit halves to 4, with 7 in flight.
	clock.ms += 100;
	limit.release(slots.pop(), 'overloaded');
	expect(limit.limit).toBe(4);
	endTurn();
	await settle();
	expect(sent).toBe(false);
	// It goes once fewer than 4 others are in flight.
	for (let i = 0; i < 2; i++) limit.release(slots.pop(), 'none');
	await settle();
	expect(sent).toBe(false);
	limit.release(slots.pop(), 'none');
	await eighth;
	expect(sent).toBe(true);
});

test('one limit per execution and vendor server; nodes of another execution have their own', () => {
	const a = sharedLimit('exec-1', 'https://opscom.school.edu');
	expect(sharedLimit('exec-1', 'https://opscom.school.edu')).toBe(a);
	expect(sharedLimit('exec-2', 'https://opscom.school.edu')).not.toBe(a);
	expect(sharedLimit('exec-1', 'https://valt.school.edu')).not.toBe(a);
});

describe('nodes of one execution share the pace of a server (nodes/shared/traffic.ts)', () => {
	const { Traffic } = require('../../../dist/nodes/shared/traffic');

	/** Whether a request of `traffic` to `url` may go now, while another node holds the limit. */
	async function mayGo(traffic, url) {
		let entered = false;
		traffic.lane(url, 'Vendor').enter().then(() => (entered = true));
		await settle();
		return entered;
	}

	test('a second node waits for the first one\'s requests on the same server, not on another', async () => {
		const first = new Traffic('exec-shared', true);
		const lane = first.lane('https://opscom.school.edu/api/OC_TOMA/v1/profiles/push', 'OPSCOM');
		// The starting limit of 2, taken by the first node.
		await lane.enter();
		await lane.enter();
		const second = new Traffic('exec-shared', true);
		// Same scheme, host and port, another path and a user name in the URL: the same server.
		expect(await mayGo(second, 'https://someone:secret@opscom.school.edu/api/other')).toBe(false);
		expect(await mayGo(second, 'https://valt.school.edu/api/v3/admin/users')).toBe(true);
		expect(await mayGo(new Traffic('another-execution', true), 'https://opscom.school.edu/x')).toBe(true);
		// A fixed Max Concurrent Requests does not take part in the shared pace.
		expect(await mayGo(new Traffic('exec-shared', false), 'https://opscom.school.edu/x')).toBe(true);
	});

	test('once the items left take less than a second at the current pace, the pace stops probing', async () => {
		const url = 'https://rcams.school.edu/api/users';
		/** A node run whose lane answers a full round trip in 100 ms, with `left` items still to start. */
		async function limitAfterRoundTrips(executionId, left) {
			let ms = 0;
			const realNow = Date.now;
			Date.now = () => ms;
			try {
				const traffic = new Traffic(executionId, true);
				traffic.itemsLeft(left);
				const lane = traffic.lane(url, 'RCAMS');
				const limit = sharedLimit(executionId, 'https://rcams.school.edu');
				for (let round = 0; round < 3; round++) {
					const passes = [];
					for (let i = 0; i < limit.limit; i++) passes.push(await lane.enter());
					ms += 100;
					for (const pass of passes) lane.leave(pass, 'alive', 'ok');
				}
				return limit.limit;
			} finally {
				Date.now = realNow;
			}
		}
		// 2 → 4 → 8 → 16 with 1,000 items to go; with 10 to go it grows once, on the first answer
		// (no pace known yet), then stays: 10 items < 3 requests per 100 ms = 30 per second.
		expect(await limitAfterRoundTrips('exec-long', 1000)).toBe(16);
		expect(await limitAfterRoundTrips('exec-ending', 10)).toBe(3);
	});
});
