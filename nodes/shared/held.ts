import type { IDataObject } from 'n8n-workflow';

import { readValue, type Combined, type Field, type RecordTable } from './fields';

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
