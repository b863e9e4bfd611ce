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
