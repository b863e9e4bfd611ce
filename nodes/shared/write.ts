import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

import { readRecord, recordProperties, type LayoutOptions, type RecordTable } from './fields';
import { defineOperation, type Call, type DefinedOperation } from './operation';
import type { Written } from './sync';

/** What a plain Create does with the vendor, and what it outputs. */
export interface CreateTarget {
	table: RecordTable;
	create: (context: IExecuteFunctions, values: IDataObject, call: Call) => Promise<Written>;
	/** What the node outputs (never a password); `written` is absent in a preview. */
	output: (
		context: IExecuteFunctions,
		itemIndex: number,
		values: IDataObject,
		written: Written | undefined,
	) => IDataObject;
}

/**
 * A Create operation: validates the record, then creates it; a preview says what would be
 * created. The output carries `action: "created"` like every write operation.
 */
export function createOne(
	target: CreateTarget,
	displayOptions: IDisplayOptions,
	layout: LayoutOptions & { after?: INodeProperties[] } = {},
): DefinedOperation {
	return defineOperation({
		kind: 'write',
		description: [
			...recordProperties(target.table, displayOptions, 'create', layout),
			...(layout.after ?? []),
		],
		read: (context, itemIndex) => readRecord(context, itemIndex, target.table, 'create', layout),
		execute: async (context, itemIndex, { settings }, values) => {
			if (settings.preview) {
				return {
					action: 'created',
					...target.output(context, itemIndex, values, undefined),
					preview: true,
				};
			}
			const written = await target.create(context, values, { policy: settings.policy, itemIndex });
			return { action: 'created', ...target.output(context, itemIndex, values, written) };
		},
	});
}

/** A record an Update or Delete acts on: its id, read from a resource locator. */
export interface LocatedTarget<Id> {
	description: INodeProperties;
	readId: (context: IExecuteFunctions, itemIndex: number) => Id;
}

/** What a plain Update does with the vendor, and what it outputs. */
export interface UpdateTarget<Id> {
	table: RecordTable;
	record: LocatedTarget<Id>;
	update: (context: IExecuteFunctions, id: Id, values: IDataObject, call: Call) => Promise<Written>;
	/** What the node outputs (never a password); `written` is absent in a preview. */
	output: (
		context: IExecuteFunctions,
		itemIndex: number,
		id: Id,
		values: IDataObject,
		written: Written | undefined,
	) => IDataObject;
}

/** An Update operation: the record picked by locator gets the given fields; a preview sends nothing. */
export function updateOne<Id>(
	target: UpdateTarget<Id>,
	displayOptions: IDisplayOptions,
	layout: LayoutOptions & { notice?: INodeProperties; after?: INodeProperties[] } = {},
	/** Called with the values read, e.g. to refuse an update with no fields. */
	check?: (context: IExecuteFunctions, itemIndex: number, values: IDataObject) => void,
): DefinedOperation {
	return defineOperation({
		kind: 'write',
		description: [
			{ ...target.record.description, displayOptions },
			...(layout.notice ? [{ ...layout.notice, displayOptions }] : []),
			...recordProperties(target.table, displayOptions, 'update', layout),
			...(layout.after ?? []),
		],
		read: (context, itemIndex) => {
			const id = target.record.readId(context, itemIndex);
			const values = readRecord(context, itemIndex, target.table, 'update', layout);
			check?.(context, itemIndex, values);
			return { id, values };
		},
		execute: async (context, itemIndex, { settings }, { id, values }) => {
			if (settings.preview) {
				return {
					action: 'updated',
					...target.output(context, itemIndex, id, values, undefined),
					preview: true,
				};
			}
			const call = { policy: settings.policy, itemIndex };
			const written = await target.update(context, id, values, call);
			return { action: 'updated', ...target.output(context, itemIndex, id, values, written) };
		},
	});
}
