import type { INodeProperties } from 'n8n-workflow';

import { updateOne } from '../../../shared/write';
import { readUserToken, simplifyProperty, userLocator } from '../../descriptions';
import { withRaw } from '../../output';
import { profileOutput, USER } from './fields';
import { updateUser } from './users';

const displayOptions = { show: { resource: ['user'], operation: ['update'] } };

const notice: INodeProperties = {
	displayName:
		'RCAMS needs the first and last name on every update. User name, email and password cannot be changed.',
	name: 'updateNotice',
	type: 'notice',
	default: '',
};

export const operation = updateOne(
	{
		table: USER,
		record: { description: userLocator(displayOptions), readId: readUserToken },
		update: async (context, token, values, call) => ({
			record: { user_token: token },
			response: await updateUser(context, token, values, call),
		}),
		output: (context, itemIndex, token, values, written) =>
			withRaw(
				profileOutput(token, values),
				written?.response ?? {},
				context.getNodeParameter('simplify', itemIndex, true) as boolean,
			),
	},
	displayOptions,
	{ notice, after: [simplifyProperty(displayOptions)] },
);
