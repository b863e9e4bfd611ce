import type {
	FieldType,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	readRecord,
	shownFields,
	validateRecord,
	type Field,
	type LayoutOptions,
	type RecordTable,
	type WriteMode,
} from './fields';
import { compact } from './validation';

/**
 * Node version 2 maps a record's fields with n8n's resource mapper, as Airtable v2 and Postgres
 * do: "Map Automatically" takes each item's columns whose names match a field (no expression per
 * field per person: a nightly run over 50,000 people pays nothing per field), "Map Each Field
 * Manually" takes a value or an expression per field. Version 1 keeps its field-per-parameter
 * layout, so every saved workflow keeps loading and running.
 */
export const MAPPED_VERSION = 2;

/** The resource mapper parameter's name. */
export const MAPPING = 'fields';

const AUTO = 'autoMapInputData';

export const isMapped = (context: IExecuteFunctions) =>
	context.getNode().typeVersion >= MAPPED_VERSION;

/** Shows editor properties only on the given node versions (n8n's `@version` display option). */
export function onVersions(properties: INodeProperties[], versions: number[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, '@version': versions },
		},
	}));
}

/** An operation's display options, narrowed to the versions that map fields (2 on). */
export function fromMappedVersion(displayOptions: { show: Record<string, string[]> }) {
	return { show: { ...displayOptions.show, '@version': [{ _cnd: { gte: MAPPED_VERSION } }] } };
}

/**
 * The resource mapper parameter of a record's fields, filled by the node's `resourceMapping`
 * method; shown from version 2 on, where the operation's version 1 fields are hidden.
 */
