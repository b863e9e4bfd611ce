import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { listUserGroups } from '../../transport';

const displayOptions = { show: { resource: ['userGroup'], operation: ['getAll'] } };

export const operation = defineOperation({
	kind: 'read',
	description: returnAllProperties(displayOptions),
	read: readLimit,
	execute: async (context, itemIndex, { policy }, limit) =>
		applyLimit(await listUserGroups(context, { policy, itemIndex }), limit),
});
