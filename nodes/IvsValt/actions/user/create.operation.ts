import { createOne } from '../../../shared/write';
import { USER } from './fields';
import { createUser } from './requests';

export const operation = createOne(
	{
		table: USER,
		mapping: 'getUserFields',
		keyField: 'userName',
		create: async (context, values, call) => ({
			record: { id: await createUser(context, values, call) },
		}),
	},
	{ show: { resource: ['user'], operation: ['create'] } },
);
