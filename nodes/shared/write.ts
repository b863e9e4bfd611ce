import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

import { readRecord, recordProperties, type LayoutOptions, type RecordTable } from './fields';
import type { Operation } from './operation';
import type { WriteCall, Written } from './sync';

/** What a plain Create does with the vendor, and what it outputs. */
export interface CreateTarget {
	table: RecordTable;
	create: (context: IExecuteFunctions, values: IDataObject, call: WriteCall) => Promise<Written>;
	/** What the node outputs (never a password); `written` is absent in a preview. */
	output: (
		values: IDataObject,
		written: Written | undefined,
		context: IExecuteFunctions,
		itemIndex: number,
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
): Operation<undefined, IDataObject> {
	return {
		description: [
			...recordProperties(target.table, displayOptions, 'create', layout),
			...(layout.after ?? []),
		],
		read(this: IExecuteFunctions, itemIndex: number) {
			return readRecord(this, itemIndex, target.table, 'create', layout);
		},
		async execute(this: IExecuteFunctions, itemIndex, { settings }, values) {
			if (settings.preview) {
				return {
					action: 'created',
					...target.output(values, undefined, this, itemIndex),
					preview: true,
				};
			}
			const written = await target.create(this, values, { policy: settings.policy, itemIndex });
			return { action: 'created', ...target.output(values, written, this, itemIndex) };
		},
	};
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
	update: (
		context: IExecuteFunctions,
		id: Id,
		values: IDataObject,
		call: WriteCall,
	) => Promise<Written>;
	/** What the node outputs (never a password); `written` is absent in a preview. */
	output: (
		id: Id,
		values: IDataObject,
		written: Written | undefined,
		context: IExecuteFunctions,
		itemIndex: number,
	) => IDataObject;
}

/** An Update operation: the record picked by locator gets the given fields; a preview sends nothing. */
export function updateOne<Id>(
	target: UpdateTarget<Id>,
	displayOptions: IDisplayOptions,
	layout: LayoutOptions & { notice?: INodeProperties; after?: INodeProperties[] } = {},
	/** Called with the values read, e.g. to refuse an update with no fields. */
	check?: (context: IExecuteFunctions, itemIndex: number, values: IDataObject) => void,
): Operation<undefined, { id: Id; values: IDataObject }> {
	return {
		description: [
			{ ...target.record.description, displayOptions },
			...(layout.notice ? [{ ...layout.notice, displayOptions }] : []),
			...recordProperties(target.table, displayOptions, 'update', layout),
			...(layout.after ?? []),
		],
		read(this: IExecuteFunctions, itemIndex: number) {
			const id = target.record.readId(this, itemIndex);
			const values = readRecord(this, itemIndex, target.table, 'update', layout);
			check?.(this, itemIndex, values);
			return { id, values };
		},
		async execute(this: IExecuteFunctions, itemIndex, { settings }, { id, values }) {
			if (settings.preview) {
				return {
					action: 'updated',
					...target.output(id, values, undefined, this, itemIndex),
					preview: true,
				};
			}
			const written = await target.update(this, id, values, { policy: settings.policy, itemIndex });
			return { action: 'updated', ...target.output(id, values, written, this, itemIndex) };
		},
	};
}
