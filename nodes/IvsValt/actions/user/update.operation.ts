import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { updateOne } from '../../../shared/write';
import { idField, readId } from '../common';
import { USER } from './fields';
import { editUser } from './requests';

const displayOptions = { show: { resource: ['user'], operation: ['update'] } };

function requireSomething(context: IExecuteFunctions, itemIndex: number, values: IDataObject) {
	if (Object.keys(values).length > 0) return;
	throw new NodeOperationError(context.getNode(), `Nothing to update on item ${itemIndex}`, {
		itemIndex,
		description: 'Add at least one field under "Update Fields".',
	});
}

export const operation = updateOne(
	{
		table: USER,
		keyField: 'userName',
		record: {
			description: idField(
				'userId',
				'User ID',
				'The VALT ID of the user to update, e.g. 48',
				displayOptions,
				'searchUsers',
			),
			readId: (context, itemIndex) => readId(context, 'userId', 'User ID', itemIndex),
			recordOf: (id) => ({ id }),
		},
		update: async (context, id, values, call) => ({
			record: { id: await editUser(context, id, values, call) },
		}),
	},
	displayOptions,
	{ onlyCollection: { name: 'updateFields', displayName: 'Update Fields' } },
	requireSomething,
);
