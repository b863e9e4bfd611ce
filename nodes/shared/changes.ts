import type { IDataObject } from 'n8n-workflow';

import type { Combined, Field, RecordTable } from './fields';
import type { Held } from './records';
import { differing, fingerprint } from './state';

/** One changed attribute of an update: `from` where the vendor told us the old value. */
export interface Change {
	field: string;
	from?: unknown;
	to: unknown;
}

/**
 * A value in comparable form: text trimmed, numbers as text, empty as undefined, lists as
 * sorted text (a vendor may return a list in its own order; "1,2" and [2, 1] grant the same).
 */
export function comparable(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (Array.isArray(value)) {
		const parts = value.map(comparable).filter((part) => part !== undefined) as string[];
		return parts.length === 0 ? undefined : JSON.stringify(parts.sort());
	}
	if (typeof value === 'object') return JSON.stringify(value);
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

const same = (a: unknown, b: unknown) => comparable(a) === comparable(b);

/** Fields whose value is given, compared against what the vendor holds. */
export function vendorChanges(
	fields: Field[],
	values: IDataObject,
	held: Held,
): { changes: Change[]; changed: string[] } {
	const changes: Change[] = [];
	const changed: string[] = [];
	const combinedSeen = new Set<Combined>();
	for (const field of fields) {
		if (values[field.name] === undefined || field.compare !== 'vendor') continue;
		if (field.combined) {
			const combined = field.combined;
			const from = held.combined(combined);
			const to = combined.desired(values);
			if (same(from, to)) continue;
			changed.push(field.name);
			if (!combinedSeen.has(combined)) {
				combinedSeen.add(combined);
				changes.push({ field: combined.name, from, to });
			}
			continue;
		}
		const from = held.value(field);
		if (!same(from, values[field.name])) {
			changed.push(field.name);
			changes.push({ field: field.name, from: from ?? null, to: values[field.name] });
		}
	}
	return { changes, changed };
}

/** The fields compared with what the vendor confirmed before (the node's state), in table order. */
function rememberedFields(table: RecordTable): Field[] {
	return table.fields.filter((field) => field.updatable !== false && field.compare === 'history');
}

const rememberedValues = (fields: Field[], values: IDataObject) =>
	fields.map((field) => comparable(values[field.name]));

/** What the node's state keeps of a record once the vendor confirmed these values. */
export function factOf(table: RecordTable, values: IDataObject): string {
	return fingerprint(rememberedValues(rememberedFields(table), values));
}

/** The given remembered fields whose value the vendor has not confirmed (all, without a fact). */
export function rememberedChanges(
	table: RecordTable,
	values: IDataObject,
	fact: string | undefined,
): Field[] {
	const fields = rememberedFields(table);
	return differing(rememberedValues(fields, values), fact).map((index) => fields[index]);
}