export function mappingProperty(
	method: string,
	displayOptions: { show: Record<string, string[]> },
	/** Parameters whose value changes the fields listed (e.g. a "by name or ID" switch). */
	dependsOn: string[] = [],
): INodeProperties {
	return {
		displayName: 'Fields',
		name: MAPPING,
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		displayOptions: fromMappedVersion(displayOptions),
		typeOptions: {
			...(dependsOn.length > 0 ? { loadOptionsDependsOn: dependsOn } : {}),
			resourceMapper: {
				resourceMapperMethod: method,
				// 'add': no "match on" column to choose; the vendor's key is fixed (or the node's Match On).
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
	};
}

/** A field's names an input column may carry, compared without case, spaces or punctuation. */
const simple = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const aliasCache = new WeakMap<RecordTable, Map<string, Field>>();

/**
 * Each field by the names a column may give it: its node name (`firstName`), its label
 * (`First Name`) and its vendor key (`first_name`). An alias two fields share names neither.
 */
function aliases(table: RecordTable): Map<string, Field> {
	let byAlias = aliasCache.get(table);
	if (byAlias) return byAlias;
	const claims = new Map<string, Set<Field>>();
	for (const field of table.fields) {
		for (const name of [field.name, field.label, field.key]) {
			const alias = simple(name);
			if (!claims.has(alias)) claims.set(alias, new Set());
			claims.get(alias)!.add(field);
		}
	}
	byAlias = new Map();
	for (const [alias, fields] of claims) {
		if (fields.size === 1) byAlias.set(alias, [...fields][0]);
	}
	aliasCache.set(table, byAlias);
	return byAlias;
}

const matchCache = new WeakMap<RecordTable, Map<string, Map<string, string[]>>>();

/** The columns that match each field, for one set of column names (computed once per column layout). */
function matchColumns(table: RecordTable, columns: string[]): Map<string, string[]> {
	let byLayout = matchCache.get(table);
	if (!byLayout) matchCache.set(table, (byLayout = new Map()));
	const layout = columns.join('\u0000');
	let matched = byLayout.get(layout);
	if (!matched) {
		matched = new Map();
		const byAlias = aliases(table);
		for (const column of columns) {
			const field = byAlias.get(simple(column));
			if (field) matched.set(field.name, [...(matched.get(field.name) ?? []), column]);
		}
		if (byLayout.size > 100) byLayout.clear();
		byLayout.set(layout, matched);
	}
	return matched;
}

const modes = new WeakMap<IExecuteFunctions, string>();

/** The mapping mode, read once per run: the parameter takes no expression (`noDataExpression`). */
function modeOf(context: IExecuteFunctions): string {
	let mode = modes.get(context);
	if (mode === undefined) {
		mode = context.getNodeParameter(`${MAPPING}.mappingMode`, 0, AUTO) as string;
		modes.set(context, mode);
	}
	return mode;
}

const namesCache = new WeakMap<Field[], Set<string>>();

/** The names of a list of fields, once per list (a table's, or a mode's: see shownFields). */
function fieldNames(fields: Field[]): Set<string> {
	let names = namesCache.get(fields);
	if (!names) namesCache.set(fields, (names = new Set(fields.map((field) => field.name))));
	return names;
}

/**
 * The record values of one item as the resource mapper gives them, not yet validated: the
 * item's matching columns ("Map Automatically") or the fields mapped below. Only `fields` are
 * taken (by default the table's; an Update's, or those a "by name or ID" switch shows, are fewer).
 */
export function readMapped(
	context: IExecuteFunctions,
	itemIndex: number,
	table: RecordTable,
	writeMode: WriteMode,
	fields: Field[] = table.fields,
): IDataObject {
	const known = fieldNames(fields);
	if (modeOf(context) !== AUTO) {
		const value = context.getNodeParameter(
			`${MAPPING}.value`,
			itemIndex,
			{},
			{
				// Our own schemas check every value, with messages that name the field and the fix.
				skipValidation: true,
			},
		) as IDataObject | null;
		return Object.fromEntries(Object.entries(value ?? {}).filter(([name]) => known.has(name)));
	}
	const row = context.getInputData()[itemIndex]?.json ?? {};
	const values: IDataObject = {};
	for (const [name, columns] of matchColumns(table, Object.keys(row))) {
		if (!known.has(name)) continue;
		if (columns.length > 1) {
			const field = table.fields.find((candidate) => candidate.name === name)!;
			throw new NodeOperationError(
				context.getNode(),
				`The input has ${columns.length} columns for "${field.label}": ${columns.map((c) => `"${c}"`).join(', ')}`,
				{
					itemIndex,
					description:
						'Map Automatically takes a field from the column named like it. Rename or remove all but one of these columns (e.g. with an Edit Fields node), or choose Map Each Field Manually.',
				},
			);
		}
		values[name] = row[columns[0]];
	}
	// A field version 1 prefilled (e.g. a login source) keeps that value when no column gives one;
	// an Update sends only what the item gives.
	for (const field of writeMode === 'update' ? [] : fields) {
		const preset = presetOf(field);
		if (preset !== undefined && !(field.name in values)) values[field.name] = preset;
	}
	const missing = fields.find(
		(field) => field.required?.includes(writeMode) && !(field.name in values),
	);
	if (missing) throw missingColumn(context, itemIndex, missing, Object.keys(row));
	return values;
}

/**
 * One item's record values for a write mode, validated: from the resource mapper from version 2
 * on, from version 1's parameters before. Throws naming the item, the field and the fix.
 */
export function readFields(
	context: IExecuteFunctions,
	itemIndex: number,
	table: RecordTable,
	mode: WriteMode,
	layout: LayoutOptions = {},
): IDataObject {
	if (!isMapped(context)) return readRecord(context, itemIndex, table, mode, layout);
	const fields = shownFields(context, itemIndex, table, mode);
	const values = compact(readMapped(context, itemIndex, table, mode, fields));
	return validateRecord(context, itemIndex, table, mode, values, fields);
}

/** The value an editor field starts with, if it has one (a text or a number, not an empty one). */
function presetOf(field: Field): string | number | undefined {
	const preset = field.editor?.default;
	return (typeof preset === 'string' && preset !== '') || typeof preset === 'number'
		? preset
		: undefined;
}

/** The column names Map Automatically takes a field from, quoted: `"firstName" or "First Name" or "first_name"`. */
const namesOf = (field: Field) =>
	[...new Set([field.name, field.label, field.key])].map((name) => `"${name}"`).join(' or ');

/** An item's columns as a message lists them: the first dozen. */
function columnsOf(columns: string[]): string {
	const shown = columns.slice(0, 12).map((column) => `"${column}"`);
	const more = columns.length > shown.length ? ', …' : '';
	return `${shown.join(', ') || 'no columns'}${more}`;
}

/** A required field Map Automatically found no column for: which names it looked for, and the fix. */
function missingColumn(
	context: IExecuteFunctions,
	itemIndex: number,
	field: Field,
	columns: string[],
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Invalid input on item ${itemIndex}: "${field.label}" is required, and the input has no column for it`,
		{
			itemIndex,
			description: `Map Automatically takes "${field.label}" from a column named ${namesOf(field)} (case, spaces and punctuation do not matter); this item has ${columnsOf(columns)}. Rename the column that holds it (e.g. with an Edit Fields node), or choose Map Each Field Manually. Nothing was sent for this item.`,
		},
	);
}

/**
 * An item that gives none of several fields one of which is needed (e.g. a user token or an
 * email): the fields, what `why` says, and the fix; with Map Automatically, the column names
 * looked for and the item's columns.
 */
export function noneOf(
	context: IExecuteFunctions,
	itemIndex: number,
	table: RecordTable,
	names: string[],
	why: string,
): NodeOperationError {
	const fields = table.fields.filter((field) => names.includes(field.name));
	const labels = fields.map((field) => `"${field.label}"`).join(' or ');
	const fix =
		modeOf(context) === AUTO
			? `Map Automatically takes ${fields.map((field) => `"${field.label}" from a column named ${namesOf(field)}`).join(', and ')} (case, spaces and punctuation do not matter); this item has ${columnsOf(Object.keys(context.getInputData()[itemIndex]?.json ?? {}))}. Rename the column that holds one (e.g. with an Edit Fields node), or choose Map Each Field Manually.`
			: `Map one of them below, e.g. with an expression.`;
	return new NodeOperationError(
		context.getNode(),
		`Invalid input on item ${itemIndex}: ${labels} is required`,
		{ itemIndex, description: `${why} ${fix} Nothing was sent for this item.` },
	);
}

/** The fix for a version 2 Update item that gives no field; with Map Automatically, the columns it has. */
export function nothingMappedFix(context: IExecuteFunctions, itemIndex: number): string {
	const fix =
		modeOf(context) === AUTO
			? `Map Automatically takes each field from the column named like it (its name, label or vendor key; case, spaces and punctuation do not matter), and this item has ${columnsOf(Object.keys(context.getInputData()[itemIndex]?.json ?? {}))} with no value for any field. Rename the columns that hold the new values (e.g. with an Edit Fields node), or choose Map Each Field Manually.`
			: 'Map at least one field under "Fields", e.g. with an expression.';
	return `${fix} Nothing was sent for this item.`;
}

/** The resource mapper's field type for a field's editor type. */
function typeOf(field: Field, options: INodePropertyOptions[] | undefined): FieldType {
	if (options) return 'options';
	if (field.editor?.type === 'dateTime') return 'dateTime';
	if (field.editor?.type === 'boolean') return 'boolean';
	return 'string';
}

type LoadOptions = Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>;

/** A dropdown's choices: listed in the field, or loaded from the vendor (none if that fails). */
async function choicesOf(
	context: ILoadOptionsFunctions,
	field: Field,
	loadOptions: LoadOptions,
): Promise<INodePropertyOptions[] | undefined> {
	if (field.editor?.type !== 'options') return undefined;
	if (field.editor.options) return field.editor.options as INodePropertyOptions[];
	const method = field.editor.typeOptions?.loadOptionsMethod;
	if (typeof method !== 'string' || !loadOptions[method]) return undefined;
	try {
		return await loadOptions[method].call(context);
	} catch {
		// Without the vendor's list the field still takes an ID, typed or mapped.
		return undefined;
	}
}

/** The write mode of an operation that maps a record's fields: Create, Update, else Create or Update's. */
const writeModes: Record<string, WriteMode> = { create: 'create', update: 'update' };

/**
 * The node's `resourceMapping` method for a record table: every field the operation can send (an
 * Update's changeable ones; of a "by name or ID" pair, the one its switch shows), the required
 * ones first in the editor, dropdowns loaded like version 1's.
 */
export function mappingFields(table: RecordTable, loadOptions: LoadOptions = {}) {
	return async function (this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		const operation = this.getCurrentNodeParameter('operation');
		const mode = writeModes[String(operation)] ?? 'upsert';
		const fields: ResourceMapperField[] = [];
		for (const field of table.fields) {
			if (mode === 'update' && field.updatable === false) continue;
			const shownBy = field.showWhen && this.getCurrentNodeParameter(field.showWhen.parameter);
			if (shownBy !== undefined && shownBy !== field.showWhen?.value) continue;
			const options = await choicesOf(this, field, loadOptions);
			const required = field.required?.includes(mode) ?? false;
			fields.push({
				id: field.name,
				displayName: field.label,
				required,
				defaultMatch: false,
				canBeUsedToMatch: false,
				display: true,
				type: typeOf(field, options),
				...(options ? { options } : {}),
				...(presetOf(field) === undefined ? {} : { defaultValue: presetOf(field) }),
				...(required ? {} : { removed: true }),
			});
		}
		return { fields };
	};
}
