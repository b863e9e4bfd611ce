import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { valtRequest } from '../../transport';
import { idField, readId } from '../common';

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const description: INodeProperties[] = [
	idField(
		'userId',
		'User',
		'The user to get: pick it from the list or give its VALT ID',
		displayOptions,
		'searchUsers',
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	const id = readId(this, 'userId', 'User ID', itemIndex);
	return (await valtRequest(this, {
		method: 'GET',
		path: `/admin/users/${id}`,
		policy,
		itemIndex,
		notFound: `User ${id}`,
	})) as IDataObject;
}
