import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { integerId, validateItem } from '../../shared/validation';

type DisplayOptions = { show: Record<string, string[]> };

/**
 * The record a Get or Update works on: picked from a searchable list loaded from VALT,
 * or given as an ID (typed or by expression).
 */
export function idField(
	name: string,
	displayName: string,
	description: string,
	displayOptions: DisplayOptions,
	searchListMethod: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		displayOptions,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '48',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*\\d+\\s*$',
							errorMessage: 'A VALT ID is a whole number, e.g. 48',
						},
					},
				],
			},
		],
	};
}

/** Reads an id field; a value that is not a whole number fails before anything is sent. */
export function readId(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): number {
	const input = {
		[name]: context.getNodeParameter(name, itemIndex, undefined, { extractValue: true }),
	};
	const schema = z.object({ [name]: integerId() });
	return validateItem(context, schema, input, itemIndex, { [name]: label })[name] as number;
}

/** Return All / Limit, as every n8n "Get Many" offers them. */
