import type { IDataObject } from 'n8n-workflow';

import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { opscomRequest } from '../../transport';

const displayOptions = { show: { resource: ['userType'], operation: ['getAll'] } };

export const operation = defineOperation({
	kind: 'read',
	description: returnAllProperties(displayOptions),
	read: readLimit,
	execute: async (context, itemIndex, { policy }, limit) => {
		const response = await opscomRequest(context, {
			path: 'profiles/types/list',
			policy,
			itemIndex,
		});
		const userTypes = (response.user_types as IDataObject[] | undefined) ?? [];
		return applyLimit(userTypes, limit);
	},
});
