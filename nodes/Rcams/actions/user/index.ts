import type { INodeProperties } from 'n8n-workflow';

import { operation as assignDistricts } from './assignDistricts.operation';
import { operation as create } from './create.operation';
import { operation as createOrUpdate } from './createOrUpdate.operation';
import { operation as deleteUser } from './delete.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getMany.operation';
import { operation as removeApproved } from './removeApproved.operation';
import { operation as removeLeavers } from './removeLeavers.operation';
import { operation as update } from './update.operation';

export const userOperations = {
	assignDistricts,
	create,
	createOrUpdate,
	delete: deleteUser,
	get,
	getAll,
	removeApproved,
	removeLeavers,
	update,
};

export const userDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Assign Districts',
				value: 'assignDistricts',
				description: 'Give a user access to districts (and their schools, groups and lights)',
				action: 'Assign districts to a user',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a new user',
				action: 'Create a user',
			},
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description: 'Create a new user, or update the one with the same email or user name',
				action: 'Create or update a user',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a user permanently',
				action: 'Delete a user',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a user, with their login name and districts',
				action: 'Get a user',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List RCAMS users',
				action: 'Get many users',
			},
			{
				name: 'Remove Approved Leavers',
				value: 'removeApproved',
				description:
					'Delete exactly the users a Remove Leavers node held for approval, once a person approved them',
				action: 'Remove approved leavers',
			},
			{
				name: 'Remove Leavers',
				value: 'removeLeavers',
				description:
					'Delete the users this sync manages who are not in the roster, within safe limits',
				action: 'Remove users who left the roster',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a user's name, phone, picture or notes",
				action: 'Update a user',
			},
		],
		default: 'create',
	},
	...assignDistricts.description,
	...create.description,
	...createOrUpdate.description,
	...deleteUser.description,
	...get.description,
	...getAll.description,
	...removeApproved.description,
	...removeLeavers.description,
	...update.description,
];
