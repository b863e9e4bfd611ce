import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { z } from 'zod';

import { compact, validateItem } from './validation';

/** Where a vendor's record reports a value: a key (a dotted key nests: `user_group.id`) or a function. */
export type Read = string | ((record: IDataObject) => unknown);

/** The value a vendor's record reports at `read`. */
export function readValue(read: Read, record: IDataObject | undefined): unknown {
	if (!record) return undefined;
	if (typeof read === 'function') return read(record);
	let value: unknown = record;
	for (const part of read.split('.')) {
		value = (value as IDataObject | null | undefined)?.[part];
		if (value === undefined || value === null) return value;
	}
	return value;
}

/**
 * One attribute of a vendor record, both ways. The field table is the whole mapping: it drives
 * the editor field, the zod schema, the label in messages, the key sent to the vendor, where the
 * vendor reports the value back, how a change is detected and what the node outputs.
 */
interface FieldBase {
	/** The node parameter, and the attribute's name in the node's output. */
	name: string;
	/** The key in the request body; a dotted key nests (`video_access.users`). */
	key: string;
	/** The editor label, also used in validation messages. */
	label: string;
	description?: string;
	/** Checks a value that is present (empty values are never sent). */
	schema: z.ZodTypeAny;
	/** The write modes in which the field must be given (see `WriteMode`). */
	required?: WriteMode[];
	/** The collection the field sits in; top level when absent. */
	collection?: string;
	/** Shown, read and sent only while another parameter has this value (a "by name or ID" switch). */
	showWhen?: { parameter: string; value: string };
	/** Editor settings beyond a plain text field (dropdowns, dates, passwords…). */
	editor?: Partial<INodeProperties>;
	/** False for attributes the vendor cannot change once the record exists. */
	updatable?: false;
}

/**
 * How a change of the field is detected, said explicitly:
 * - `vendor`: against what the vendor's record reports (`read`, or the `combined` value);
 * - `history`: against what the vendor confirmed to this node before (its state, see state.ts),
 *   for attributes the vendor does not report;
 * - `never`: write-only values (passwords), which are also never output.
 */
type Comparison =
	| { compare: 'vendor'; read: Read; combined?: undefined }
	| { compare: 'vendor'; combined: Combined; read?: undefined }
	| { compare: 'history'; read?: Read; combined?: undefined }
	| { compare: 'never'; read?: undefined; combined?: undefined };

export type Field = FieldBase & Comparison;

/**
 * For fields the vendor only reports combined (a full name made of two): the combined
 * attribute, compared and output under its own name, shared by the fields it covers.
 */
export interface Combined {
	name: string;
	desired: (values: IDataObject) => unknown;
	read: Read;
}

/** An attribute the vendor reports but the node never writes (an id, a last login): output only. */
export interface Reported {
	name: string;
	read: Read;
}

export interface Collection {
	name: string;
	displayName: string;
	placeholder?: string;
	/** Prefix of the labels of its fields in messages, e.g. "Primary Address › ". */
	labelPrefix?: string;
}

export interface RecordTable {
	fields: Field[];
	collections: Collection[];
	/** The record's id as the node outputs it, and where the vendor reports it. */
	id?: Reported;
	/** What the vendor reports beyond the fields, for the output of Get and Get Many. */
	reported?: Reported[];
	/**
	 * How a write outputs the values: under the node's names (`named`, the default) or under
	 * the vendor's keys, as sent (`sent`).
	 */
	output?: 'named' | 'sent';
	/** Pairs of fields that give one attribute two ways (by name or by ID): at most one is sent. */
	exclusive?: Array<[string, string]>;
}

/** create: a new record; upsert: created or updated; update: an existing record. */
export type WriteMode = 'create' | 'upsert' | 'update';

/** Required in every write mode. */
export const ALWAYS: WriteMode[] = ['create', 'upsert', 'update'];

function isRequired(field: Field, mode: WriteMode): boolean {
	return field.required?.includes(mode) ?? false;
}

const updatableCache = new WeakMap<RecordTable, Field[]>();

/** The fields a write mode can send: an Update's changeable ones (one list per table), else all. */
function fieldsFor(table: RecordTable, mode: WriteMode): Field[] {
	if (mode !== 'update') return table.fields;
	let updatable = updatableCache.get(table);
	if (!updatable) {
		updatable = table.fields.filter((field) => field.updatable !== false);
		updatableCache.set(table, updatable);
	}
	return updatable;
}

