import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readLocator, resourceLocator } from '../../shared/locator';
import { integerId } from '../../shared/validation';

/**
 * The record a Get or Update works on: picked from a searchable list loaded from VALT,
 * or given as an ID (typed or by expression).
 */
export function idField(
	name: string,
	displayName: string,
	description: string,
	displayOptions: IDisplayOptions,
	searchListMethod: string,
): INodeProperties {
	return resourceLocator({
		name,
		displayName,
		description,
		displayOptions,
		searchListMethod,
		byId: {
			displayName: 'By ID',
			placeholder: '48',
			regex: '^\\s*\\d+\\s*$',
			errorMessage: 'A VALT ID is a whole number, e.g. 48',
		},
	});
}

/** Reads an id field; a value that is not a whole number fails before anything is sent. */
export function readId(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): number {
	return readLocator(context, itemIndex, name, label, integerId()) as number;
}
