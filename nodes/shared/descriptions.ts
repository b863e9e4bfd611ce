import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

type DisplayOptions = { show: Record<string, string[]> };

/** "Return All" and "Limit" for Get Many operations (n8n's usual pair). */
export function returnAllProperties(displayOptions: DisplayOptions): INodeProperties[] {
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

/** The vendors' lists have no pagination: the whole list comes back and Limit cuts it here. */
export function applyLimit<T = IDataObject>(
	context: IExecuteFunctions,
	itemIndex: number,
	all: T[],
): T[] {
	if (context.getNodeParameter('returnAll', itemIndex, false)) return all;
	return all.slice(0, context.getNodeParameter('limit', itemIndex, 50) as number);
}