function toProperty(field: Field, required: boolean): INodeProperties {
	return {
		displayName: field.label,
		name: field.name,
		type: 'string',
		default: '',
		...(field.description === undefined ? {} : { description: field.description }),
		...field.editor,
		...(required ? { required: true } : {}),
	} as INodeProperties;
}

/** The display options of a field: the operation's, narrowed by the field's switch. */
function displayOptionsOf(field: Field, displayOptions: IDisplayOptions): IDisplayOptions {
	if (!field.showWhen) return displayOptions;
	const { parameter, value } = field.showWhen;
	return { ...displayOptions, show: { ...displayOptions.show, [parameter]: [value] } };
}

const byDisplayName = (a: INodeProperties, b: INodeProperties) =>
	a.displayName.localeCompare(b.displayName);

export interface LayoutOptions {
	/** Puts every field into this one collection (e.g. "Update Fields"), as n8n's Update operations do. */
	onlyCollection?: Collection;
	/** Editor-only parameters placed before the named top-level field (the switches of `showWhen`). */
	switches?: Record<string, INodeProperties>;
}

/** The editor fields of a record for one operation: top-level fields in table order, then collections. */
export function recordProperties(
	table: RecordTable,
	displayOptions: IDisplayOptions,
	mode: WriteMode,
	{ onlyCollection, switches = {} }: LayoutOptions = {},
): INodeProperties[] {
	const fields = fieldsFor(table, mode);
	const collectionOf = (field: Field) => onlyCollection?.name ?? field.collection;
	const collections = onlyCollection ? [onlyCollection] : table.collections;
	const top = fields
		.filter((field) => collectionOf(field) === undefined)
		.flatMap((field) => [
			...(switches[field.name] ? [{ ...switches[field.name], displayOptions }] : []),
			{
				...toProperty(field, isRequired(field, mode)),
				displayOptions: displayOptionsOf(field, displayOptions),
			},
		]);
	const grouped = collections
		.map((collection) => ({
			collection,
			options: fields
				.filter((field) => collectionOf(field) === collection.name)
				.map((field) => toProperty(field, false))
				.sort(byDisplayName),
		}))
		.filter(({ options }) => options.length > 0)
		.map(
			({ collection, options }): INodeProperties => ({
				displayName: collection.displayName,
				name: collection.name,
				type: 'collection',
				placeholder: collection.placeholder ?? 'Add Field',
				default: {},
				displayOptions,
				options,
			}),
		);
	return [...top, ...grouped];
}

/** No value at all. */
const isMissing = (value: unknown) => value === undefined || value === null;

/** Text that is only spaces gives no value where one is required. */
const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';

/** A value that must be given: missing and blank get their own messages. */
function present(schema: z.ZodTypeAny): z.ZodTypeAny {
	return z
		.unknown()
		.superRefine((value, ctx) => {
			if (isMissing(value)) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is required', fatal: true });
			} else if (isBlank(value)) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					message: 'is required: it cannot be empty',
					fatal: true,
				});
			}
		})
		.pipe(schema);
}

const schemaCache = new WeakMap<RecordTable, Map<string, z.ZodTypeAny>>();

/** The zod schema of a record's values for a write mode (and the fields its switches show). */
function recordSchema(
	table: RecordTable,
	mode: WriteMode,
	fields: Field[] = fieldsFor(table, mode),
): z.ZodTypeAny {
	let cached = schemaCache.get(table);
	if (!cached) schemaCache.set(table, (cached = new Map()));
	const cacheKey = `${mode}:${fields.map((field) => field.name).join(',')}`;
	let schema = cached.get(cacheKey);
	if (!schema) {
		const labels = recordLabels(table);
		schema = z
			.object(
				Object.fromEntries(
					fields.map((field) => [
						field.name,
						isRequired(field, mode) ? present(field.schema) : field.schema.optional(),
					]),
				),
			)
			.superRefine((values: IDataObject, ctx) => {
				for (const [first, second] of table.exclusive ?? []) {
					if (values[first] !== undefined && values[second] !== undefined) {
						ctx.addIssue({
							code: z.ZodIssueCode.custom,
							path: [second],
							message: `cannot be given together with "${labels[first]}": give one of them`,
						});
					}
				}
			});
		cached.set(cacheKey, schema);
	}
	return schema;
}

const labelCache = new WeakMap<RecordTable, Record<string, string>>();

