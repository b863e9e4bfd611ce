import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readSimplify, simplifyProperty, withRaw } from './descriptions';
import { recordProperties, type LayoutOptions, type RecordTable, type WriteMode } from './fields';
import { isMapped, mappingProperty, nothingMappedFix, onVersions, readFields } from './mapping';
import { Held, leanOutput, writeOutput } from './records';
import { defineOperation, type Call, type DefinedOperation } from './operation';
import type { Written } from './sync';

/** Editor settings of a plain Create or Update beyond the record's fields. */
export interface WriteLayout extends LayoutOptions {
	/** A notice shown before the fields. */
	notice?: INodeProperties;
	/** Extra editor fields shown after them. */
	after?: INodeProperties[];
	/**
	 * The description of a Simplify switch, for vendors whose own answer is worth keeping: off,
	 * the output carries it under `raw`.
	 */
	simplify?: string;
}

/**
 * What a write outputs: derived from the table (never a password), the answer under `raw` on
 * request. Lean (Output Full Record off), only who it is about and the record's id.
 */
function output(
	table: RecordTable,
	values: IDataObject,
	held: Held | undefined,
	written: Written | undefined,
	{
		simplify,
		fullRecord,
		subject,
	}: { simplify: boolean; fullRecord: boolean; subject: IDataObject },
): IDataObject {
	const shown = fullRecord
		? writeOutput(table, values, held, written?.response)
		: leanOutput(table, subject, held, written?.response);
	return withRaw(shown, written?.response ?? {}, simplify);
}

/** The person's key field, as given, when the values hold it (see `CreateTarget.keyField`). */
const keyOf = (keyField: string | undefined, values: IDataObject): IDataObject =>
	keyField === undefined || values[keyField] === undefined ? {} : { [keyField]: values[keyField] };

const simplifyOf = (layout: WriteLayout, context: IExecuteFunctions, itemIndex: number) =>
	layout.simplify ? readSimplify(context, itemIndex) : true;

type DisplayOptions = { show: Record<string, string[]> };

/**
 * A record's editor fields: version 1's parameters, the resource mapper from version 2 on; the
 * "by name or ID" switches on every version, as they choose which fields are taken.
 */
function fieldProperties(
	table: RecordTable,
	mapping: string,
	displayOptions: DisplayOptions,
	mode: WriteMode,
	layout: WriteLayout,
): INodeProperties[] {
	const switches = Object.values(layout.switches ?? {}).map((property) => property.name);
	return [
		...recordProperties(table, displayOptions, mode, layout).map((property) =>
			switches.includes(property.name) ? property : onVersions([property], [1])[0],
		),
		mappingProperty(mapping, displayOptions, switches),
	];
}

const after = (layout: WriteLayout, displayOptions: DisplayOptions) => [
	...(layout.after ?? []),
	...(layout.simplify ? [simplifyProperty(displayOptions, layout.simplify)] : []),
];

/** What a plain Create does with the vendor. */
export interface CreateTarget {
	table: RecordTable;
	/** The node's `resourceMapping` method that lists the table's fields (version 2, see mapping.ts). */
	mapping: string;
	/** The field that says whom the record is about (e.g. a user name), output by a lean write. */
	keyField?: string;
	create: (context: IExecuteFunctions, values: IDataObject, call: Call) => Promise<Written>;
}

/**
 * A Create operation: validates the record, then creates it; a preview says what would be
 * created. The output carries `action: "created"` like every write operation.
 */
