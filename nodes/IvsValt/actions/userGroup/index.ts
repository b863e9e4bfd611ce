import type { INodeProperties } from 'n8n-workflow';

import { operation as get } from './get.operation';
import { operation as getAll } from './getMany.operation';

export const userGroupOperations = { get, getAll };

export const userGroupDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['userGroup'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a user group by ID',
				action: 'Get a user group',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the user groups, which set users' rights",
				action: 'Get many user groups',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
