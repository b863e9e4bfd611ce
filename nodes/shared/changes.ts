import type { IDataObject } from 'n8n-workflow';

import type { Combined, Field, RecordTable } from './fields';
import type { Held } from './records';
import { differing, fingerprintParts } from './state';

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

const rememberedByTable = new WeakMap<RecordTable, Field[]>();

/** The fields compared with what the vendor confirmed before (the node's state), in table order. */
function rememberedFields(table: RecordTable): Field[] {
	let fields = rememberedByTable.get(table);
	if (!fields) {
		fields = table.fields.filter(
			(field) => field.updatable !== false && field.compare === 'history',
		);
		rememberedByTable.set(table, fields);
	}
	return fields;
}

const rememberedParts = (fields: Field[], values: IDataObject) =>
	fingerprintParts(fields.map((field) => comparable(values[field.name])));

/** What the node's state keeps of a record once the vendor confirmed these values. */
export function factOf(table: RecordTable, values: IDataObject): string {
	return rememberedParts(rememberedFields(table), values).join('');
}

/**
 * The given remembered fields whose value the vendor has not confirmed (all, without a fact),
 * and the fact these values make (`factOf`), each value hashed once for both.
 */
export function rememberedChanges(
	table: RecordTable,
	values: IDataObject,
	fact: string | undefined,
): { fields: Field[]; fact: string } {
	const fields = rememberedFields(table);
	const parts = rememberedParts(fields, values);
	return { fields: differing(parts, fact).map((index) => fields[index]), fact: parts.join('') };
}

/**
 * Add-only, set-valued attributes (grants the vendor cannot take away): the node remembers, per
 * record, every member the vendor confirmed, as text joined by commas in ascending order (members
 * are ids, so they hold no comma). The wanted members are compared with that set and only the
 * missing ones are sent; what is remembered only grows, so a lost run cannot falsify it.
 */
export type Member = string | number;

const inOrder = (a: Member, b: Member) =>
	String(a).localeCompare(String(b), 'en', { numeric: true });

/** Members in ascending order (numbers, and ids too long for a number, by their value). */
export const sortedMembers = <T extends { member: Member }>(entries: T[]): T[] =>
	[...entries].sort((a, b) => inOrder(a.member, b.member));

/** The members a fact holds (none without one). */
export function membersOf(fact: string | undefined): Set<string> {
	return new Set((fact ?? '').split(',').filter(Boolean));
}

/** What the node keeps once the vendor confirmed these members: the union with the fact before. */
export function unionFact(fact: string | undefined, confirmed: Member[]): string {
	const all = new Set([...membersOf(fact), ...confirmed.map(String)]);
	return [...all].sort(inOrder).join(',');
}

/** The wanted members (first of each), split into those the vendor confirmed before and the missing. */
export function missingMembers<T extends Member>(
	wanted: T[],
	fact: string | undefined,
): { confirmed: T[]; missing: T[] } {
	const before = membersOf(fact);
	const seen = new Set<string>();
	const unique = wanted.filter((member) => !seen.has(String(member)) && seen.add(String(member)));
	return {
		confirmed: unique.filter((member) => before.has(String(member))),
		missing: unique.filter((member) => !before.has(String(member))),
	};
}
