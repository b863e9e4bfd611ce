import type { INodeProperties } from 'n8n-workflow';

import { operation as get } from './get.operation';
import { operation as getAll } from './getMany.operation';

export const roomOperations = { get, getAll };

export const roomDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['room'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a room by ID',
				action: 'Get a room',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the interview rooms and their cameras',
				action: 'Get many rooms',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
