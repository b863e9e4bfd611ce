import type { IDataObject } from 'n8n-workflow';

import { defineOperation } from '../../../shared/operation';
import { valtRequest } from '../../transport';
import { idField, readId } from '../common';

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [
		idField(
			'userId',
			'User',
			'The user to get: pick it from the list or give its VALT ID',
			displayOptions,
			'searchUsers',
		),
	],
	read: (context, itemIndex) => readId(context, 'userId', 'User ID', itemIndex),
	execute: async (context, itemIndex, { policy }, id) =>
		(await valtRequest(context, {
			method: 'GET',
			path: `/admin/users/${id}`,
			policy,
			itemIndex,
			notFound: `User ${id}`,
		})) as IDataObject,
});
