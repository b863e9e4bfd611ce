import type { INodeProperties } from 'n8n-workflow';

import { operation as getAll } from './getMany.operation';

export const districtOperations = { getAll };

export const districtDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['district'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the districts in RCAMS',
				action: 'Get many districts',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
