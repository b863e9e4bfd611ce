import type { INodeProperties } from 'n8n-workflow';

import { operation as create } from './create.operation';

export const vehicleOperations = { create };

export const vehicleDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['vehicle'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a vehicle to OPSCOM by its plate',
				action: 'Create a vehicle',
			},
		],
		default: 'create',
	},
	...create.description,
];
