import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { listRooms } from '../../transport';

const displayOptions = { show: { resource: ['room'], operation: ['getAll'] } };

export const operation = defineOperation({
	kind: 'read',
	description: returnAllProperties(displayOptions),
	read: readLimit,
	execute: async (context, itemIndex, { policy }, limit) =>
		applyLimit(await listRooms(context, { policy, itemIndex }), limit),
});
