import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { simplifyProperty } from '../../descriptions';
import { normalizeUser, withRaw } from '../../output';
import { listUsers } from '../../transport';

const displayOptions = { show: { resource: ['user'], operation: ['getAll'] } };

export const description: INodeProperties[] = [
	...returnAllProperties(displayOptions),
	{
		...simplifyProperty(displayOptions),
		description:
			'Whether to return only the node\'s tidy field names (userToken, fullName, email…). RCAMS\'s list has no login name: use Get for "userName". Turn off to also get RCAMS\'s own fields, exactly as it sent them, under "raw".',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const users = applyLimit(await listUsers(this, { policy, itemIndex }), limit);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return users.map((user) => withRaw(normalizeUser(user), user, simplify));
}
