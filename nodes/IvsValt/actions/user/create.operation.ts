import { createOne } from '../../../shared/write';
import { savedUser, USER } from './fields';
import { createUser } from './requests';

export const operation = createOne(
	{
		table: USER,
		create: async (context, values, call) => ({
			record: { id: await createUser(context, values, call) },
		}),
		output: (_context, _itemIndex, values, written) => savedUser(written?.record.id, values),
	},
	{ show: { resource: ['user'], operation: ['create'] } },
);
