import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { readUserToken, simplifyProperty, userLocator } from '../../descriptions';
import { normalizeUser, vendorFields, withRaw } from '../../output';
import { rcamsRequest } from '../../transport';

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const description: INodeProperties[] = [
	userLocator(displayOptions),
	simplifyProperty(displayOptions),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	const token = readUserToken(this, itemIndex);
	const response = await rcamsRequest(this, {
		path: 'user.php',
		body: { action: 'get', usr_tokenid: token },
		policy,
		itemIndex,
	});
	const user = vendorFields(response);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return withRaw(normalizeUser(user), user, simplify);
}
