import { createOne } from '../../../shared/write';
import { simplifyProperty } from '../../descriptions';
import { withRaw } from '../../output';
import { profileOutput, USER } from './fields';
import { insertUser } from './users';

const displayOptions = { show: { resource: ['user'], operation: ['create'] } };

export const operation = createOne(
	{
		table: USER,
		create: async (context, values, call) => {
			const response = await insertUser(context, values, call);
			return { record: { user_token: response.user_token }, response };
		},
		output: (context, itemIndex, values, written) =>
			withRaw(
				profileOutput(written?.response?.user_token, values),
				written?.response ?? {},
				context.getNodeParameter('simplify', itemIndex, true) as boolean,
			),
	},
	displayOptions,
	{ after: [simplifyProperty(displayOptions)] },
);
