import { createOne } from '../../../shared/write';
import { SIMPLIFY_USER } from '../../descriptions';
import { USER } from './fields';
import { insertUser } from './users';

export const operation = createOne(
	{
		table: USER,
		mapping: 'getUserFields',
		// Whom a new user is: the email, as Create or Update matches by default.
		keyField: 'email',
		create: async (context, values, call) => {
			const response = await insertUser(context, values, call);
			return { record: { user_token: response.user_token }, response };
		},
	},
	{ show: { resource: ['user'], operation: ['create'] } },
	{ simplify: SIMPLIFY_USER },
);
