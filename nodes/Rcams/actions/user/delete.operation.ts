import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { readUserToken, userLocator } from '../../descriptions';
import { removeUser } from './users';

const displayOptions = { show: { resource: ['user'], operation: ['delete'] } };

export const description: INodeProperties[] = [
	userLocator(displayOptions),
	{
		displayName: 'Deleting a user is permanent: RCAMS cannot undo it',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
];

export function read(this: IExecuteFunctions, itemIndex: number): string {
	return readUserToken(this, itemIndex);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ settings }: OperationContext<undefined>,
	token: string,
): Promise<IDataObject> {
	if (settings.preview) return { action: 'removed', userToken: token, preview: true };
	await removeUser(this, token, { policy: settings.policy, itemIndex });
	return { action: 'removed', userToken: token, deleted: true };
}
