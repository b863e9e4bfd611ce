import { updateOne } from '../../../shared/write';
import { idField, readId } from '../common';
import { USER } from './fields';
import { editUser } from './requests';

const displayOptions = { show: { resource: ['user'], operation: ['update'] } };

export const operation = updateOne(
	{
		table: USER,
		mapping: 'getUserFields',
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
);
