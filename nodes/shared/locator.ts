import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { validateItem } from './validation';

export interface LocatorSpec {
	name: string;
	displayName: string;
	description: string;
	displayOptions: IDisplayOptions;
	/** The list search method behind "From List". */
	searchListMethod: string;
	/** The second mode: an id typed or given by expression. */
	byId: {
		displayName: string;
		placeholder: string;
		/** The editor's check of a typed id. */
		regex: string;
		errorMessage: string;
	};
}

/** A record picked from a searchable list loaded from the vendor, or given by its id. */
export function resourceLocator(spec: LocatorSpec): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		displayOptions: spec.displayOptions,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${spec.displayName.replace(/ ID$/, '').toLowerCase()}...`,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				// Named "id" whatever the label says: n8n's convention for the typed mode.
				displayName: spec.byId.displayName,
				name: 'id',
				type: 'string',
				placeholder: spec.byId.placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: spec.byId.regex, errorMessage: spec.byId.errorMessage },
					},
				],
			},
		],
	};
}

/** Per id schema and parameter name, the item schema built from them (built once, not per item). */
const itemSchemas = new WeakMap<z.ZodTypeAny, Map<string, z.ZodTypeAny>>();

function itemSchema(name: string, schema: z.ZodTypeAny): z.ZodTypeAny {
	let byName = itemSchemas.get(schema);
	if (!byName) itemSchemas.set(schema, (byName = new Map()));
	let built = byName.get(name);
	if (!built) byName.set(name, (built = z.object({ [name]: schema })));
	return built;
}

/** The picked record's id, validated with `schema` before anything is sent. */
export function readLocator<Schema extends z.ZodTypeAny>(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	schema: Schema,
): z.output<Schema> {
	const value = context.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const valid = validateItem(context, itemSchema(name, schema), { [name]: value }, itemIndex, {
		[name]: label,
	}) as Record<string, z.output<Schema>>;
	return valid[name];
}
