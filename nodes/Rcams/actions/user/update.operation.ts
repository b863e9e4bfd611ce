import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { readUserToken, simplifyProperty, userLocator } from '../../descriptions';
import { withRaw } from '../../output';
import { rcamsRequest } from '../../transport';
import { additionalProperties, nameProperties, profileOutput, readProfile, toBody } from './fields';

const displayOptions = { show: { resource: ['user'], operation: ['update'] } };

export const description: INodeProperties[] = [
	userLocator(displayOptions),
	{
		displayName:
			'RCAMS needs the first and last name on every update. User name, email and password cannot be changed.',
		name: 'updateNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	...nameProperties(displayOptions),
	additionalProperties(displayOptions),
	simplifyProperty(displayOptions),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	const token = readUserToken(this, itemIndex);
	const profile = readProfile(this, itemIndex, 'update');
	const response = await rcamsRequest(
		this,
		'user.php',
		{ action: 'update', usr_tokenid: token, ...toBody(profile) },
		{ policy, itemIndex },
	);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return withRaw(profileOutput(token, profile), response, simplify);
}
