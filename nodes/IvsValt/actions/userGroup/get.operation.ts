import type { IDataObject } from 'n8n-workflow';

import { defineOperation } from '../../../shared/operation';
import { valtRequest } from '../../transport';
import { idField, readId } from '../common';

const displayOptions = { show: { resource: ['userGroup'], operation: ['get'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [
		idField(
			'userGroupId',
			'User Group ID',
			'The VALT ID of the user group, e.g. 7',
			displayOptions,
			'searchUserGroups',
		),
	],
	read: (context, itemIndex) => readId(context, 'userGroupId', 'User Group ID', itemIndex),
	execute: async (context, itemIndex, { policy }, id) =>
		(await valtRequest(context, {
			method: 'GET',
			path: `/admin/user_groups/${id}`,
			policy,
			itemIndex,
			notFound: `User Group ${id}`,
		})) as IDataObject,
});
