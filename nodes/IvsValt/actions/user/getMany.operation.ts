import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OperationContext } from '../../../shared/operation';
import { text, validateItem } from '../../../shared/validation';
import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { listUsers } from './requests';

const displayOptions = { show: { resource: ['user'], operation: ['getAll'] } };

export const description: INodeProperties[] = [
	...returnAllProperties(displayOptions),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Card Number',
				name: 'cardNumber',
				type: 'string',
				default: '',
				description:
					'Only the user with this RFID card number or keypad PIN (exact match, leading zeros count)',
			},
		],
	},
];

const filterSchema = z.object({ cardNumber: text().optional() });

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const input = filters.cardNumber === '' ? {} : filters;
	const { cardNumber } = validateItem(this, filterSchema, input, itemIndex, {
		cardNumber: 'Card Number',
	});
	const limit = readLimit(this, itemIndex);
	const users = await listUsers(this, { policy, itemIndex }, cardNumber || undefined);
	return applyLimit(users, limit);
}
