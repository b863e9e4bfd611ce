/**
 * The Create or Update engine (nodes/shared/sync.ts) against a fake vendor held in memory: what
 * it sends, what it says it did, and what a second item for the same person is compared with.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Combined, RecordTable } from '../../../nodes/shared/fields';
import { runOperations } from '../../../nodes/shared/runOperations';
import { createOrUpdate, type SyncTarget } from '../../../nodes/shared/sync';
import { text } from '../../../nodes/shared/validation';
import { fakeContext } from './fakeContext';

const fullName: Combined = {
	name: 'fullName',
	desired: (values) => `${String(values.firstName)} ${String(values.lastName)}`,
	read: 'full_name',
};

/** A vendor that reports the full name, the phone under another key, and neither notes nor passwords. */
const TABLE: RecordTable = {
	fields: [
		{
			name: 'login',
			key: 'login',
			label: 'Login',
			schema: text(),
			required: ['create', 'upsert'],
			compare: 'vendor',
			read: 'login',
		},
		{
			name: 'firstName',
			key: 'first',
			label: 'First Name',
			schema: text(),
			compare: 'vendor',
			combined: fullName,
		},
		{
			name: 'lastName',
			key: 'last',
			label: 'Last Name',
			schema: text(),
			compare: 'vendor',
			combined: fullName,
		},
		{ name: 'phone', key: 'phone', label: 'Phone', schema: text(), compare: 'vendor', read: 'tel' },
		{ name: 'notes', key: 'notes', label: 'Notes', schema: text(), compare: 'history' },
		{ name: 'password', key: 'password', label: 'Password', schema: text(), compare: 'never' },
	],
	collections: [],
	id: { name: 'id', read: 'id' },
};

/** The fake vendor: its records as it lists them, and every write it received. */
function fakeVendor() {
	const records = new Map<string, IDataObject>();
	const writes: IDataObject[] = [];
	const store = (id: string, body: IDataObject) => {
		const before = records.get(id) ?? {};
		records.set(id, {
			...before,
			id,
			login: body.login ?? before.login,
			full_name: `${String(body.first)} ${String(body.last)}`,
			...(body.phone === undefined ? {} : { tel: body.phone }),
		});
	};
	const target: SyncTarget = {
		table: TABLE,
		mapping: 'getFakeFields',
		keyField: 'login',
		keyOf: (_context, _itemIndex, values) => String(values.login).toLowerCase(),
		namespace: async () => 'fake',
		list: async () => [...records.values()],
		recordKeyOf: (record) => String(record.login).toLowerCase(),
		recordId: (record, key) => (record?.id === undefined ? key : String(record.id)),
		create: async (_context, values) => {
			const id = `id-${records.size + 1}`;
			const body = { ...values, first: values.firstName, last: values.lastName };
			writes.push({ create: values });
			store(id, body);
			return { record: { id }, response: { ok: true, id } };
		},
		update: async (_context, record, values, fields) => {
			const sent = Object.fromEntries(fields.map((name) => [name, values[name]]));
			writes.push({ update: sent });
			store(String(record.id), { first: values.firstName, last: values.lastName, ...sent });
			return { record: {}, response: { ok: true } };
		},
	};
	return { records, writes, target };
}

const VENDOR = { credentialType: 'fakeApi', secrets: { of: () => [], rotate: false } };

async function run(
	target: SyncTarget,
	people: IDataObject[],
	staticData: IDataObject = {},
	options: IDataObject = {},
	node: { typeVersion?: number; continueOnFail?: boolean } = {},
) {
	const operation = createOrUpdate(target, {
		show: { resource: ['person'], operation: ['createOrUpdate'] },
	});
	const items = people.map((person) => ({
		resource: 'person',
		operation: 'createOrUpdate',
		options,
		...person,
	}));
	const { context } = fakeContext({ items, staticData, ...node });
	const [output] = await runOperations(context, VENDOR, { person: { createOrUpdate: operation } });
	return output.map((item) => item.json);
}

const ANN = {
	login: 'ann',
	firstName: 'Ann',
	lastName: 'Lee',
	phone: '555-1',
	notes: 'staff',
	password: 'secret-1',
};

test('a new person is created, and the next run finds everyone unchanged and writes nothing', async () => {
	const vendor = fakeVendor();
	const staticData = {};
	const first = await run(vendor.target, [ANN], staticData);
	expect(first).toEqual([
		{
			action: 'created',
			id: 'id-1',
			login: 'ann',
			fullName: 'Ann Lee',
			firstName: 'Ann',
			lastName: 'Lee',
			phone: '555-1',
			notes: 'staff',
		},
	]);
	const second = await run(vendor.target, [ANN], staticData);
	expect(second.map((item) => item.action)).toEqual(['unchanged']);
	expect(vendor.writes).toHaveLength(1);
});

