import type { INodeProperties } from 'n8n-workflow';

import { updateOne } from '../../../shared/write';
import { readUserToken, SIMPLIFY_USER, userLocator } from '../../descriptions';
import { USER } from './fields';
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
		mapping: 'getUserFields',
		record: {
			description: userLocator(displayOptions),
			readId: readUserToken,
			recordOf: (token) => ({ user_token: token }),
		},
		update: async (context, token, values, call) => ({
			record: {},
			response: await updateUser(context, token, values, call),
		}),
	},
	displayOptions,
	{ notice, simplify: SIMPLIFY_USER },
);
