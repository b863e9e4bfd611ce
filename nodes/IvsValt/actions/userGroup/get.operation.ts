import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { valtRequest } from '../../transport';
import { idField, readId } from '../common';

const displayOptions = { show: { resource: ['userGroup'], operation: ['get'] } };

export const description: INodeProperties[] = [
	idField(
		'userGroupId',
		'User Group ID',
		'The VALT ID of the user group, e.g. 7',
		displayOptions,
		'searchUserGroups',
	),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	const id = readId(this, 'userGroupId', 'User Group ID', itemIndex);
	return (await valtRequest(this, {
		method: 'GET',
		path: `/admin/user_groups/${id}`,
		policy,
		itemIndex,
		notFound: `User Group ${id}`,
	})) as IDataObject;
}