test('a second item for the same person is compared with what the first one wrote', async () => {
	const vendor = fakeVendor();
	const staticData = {};
	await run(vendor.target, [ANN], staticData);
	const output = await run(
		vendor.target,
		[
			{ ...ANN, phone: '555-2' },
			{ ...ANN, phone: '555-2' },
			{ ...ANN, phone: '555-3' },
		],
		staticData,
	);
	expect(output.map((item) => item.action)).toEqual(['updated', 'unchanged', 'updated']);
	expect(output[0].changes).toEqual([{ field: 'phone', from: '555-1', to: '555-2' }]);
	expect(output[2].changes).toEqual([{ field: 'phone', from: '555-2', to: '555-3' }]);
});

test('a combined attribute is compared as one, and a renamed person is updated once', async () => {
	const vendor = fakeVendor();
	const staticData = {};
	await run(vendor.target, [ANN], staticData);
	const [renamed] = await run(vendor.target, [{ ...ANN, lastName: 'Park' }], staticData);
	expect(renamed.changes).toEqual([{ field: 'fullName', from: 'Ann Lee', to: 'Ann Park' }]);
	expect(vendor.records.get('id-1')?.full_name).toBe('Ann Park');
});

test('an attribute the vendor does not report is compared with what the vendor confirmed before', async () => {
	const vendor = fakeVendor();
	const staticData = {};
	await run(vendor.target, [ANN], staticData);
	const [changed] = await run(vendor.target, [{ ...ANN, notes: 'faculty' }], staticData);
	expect(changed.action).toBe('updated');
	expect(changed.changes).toEqual([{ field: 'notes', to: 'faculty' }]);
	const [again] = await run(vendor.target, [{ ...ANN, notes: 'faculty' }], staticData);
	expect(again.action).toBe('unchanged');
});

test('a write-only value is sent on create, never output, never compared', async () => {
	const vendor = fakeVendor();
	const staticData = {};
	const [created] = await run(vendor.target, [ANN], staticData);
	expect(vendor.writes[0]).toEqual({ create: expect.objectContaining({ password: 'secret-1' }) });
	expect(JSON.stringify(created)).not.toContain('secret-1');
	const [same] = await run(vendor.target, [{ ...ANN, password: 'secret-2' }], staticData);
	expect(same.action).toBe('unchanged');
});

test('a preview writes nothing and says what would happen', async () => {
	const vendor = fakeVendor();
	const output = await run(vendor.target, [ANN], {}, { preview: true });
	expect(output).toEqual([
		expect.objectContaining({ action: 'created', preview: true, login: 'ann' }),
	]);
	expect(vendor.writes).toEqual([]);
});

test('version 2: action, the key field as given, the id and changes; Output Full Record: everything', async () => {
	const vendor = fakeVendor();
	const staticData = {};
	const v2 = { typeVersion: 2 };
	expect(await run(vendor.target, [ANN], staticData, {}, v2)).toEqual([
		{ action: 'created', login: 'ann', id: 'id-1' },
	]);
	const renamed = { ...ANN, lastName: 'Lee-Smith' };
	expect(await run(vendor.target, [renamed], staticData, {}, v2)).toEqual([
		{
			action: 'updated',
			login: 'ann',
			id: 'id-1',
			changes: [{ field: 'fullName', from: 'Ann Lee', to: 'Ann Lee-Smith' }],
		},
	]);
	const [full] = await run(vendor.target, [renamed], staticData, { fullRecord: true }, v2);
	expect(full).toEqual({
		action: 'unchanged',
		id: 'id-1',
		login: 'ann',
		fullName: 'Ann Lee-Smith',
		firstName: 'Ann',
		lastName: 'Lee-Smith',
		phone: '555-1',
		notes: 'staff',
	});
});

test('version 2: a failed item says action "failed" and the key field; version 1 the error alone', async () => {
	const vendor = fakeVendor();
	vendor.target.create = async () => {
		throw new Error('vendor refused');
	};
	const failing = { continueOnFail: true };
	expect(await run(vendor.target, [ANN], {}, {}, { ...failing, typeVersion: 2 })).toEqual([
		{ action: 'failed', login: 'ann', error: 'vendor refused' },
	]);
	expect(await run(vendor.target, [ANN], {}, {}, failing)).toEqual([{ error: 'vendor refused' }]);
});

test('an Output Full Record that is not true or false fails the run before anything is sent', async () => {
	const vendor = fakeVendor();
	await expect(run(vendor.target, [ANN], {}, { fullRecord: 'yes' })).rejects.toThrow(
		'The option "Output Full Record" must be true or false, not "yes"',
	);
	expect(vendor.writes).toEqual([]);
});
