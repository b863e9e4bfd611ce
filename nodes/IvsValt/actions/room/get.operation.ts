import type { IDataObject } from 'n8n-workflow';

import { defineOperation } from '../../../shared/operation';
import { valtRequest } from '../../transport';
import { idField, readId } from '../common';

const displayOptions = { show: { resource: ['room'], operation: ['get'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [
		idField(
			'roomId',
			'Room',
			'The room to get: pick it from the list or give its VALT ID',
			displayOptions,
			'searchRooms',
		),
	],
	read: (context, itemIndex) => readId(context, 'roomId', 'Room ID', itemIndex),
	execute: async (context, itemIndex, { policy }, id) =>
		(await valtRequest(context, {
			method: 'GET',
			path: `/admin/rooms/${id}`,
			policy,
			itemIndex,
			notFound: `Room ${id}`,
		})) as IDataObject,
});
