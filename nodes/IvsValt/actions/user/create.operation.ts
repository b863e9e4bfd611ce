import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { compact, validateItem } from '../../../shared/validation';
import {
	additionalFields,
	newUserSchema,
	passwordField,
	savedUser,
	toBody,
	USER_LABELS,
	userNameField,
} from './fields';
import { createUser } from './requests';

const displayOptions = { show: { resource: ['user'], operation: ['create'] } };

export const description: INodeProperties[] = [
	{
		...userNameField('The name the person logs in to VALT with; it must not exist yet'),
		displayOptions,
	},
	{ ...passwordField(true, 'The password for the new VALT user'), displayOptions },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: additionalFields,
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	const input = compact({
		userName: this.getNodeParameter('userName', itemIndex),
		password: this.getNodeParameter('password', itemIndex),
		...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	});
	const body = toBody(validateItem(this, newUserSchema, input, itemIndex, USER_LABELS));
	const id = await createUser(this, body, { policy, itemIndex });
	return savedUser(id, body);
}
