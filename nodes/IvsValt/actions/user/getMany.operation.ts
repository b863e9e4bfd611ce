import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { text, validateItem } from '../../../shared/validation';
import { listUsers } from './requests';

const displayOptions = { show: { resource: ['user'], operation: ['getAll'] } };

const filterSchema = z.object({ cardNumber: text().optional() });

export const operation = defineOperation({
	kind: 'read',
	description: [
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
	],
	read: (context, itemIndex) => {
		const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const input = filters.cardNumber === '' ? {} : filters;
		const { cardNumber } = validateItem(context, filterSchema, input, itemIndex, {
			cardNumber: 'Card Number',
		});
		return { cardNumber: cardNumber || undefined, limit: readLimit(context, itemIndex) };
	},
	execute: async (context, itemIndex, { policy }, { cardNumber, limit }) =>
		applyLimit(await listUsers(context, { policy, itemIndex }, cardNumber), limit),
});
