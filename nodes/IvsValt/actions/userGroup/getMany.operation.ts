import type { IDataObject } from 'n8n-workflow';

import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { valtRequest } from '../../transport';

const displayOptions = { show: { resource: ['userGroup'], operation: ['getAll'] } };

export const operation = defineOperation({
	kind: 'read',
	description: returnAllProperties(displayOptions),
	read: readLimit,
	execute: async (context, itemIndex, { policy }, limit) => {
		const data = await valtRequest(context, {
			method: 'GET',
			path: '/admin/user_groups',
			policy,
			itemIndex,
		});
		return applyLimit(
			((data as IDataObject | undefined)?.userGroups as IDataObject[] | undefined) ?? [],
			limit,
		);
	},
});
