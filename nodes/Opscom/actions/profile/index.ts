import type { INodeProperties } from 'n8n-workflow';

import { operation as createOrUpdate } from './createOrUpdate.operation';

export const profileOperations = { createOrUpdate };

export const profileDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profile'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description: 'Create a new profile, or update the one with the same Unique ID',
				action: 'Create or update a profile',
			},
		],
		default: 'createOrUpdate',
	},
	...createOrUpdate.description,
];
