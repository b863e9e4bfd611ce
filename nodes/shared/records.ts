import type { IDataObject } from 'n8n-workflow';

import {
	readValue,
	recordBody,
	visibleValues,
	type Combined,
	type Field,
	type RecordTable,
} from './fields';

/*
 * A vendor record both ways, from its field table: what the vendor holds of it (read, then
 * overlaid with what the vendor confirmed since), and what the node outputs about it.
 */

/**
 * What the vendor holds of one record, as far as this run knows: its record as listed or found,
 * overlaid with the values the vendor confirmed since (a write this run made). A second item for
 * the same person compares against what the first one wrote, without mapping values back into
 * the vendor's keys by hand.
 */
export class Held {
	constructor(
		private readonly table: RecordTable,
		/** The vendor's record: its id and what its list or Get reported. */
		readonly record: IDataObject,
		/** Values by field name that the vendor confirmed after the record was read. */
		private readonly confirmed: IDataObject = {},
	) {}

	/** The field's value as the vendor holds it, or undefined where the vendor does not say. */
	value(field: Field): unknown {
		if (field.name in this.confirmed) return this.confirmed[field.name];
		return field.read === undefined ? undefined : readValue(field.read, this.record);
	}

	/** A combined attribute (a full name) as the vendor holds it. */
	combined(combined: Combined): unknown {
		const parts = this.table.fields.filter((field) => field.combined === combined);
		if (parts.every((field) => field.name in this.confirmed))
			return combined.desired(this.confirmed);
		return readValue(combined.read, this.record);
	}

	/** After a write the vendor confirmed: `record` adds to the record (a new id), `sent` to the values. */
	after(record: IDataObject, sent: IDataObject): Held {
		return new Held(this.table, { ...this.record, ...record }, { ...this.confirmed, ...sent });
	}
}

/** Attribute values as read (anything a vendor sends), without those not given. */
type Values = Record<string, unknown>;

const defined = (values: Values): IDataObject =>
	Object.fromEntries(
		Object.entries(values).filter(([, value]) => value !== undefined),
	) as IDataObject;

/**
 * The given values under the node's names, each combined attribute (a full name) beside the
 * fields it is made of, never a write-only value: what a write outputs about the record.
 */
export function namedValues(table: RecordTable, values: IDataObject): IDataObject {
	const output: Values = {};
	for (const field of table.fields) {
		if (field.compare === 'never') continue;
		const combined = field.combined;
		if (combined && !(combined.name in output) && values[field.name] !== undefined) {
			output[combined.name] = combined.desired(values);
		}
		output[field.name] = values[field.name];
	}
	return defined(output);
}

/** The given values under the vendor's keys, never a write-only value: what a write sent. */
export function sentValues(table: RecordTable, values: IDataObject): IDataObject {
	return recordBody(table, visibleValues(table, values));
}

/**
 * What a vendor's record reports, under the node's names: its id, every field the vendor
 * reports (combined ones under their own name) and the table's other reported attributes. The
 * simplified output of Get and Get Many; never a write-only value.
 */
export function reportedValues(table: RecordTable, record: IDataObject): IDataObject {
	const output: Values = {};
	if (table.id) output[table.id.name] = readValue(table.id.read, record);
	for (const field of table.fields) {
		if (field.combined) output[field.combined.name] ??= readValue(field.combined.read, record);
		else if (field.read !== undefined) output[field.name] = readValue(field.read, record);
	}
	for (const attribute of table.reported ?? []) {
		output[attribute.name] = readValue(attribute.read, record);
	}
	return defined(output);
}

/**
 * What the node outputs of a record it wrote or matched: the values given, except that an
 * attribute the vendor cannot change shows what the vendor holds (an existing user keeps the
 * login it has), when the vendor reports it.
 */
function heldValues(table: RecordTable, values: IDataObject, held: Held | undefined): IDataObject {
	if (!held) return values;
	const shown: Values = { ...values };
	for (const field of table.fields) {
		if (field.updatable === false && field.read !== undefined)
			shown[field.name] = held.value(field);
	}
	return shown as IDataObject;
}

/**
 * What a write outputs about the record: its id (from the record, else from the vendor's
 * answer) and the values, under the node's names or, for tables that output what was sent,
 * under the vendor's keys.
 */
export function writeOutput(
	table: RecordTable,
	values: IDataObject,
	held: Held | undefined,
	response?: IDataObject,
): IDataObject {
	const shown = heldValues(table, values, held);
	return {
		...writtenId(table, held, response),
		...(table.output === 'sent' ? sentValues(table, shown) : namedValues(table, shown)),
	};
}

/** The record's id as a write outputs it: from the record, else from the vendor's answer. */
function writtenId(
	table: RecordTable,
	held: Held | undefined,
	response: IDataObject | undefined,
): IDataObject {
	if (!table.id) return {};
	const id = readValue(table.id.read, held?.record) ?? readValue(table.id.read, response);
	return defined({ [table.id.name]: id });
}

/**
 * What a lean write outputs about the record (Output Full Record off): who it is about
 * (`subject`, the person's key as given) and the record's id, not the fields sent. What n8n
 * holds per output item for the whole execution then stays small however wide the record.
 */
export function leanOutput(
	table: RecordTable,
	subject: IDataObject,
	held: Held | undefined,
	response?: IDataObject,
): IDataObject {
	return { ...subject, ...writtenId(table, held, response) };
}
