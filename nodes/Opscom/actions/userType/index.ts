import type { INodeProperties } from 'n8n-workflow';

import { operation as getAll } from './getMany.operation';

export const userTypeOperations = { getAll };

export const userTypeDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['userType'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the user types defined in OPSCOM',
				action: 'Get many user types',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
