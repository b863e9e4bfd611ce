import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { valtRequest } from '../../transport';
import { idField, readId } from '../common';

const displayOptions = { show: { resource: ['room'], operation: ['get'] } };

export const description: INodeProperties[] = [
	idField(
		'roomId',
		'Room',
		'The room to get: pick it from the list or give its VALT ID',
		displayOptions,
		'searchRooms',
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	const id = readId(this, 'roomId', 'Room ID', itemIndex);
	return (await valtRequest(this, {
		method: 'GET',
		path: `/admin/rooms/${id}`,
		policy,
		itemIndex,
		notFound: `Room ${id}`,
	})) as IDataObject;
}
