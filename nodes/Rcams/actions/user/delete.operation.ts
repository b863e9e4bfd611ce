import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { readUserToken, userLocator } from '../../descriptions';
import { rcamsRequest } from '../../transport';

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

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	const token = readUserToken(this, itemIndex);
	await rcamsRequest(
		this,
		'user.php',
		{ action: 'remove', usr_tokenid: token },
		{ policy, itemIndex },
	);
	return { deleted: true };
}
