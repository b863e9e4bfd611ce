import type { IDataObject } from 'n8n-workflow';

import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { valtRequest } from '../../transport';

const displayOptions = { show: { resource: ['room'], operation: ['getAll'] } };

export const operation = defineOperation({
	kind: 'read',
	description: returnAllProperties(displayOptions),
	read: readLimit,
	execute: async (context, itemIndex, { policy }, limit) => {
		const data = await valtRequest(context, {
			method: 'GET',
			path: '/admin/rooms',
			policy,
			itemIndex,
		});
		return applyLimit(Array.isArray(data) ? (data as IDataObject[]) : [], limit);
	},
});
