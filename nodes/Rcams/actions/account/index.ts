import type { INodeProperties } from 'n8n-workflow';

import { operation as getMyData } from './getMyData.operation';

export const accountOperations = { getMyData };

export const accountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get My Data',
				value: 'getMyData',
				description: 'Get the districts, schools, groups and Wi-Fi networks the API user can reach',
				action: 'Get my data',
			},
		],
		default: 'getMyData',
	},
	...getMyData.description,
];