/** Field labels as the editor shows them, for validation messages (built once per table). */
function recordLabels(table: RecordTable): Record<string, string> {
	const cached = labelCache.get(table);
	if (cached) return cached;
	const prefixes = Object.fromEntries(
		table.collections.map((collection) => [collection.name, collection.labelPrefix ?? '']),
	);
	const labels = Object.fromEntries(
		table.fields.map((field) => [
			field.name,
			(field.collection ? prefixes[field.collection] : '') + field.label,
		]),
	);
	labelCache.set(table, labels);
	return labels;
}

/** The fields a write mode takes that the item's switches show (all but one of each "by name or ID" pair). */
export function shownFields(
	context: IExecuteFunctions,
	itemIndex: number,
	table: RecordTable,
	mode: WriteMode,
): Field[] {
	const fields = fieldsFor(table, mode);
	const shown = fields.filter(
		(field) =>
			!field.showWhen ||
			context.getNodeParameter(field.showWhen.parameter, itemIndex, '') === field.showWhen.value,
	);
	// The mode's own list when nothing is hidden: what is derived from it stays cached per list.
	return shown.length === fields.length ? fields : shown;
}

/**
 * Reads one item's record fields (top level and collections) and validates them for the
 * mode; throws naming the item, the field and the fix before anything is sent.
 */
export function readRecord(
	context: IExecuteFunctions,
	itemIndex: number,
	table: RecordTable,
	mode: WriteMode,
	layout: LayoutOptions = {},
): IDataObject {
	const fields = shownFields(context, itemIndex, table, mode);
	const raw: IDataObject = {};
	if (layout.onlyCollection) {
		Object.assign(
			raw,
			context.getNodeParameter(layout.onlyCollection.name, itemIndex, {}) as IDataObject,
		);
	} else {
		for (const field of fields) {
			if (field.collection === undefined) {
				raw[field.name] = context.getNodeParameter(field.name, itemIndex, '');
			}
		}
		for (const collection of table.collections) {
			Object.assign(raw, context.getNodeParameter(collection.name, itemIndex, {}) as IDataObject);
		}
	}
	// Only the fields the switches show are read, so a value left in a hidden one is never sent.
	const known = new Set(fields.map((field) => field.name));
	const input = compact(Object.fromEntries(Object.entries(raw).filter(([key]) => known.has(key))));
	return validateRecord(context, itemIndex, table, mode, input, fields);
}

/** Validates values already read, e.g. a Create or Update item about to create the record. */
export function validateRecord(
	context: IExecuteFunctions,
	itemIndex: number,
	table: RecordTable,
	mode: WriteMode,
	values: IDataObject,
	fields?: Field[],
): IDataObject {
	const schema = recordSchema(table, mode, fields);
	const valid = validateItem(context, schema, values, itemIndex, recordLabels(table));
	// Text that was only spaces is trimmed to nothing and, like an empty field, not sent.
	return compact(valid as IDataObject);
}

/**
 * Values another mode already validated, checked for what this mode adds: the fields it requires.
 * Every mode checks each field with the same schema, so only a required field that is missing or
 * blank (a password is not trimmed) can fail here; then the full validation runs, for its message.
 */
export function requireRecord(
	context: IExecuteFunctions,
	itemIndex: number,
	table: RecordTable,
	mode: WriteMode,
	validated: IDataObject,
): IDataObject {
	// The rule `present` applies to a required field, without building its messages.
	const complete = table.fields.every((field) => {
		const value = validated[field.name];
		return !isRequired(field, mode) || !(isMissing(value) || isBlank(value));
	});
	return complete ? validated : validateRecord(context, itemIndex, table, mode, validated);
}

/** The request body for the given values: each field under its vendor key. */
export function recordBody(table: RecordTable, values: IDataObject, only?: string[]): IDataObject {
	const body: IDataObject = {};
	for (const field of table.fields) {
		const value = values[field.name];
		if (value === undefined || (only && !only.includes(field.name))) continue;
		const path = field.key.split('.');
		let target = body;
		for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as IDataObject;
		target[path[path.length - 1]] = value;
	}
	return body;
}

/** A record's values without its write-only ones (passwords), as the node outputs them. */
export function visibleValues(table: RecordTable, values: IDataObject): IDataObject {
	const hidden = new Set(table.fields.filter((f) => f.compare === 'never').map((f) => f.name));
	return Object.fromEntries(Object.entries(values).filter(([name]) => !hidden.has(name)));
}
