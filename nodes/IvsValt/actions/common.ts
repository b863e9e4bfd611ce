import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
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
