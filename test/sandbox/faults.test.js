'use strict';
/** Fault injection in the shared sandbox server, seen through the VALT emulator. */
const { startSandbox } = require('../../sandbox');

let sandbox;
let base;
beforeAll(async () => {
	sandbox = await startSandbox();
	base = sandbox.valt.url;
});
afterAll(() => sandbox.close());
beforeEach(async () => {
	await (await fetch(`${base}/__sandbox/reset`, { method: 'POST' })).json();
});

async function setFaults(config) {
	const response = await fetch(`${base}/__sandbox/faults`, {
		method: 'PUT',
		body: JSON.stringify(config),
	});
	return response.json();
}

/** Any vendor call will do: without faults this one answers 404. */
const probe = () => fetch(`${base}/api/v3/admin/nothing`);

test('error5xx answers 503', async () => {
	expect(await setFaults({ errorRates: { error5xx: 1 } })).toEqual({ errorRates: { error5xx: 1 } });
	const response = await probe();
	expect(response.status).toBe(503);
	expect(await response.json()).toEqual({ error: 'Service Unavailable' });
});

test('rateLimited answers 429 with Retry-After', async () => {
	await setFaults({ errorRates: { rateLimited: 1 }, retryAfterSeconds: 3 });
	const response = await probe();
	expect(response.status).toBe(429);
	expect(response.headers.get('retry-after')).toBe('3');
	await response.text();
});

test('a rate limit per second lets the first requests through', async () => {
	await setFaults({ rateLimitPerSecond: 2 });
	const statuses = [];
	for (let i = 0; i < 3; i++) statuses.push((await probe()).status);
	expect(statuses).toEqual([404, 404, 429]);
});

test('html answers a 502 page in text/html', async () => {
	await setFaults({ errorRates: { html: 1 } });
	const response = await probe();
	expect(response.status).toBe(502);
	expect(response.headers.get('content-type')).toBe('text/html');
	expect(await response.text()).toContain('502 Bad Gateway');
});

test('reset drops the connection', async () => {
	await setFaults({ errorRates: { reset: 1 } });
	await expect(probe()).rejects.toThrow('fetch failed');
});

test('faults do not touch the admin API, and reset clears them', async () => {
	await setFaults({ errorRates: { error5xx: 1 } });
	expect((await fetch(`${base}/__sandbox/state`)).status).toBe(200);
	await (await fetch(`${base}/__sandbox/reset`, { method: 'POST' })).json();
	expect((await probe()).status).toBe(404);
});

test('the same seed gives the same sequence of outcomes', async () => {
	const run = async () => {
		await setFaults({ seed: 42, errorRates: { error5xx: 0.3, rateLimited: 0.3 } });
		const statuses = [];
		for (let i = 0; i < 20; i++) {
			const response = await probe();
			await response.text();
			statuses.push(response.status);
		}
		return statuses;
	};
	const first = await run();
	expect(new Set(first)).toEqual(new Set([404, 429, 503]));
	expect(await run()).toEqual(first);
});

const statusOf = async (request) => {
	const response = await request;
	await response.text();
	return response.status;
};

test('capacityPerSecond: beyond it the vendor answers 429 with Retry-After', async () => {
	await setFaults({ capacityPerSecond: 10, retryAfterSeconds: 2 });
	// A fifth of a second of capacity (2 requests) may come at once; the rest of a burst of 6 is refused.
	const statuses = await Promise.all(Array.from({ length: 6 }, () => statusOf(probe())));
	expect(statuses.filter((status) => status === 404)).toHaveLength(2);
	expect(statuses.filter((status) => status === 429)).toHaveLength(4);
	const refused = await probe();
	expect(refused.headers.get('retry-after')).toBe('2');
	await refused.text();
	const { counts } = await (await fetch(`${base}/__sandbox/faults`)).json();
	expect(counts.overCapacity).toBe(5);
});

test('latencyPerInFlightMs: each request being served adds to the latency of the next', async () => {
	await setFaults({ latencyMs: 10, latencyPerInFlightMs: 200 });
	const alone = Date.now();
	await statusOf(probe());
	const aloneMs = Date.now() - alone;
	const crowded = Date.now();
	await Promise.all(Array.from({ length: 4 }, () => statusOf(probe())));
	// The fourth request arrives with three in flight: 10 + 3 × 200 ms.
	expect(Date.now() - crowded).toBeGreaterThanOrEqual(600);
	expect(aloneMs).toBeLessThan(600);
});

test('failAfter: the vendor goes down after N requests, answering failWith, and counts what came after', async () => {
	await setFaults({ failAfter: 2, failWith: 401 });
	expect([await statusOf(probe()), await statusOf(probe())]).toEqual([404, 404]);
	expect([await statusOf(probe()), await statusOf(probe()), await statusOf(probe())]).toEqual([401, 401, 401]);
	const { counts } = await (await fetch(`${base}/__sandbox/faults`)).json();
	expect(counts).toMatchObject({ down: 3, sentAfterDown: 2 });
	await setFaults({ failAfter: 0 });
	expect(await statusOf(probe())).toBe(503);
});
