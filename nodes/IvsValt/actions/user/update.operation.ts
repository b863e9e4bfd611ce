import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { compact, validateItem } from '../../../shared/validation';
import { idField, readId } from '../common';
import { savedUser, toBody, updateFields, USER_LABELS, userSchema } from './fields';
import { editUser } from './requests';

const displayOptions = { show: { resource: ['user'], operation: ['update'] } };

export const description: INodeProperties[] = [
	idField(
		'userId',
		'User ID',
		'The VALT ID of the user to update, e.g. 48',
		displayOptions,
		'searchUsers',
	),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions,
		options: updateFields,
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	const id = readId(this, 'userId', 'User ID', itemIndex);
	const input = compact(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	const body = toBody(validateItem(this, userSchema, input, itemIndex, USER_LABELS));
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), `Nothing to update on item ${itemIndex}`, {
			itemIndex,
			description: 'Add at least one field under "Update Fields".',
		});
	}
	return savedUser(await editUser(this, id, body, { policy, itemIndex }), body);
}