export function createOne(
	target: CreateTarget,
	displayOptions: DisplayOptions,
	layout: WriteLayout = {},
): DefinedOperation {
	const { table, keyField } = target;
	return defineOperation({
		kind: 'write',
		description: [
			...fieldProperties(table, target.mapping, displayOptions, 'create', layout),
			...after(layout, displayOptions),
		],
		read: (context, itemIndex) => ({
			values: readFields(context, itemIndex, table, 'create', layout),
			simplify: simplifyOf(layout, context, itemIndex),
		}),
		execute: async (context, itemIndex, { settings }, { values, simplify }) => {
			const shape = { simplify, fullRecord: settings.fullRecord, subject: keyOf(keyField, values) };
			if (settings.preview) {
				return {
					action: 'created',
					...output(table, values, undefined, undefined, shape),
					preview: true,
				};
			}
			const written = await target.create(context, values, { policy: settings.policy, itemIndex });
			const held = new Held(table, written.record, values);
			return { action: 'created', ...output(table, values, held, written, shape) };
		},
		subject: (_context, _itemIndex, { values }) => keyOf(keyField, values),
	});
}

/** A record an Update or Delete acts on: its id, read from a resource locator. */
export interface LocatedTarget<Id> {
	description: INodeProperties;
	readId: (context: IExecuteFunctions, itemIndex: number) => Id;
	/** The record as far as its id tells, under the vendor's key (what the output's id is read from). */
	recordOf: (id: Id) => IDataObject;
}

/** What a plain Update does with the vendor. */
export interface UpdateTarget<Id> {
	table: RecordTable;
	/** The node's `resourceMapping` method that lists the table's fields (version 2, see mapping.ts). */
	mapping: string;
	/** The field that says whom the record is about, output by a lean write when the update sets it. */
	keyField?: string;
	record: LocatedTarget<Id>;
	update: (context: IExecuteFunctions, id: Id, values: IDataObject, call: Call) => Promise<Written>;
}

/** An Update item that gives no field fails, saying where to give one. */
function requireSomething(
	context: IExecuteFunctions,
	itemIndex: number,
	values: IDataObject,
	layout: WriteLayout,
) {
	if (Object.keys(values).length > 0) return;
	const under = layout.onlyCollection ? ` under "${layout.onlyCollection.displayName}"` : '';
	throw new NodeOperationError(context.getNode(), `Nothing to update on item ${itemIndex}`, {
		itemIndex,
		description: isMapped(context)
			? nothingMappedFix(context, itemIndex)
			: `Add at least one field${under}.`,
	});
}

/**
 * An Update operation: the record picked by locator gets the fields given (and only those);
 * an item that gives none fails; a preview sends nothing.
 */
export function updateOne<Id>(
	target: UpdateTarget<Id>,
	displayOptions: DisplayOptions,
	layout: WriteLayout = {},
): DefinedOperation {
	const { table, keyField } = target;
	/** The record's id as located, and the key field when the update sets it. */
	const subject = (id: Id, values: IDataObject) => ({
		...leanOutput(table, {}, new Held(table, target.record.recordOf(id))),
		...keyOf(keyField, values),
	});
	return defineOperation({
		kind: 'write',
		description: [
			{ ...target.record.description, displayOptions },
			...(layout.notice ? [{ ...layout.notice, displayOptions }] : []),
			...fieldProperties(table, target.mapping, displayOptions, 'update', layout),
			...after(layout, displayOptions),
		],
		read: (context, itemIndex) => {
			const id = target.record.readId(context, itemIndex);
			const values = readFields(context, itemIndex, table, 'update', layout);
			requireSomething(context, itemIndex, values, layout);
			return { id, values, simplify: simplifyOf(layout, context, itemIndex) };
		},
		execute: async (context, itemIndex, { settings }, { id, values, simplify }) => {
			const located = new Held(table, target.record.recordOf(id));
			const shape = { simplify, fullRecord: settings.fullRecord, subject: keyOf(keyField, values) };
			if (settings.preview) {
				return {
					action: 'updated',
					...output(table, values, located, undefined, shape),
					preview: true,
				};
			}
			const call = { policy: settings.policy, itemIndex };
			const written = await target.update(context, id, values, call);
			const held = located.after(written.record, values);
			return { action: 'updated', ...output(table, values, held, written, shape) };
		},
		subject: (_context, _itemIndex, { id, values }) => subject(id, values),
	});
}
