/**
 * The operation contract (nodes/shared/operation.ts) and the item runner (runOperations.ts). The
 * `@ts-expect-error` lines are checked by ts-jest's type check: each proves a mistake that does
 * not compile, and fails this file if it ever compiles again.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { defineOperation } from '../../../nodes/shared/operation';
import { runOperations } from '../../../nodes/shared/runOperations';
import { optionsDescription } from '../../../nodes/shared/settings';
import type { Vendor } from '../../../nodes/shared/transport';
import { fakeContext } from './fakeContext';

const VENDOR: Vendor = {
	vendor: 'Fake',
	credentialType: 'fakeApi',
	secrets: { of: (credentials) => [credentials.token], rotate: false },
};

test('the contract refuses an operation without execute, with both, or whose read does not feed execute', () => {
	// @ts-expect-error neither execute nor executeAll
	defineOperation({ kind: 'read', description: [], read: () => 1 });
	// @ts-expect-error execute and executeAll together
	defineOperation({
		kind: 'read',
		description: [],
		read: () => 1,
		execute: async () => ({}),
		executeAll: async () => [],
	});
	defineOperation({
		kind: 'read',
		description: [],
		// @ts-expect-error read returns { id: number }, execute takes a string
		read: () => ({ id: 7 }),
		execute: async (_context, _itemIndex, _run, input: string) => ({ input }),
	});
	// @ts-expect-error read is required
	defineOperation({ kind: 'write', description: [], execute: async () => ({}) });
	expect(true).toBe(true);
});

test('a vendor must declare its secrets', () => {
	// @ts-expect-error a vendor without its credential's secrets does not compile
	const forgotten: Vendor = { vendor: 'Fake', credentialType: 'fakeApi' };
	expect(forgotten.vendor).toBe('Fake');
});

/** A Get: reads an id per item, then sends one request each. */
const get = defineOperation({
	kind: 'read',
	description: [],
	read: (context, itemIndex) => {
		const id = context.getNodeParameter('id', itemIndex, '') as string;
		if (!/^\d+$/.test(id)) throw new Error(`item ${itemIndex}: "ID" must be digits`);
		return id;
	},
	execute: async (context, itemIndex, { policy }, id) => {
		const response = await context.helpers.httpRequestWithAuthentication.call(context, 'fakeApi', {
			url: `https://fake.example/${id}`,
			timeout: policy.timeoutMs,
		});
		return { id, answer: (response as IDataObject).body as IDataObject };
	},
});

const OPERATIONS = { thing: { get } };

function items(ids: string[]) {
	return ids.map((id) => ({ resource: 'thing', operation: 'get', id }));
}

test('every item is read and checked before the first request', async () => {
	const { context, sent } = fakeContext({
		items: items(['1', 'x', '3']),
		respond: () => ({ statusCode: 200, body: {} }),
	});
	await expect(runOperations(context, VENDOR, OPERATIONS)).rejects.toThrow('"ID" must be digits');
	expect(sent).toEqual([]);
});

test('with Continue On Fail, a refused item becomes its error item and the others run, in order', async () => {
	const { context, sent } = fakeContext({
		items: items(['1', 'x', '3']),
		continueOnFail: true,
		respond: ({ options }) => ({ statusCode: 200, body: { url: options.url } }),
	});
	const [output] = await runOperations(context, VENDOR, OPERATIONS);
	expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(output[1].json).toEqual({ error: 'item 1: "ID" must be digits' });
	expect(output[2].json.id).toBe('3');
	expect(sent).toHaveLength(2);
});

test("the vendor's declared secrets are masked in the output", async () => {
	const { context } = fakeContext({
		items: items(['1']),
		credentials: { fakeApi: { token: 'tok-secret-99' } },
		respond: () => ({ statusCode: 200, body: { echo: 'token was tok-secret-99' } }),
	});
	const [output] = await runOperations(context, VENDOR, OPERATIONS);
	expect(output[0].json.answer).toEqual({ echo: 'token was ***' });
});

test('Preview and Sync Mode follow the kinds of the operations, not their names', () => {
	const operation = (kind: 'read' | 'write' | 'sync' | 'remove') =>
		defineOperation({ kind, description: [], read: () => undefined, execute: async () => ({}) });
	const options = optionsDescription({
		a: { upsert: operation('sync'), fetch: operation('read'), erase: operation('write') },
		b: { fetch: operation('read'), prune: operation('remove') },
	}).options as INodeProperties[];
	const shownFor = (name: string) =>
		options.find((option) => option.name === name)?.displayOptions?.show;
	expect(shownFor('preview')).toEqual({ '/operation': ['erase', 'prune', 'upsert'] });
	expect(shownFor('syncMode')).toEqual({ '/operation': ['upsert'] });
	expect(() =>
		optionsDescription({ a: { save: operation('write') }, b: { save: operation('read') } }),
	).toThrow('differs in kind');
});
