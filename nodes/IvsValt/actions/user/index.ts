import type { INodeProperties } from 'n8n-workflow';

import { operation as create } from './create.operation';
import { operation as createOrUpdate } from './createOrUpdate.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getMany.operation';
import { operation as update } from './update.operation';

export const userOperations = { create, createOrUpdate, get, getAll, update };

export const userDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a new VALT user',
				action: 'Create a user',
			},
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description: 'Create a new user, or update the one with the same user name',
				action: 'Create or update a user',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a user by ID',
				action: 'Get a user',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List users, optionally by card number',
				action: 'Get many users',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change fields of a user by ID',
				action: 'Update a user',
			},
		],
		default: 'createOrUpdate',
	},
	...create.description,
	...createOrUpdate.description,
	...get.description,
	...getAll.description,
	...update.description,
];
