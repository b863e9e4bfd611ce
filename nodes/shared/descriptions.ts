import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { runSwitch } from './parameters';
import { numberInRange, shown } from './validation';

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

const limitSchema = z.object({ limit: numberInRange({ min: 1, integer: true }) });

/**
 * The Limit of a Get Many item, or undefined with Return All on. Read before anything is sent:
 * a Limit that is not a whole number of 1 or more (NaN from an expression, say) fails the item.
 */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false)) return undefined;
	const limit = context.getNodeParameter('limit', itemIndex, 50);
	const result = limitSchema.safeParse({ limit });
	if (result.success) return result.data.limit;
	throw new NodeOperationError(
		context.getNode(),
		`Invalid input on item ${itemIndex}: "Limit" ${shown(limit)} ${result.error.issues[0].message}`,
		{
			itemIndex,
			description:
				'Nothing was sent for this item. Fix the Limit, or the expression that fills it, or turn on Return All.',
		},
	);
}

/** The vendors' lists have no pagination: the whole list comes back and Limit cuts it here. */
export function applyLimit<T = IDataObject>(all: T[], limit: number | undefined): T[] {
	return limit === undefined ? all : all.slice(0, limit);
}

/** n8n's Simplify switch: on, the node's tidy fields; off, also the vendor's own answer under `raw`. */
export function simplifyProperty(
	displayOptions: IDisplayOptions,
	description: string,
): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions,
		description,
	};
}

/** Simplify's value for an item (on by default). */
export function readSimplify(context: IExecuteFunctions, itemIndex: number): boolean {
	return runSwitch<boolean>(context, 'simplify', itemIndex, true);
}

/** With Simplify off, the vendor's fields ride along under `raw`, exactly as sent. */
export function withRaw(simplified: IDataObject, raw: IDataObject, simplify: boolean): IDataObject {
	return simplify ? simplified : { ...simplified, raw };
}
