import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { integerId, validateItem } from '../../shared/validation';

type DisplayOptions = { show: Record<string, string[]> };

/** The "<Thing> ID" field of a Get or Update. */
export function idField(
	name: string,
	displayName: string,
	description: string,
	displayOptions: DisplayOptions,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: '48',
		displayOptions,
		description,
	};
}

/** Reads an id field; a value that is not a whole number fails before anything is sent. */
export function readId(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): number {
	const input = { [name]: context.getNodeParameter(name, itemIndex) };
	const schema = z.object({ [name]: integerId() });
	return validateItem(context, schema, input, itemIndex, { [name]: label })[name] as number;
}

/** Return All / Limit, as every n8n "Get Many" offers them. */
export function returnAllFields(displayOptions: DisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { ...displayOptions.show, returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/** VALT lists have no pagination: the whole list comes back and Limit cuts it here. */
export function limitResults(
	context: IExecuteFunctions,
	itemIndex: number,
	list: IDataObject[],
): IDataObject[] {
	if (context.getNodeParameter('returnAll', itemIndex, false)) return list;
	return list.slice(0, context.getNodeParameter('limit', itemIndex, 50) as number);
}
