'use strict';
/**
 * The update mode of the emulators: "merge" (default) keeps what an update leaves out, "replace"
 * is the vendors' strict reading. What each vendor replaces is in its own test file.
 */
const { startSandbox } = require('../../sandbox');

const VENDORS = ['opscom', 'valt', 'rcams'];
const mode = async (server) => (await fetch(`${server.url}/__sandbox/update-mode`)).json();
const put = (server, body) =>
	fetch(`${server.url}/__sandbox/update-mode`, { method: 'PUT', body: JSON.stringify(body) });

describe('a default sandbox', () => {
	let sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(() => sandbox.close());

	test('merges on every vendor, switches per vendor, and reset returns to merge', async () => {
		for (const vendor of VENDORS) expect(await mode(sandbox[vendor])).toEqual({ mode: 'merge' });
		const response = await put(sandbox.rcams, { mode: 'replace' });
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ mode: 'replace' });
		expect(await mode(sandbox.rcams)).toEqual({ mode: 'replace' });
		expect(await mode(sandbox.valt)).toEqual({ mode: 'merge' });
		await fetch(`${sandbox.rcams.url}/__sandbox/reset`, { method: 'POST' });
		expect(await mode(sandbox.rcams)).toEqual({ mode: 'merge' });
	});

	test('refuses an unknown mode with 400 and keeps the current one', async () => {
		for (const body of [{ mode: 'strict' }, {}, null]) {
			const response = await put(sandbox.valt, body);
			expect(response.status).toBe(400);
			expect((await response.json()).error).toMatch(/"merge" \| "replace"/);
		}
		expect(await mode(sandbox.valt)).toEqual({ mode: 'merge' });
	});

	test('in-process tests may switch with setUpdateMode(), which checks the mode', () => {
		sandbox.opscom.setUpdateMode('replace');
		expect(sandbox.opscom.api.updateMode).toBe('replace');
		expect(() => sandbox.opscom.setUpdateMode('strict')).toThrow(/unknown update mode/);
		sandbox.opscom.setUpdateMode('merge');
	});
});

test('startSandbox({updateMode}) sets one mode for all, or one per vendor; reset returns to it', async () => {
	const all = await startSandbox({ updateMode: 'replace' });
	try {
		for (const vendor of VENDORS) expect(await mode(all[vendor])).toEqual({ mode: 'replace' });
		await put(all.valt, { mode: 'merge' });
		await fetch(`${all.valt.url}/__sandbox/reset`, { method: 'POST' });
		expect(await mode(all.valt)).toEqual({ mode: 'replace' });
	} finally {
		await all.close();
	}
	const one = await startSandbox({ updateMode: { valt: 'replace' } });
	try {
		expect(await mode(one.valt)).toEqual({ mode: 'replace' });
		expect(await mode(one.rcams)).toEqual({ mode: 'merge' });
	} finally {
		await one.close();
	}
	await expect(startSandbox({ updateMode: 'strict' })).rejects.toThrow(/unknown update mode/);
});
