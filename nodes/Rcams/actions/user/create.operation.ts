import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { simplifyProperty } from '../../descriptions';
import { withRaw } from '../../output';
import {
	additionalProperties,
	loginProperties,
	nameProperties,
	profileOutput,
	readProfile,
	toBody,
} from './fields';
import { insertUser } from './users';

const displayOptions = { show: { resource: ['user'], operation: ['create'] } };

export const description: INodeProperties[] = [
	...nameProperties(displayOptions),
	...loginProperties(displayOptions),
	additionalProperties(displayOptions),
	simplifyProperty(displayOptions),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	const profile = readProfile(this, itemIndex, 'create');
	const response = await insertUser(this, toBody(profile), policy, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return withRaw(profileOutput(String(response.user_token), profile), response, simplify);
}
