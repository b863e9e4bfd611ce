import { defineOperation } from '../../../shared/operation';
import { readUserToken, userLocator } from '../../descriptions';
import { removeUser } from './users';

const displayOptions = { show: { resource: ['user'], operation: ['delete'] } };

export const operation = defineOperation({
	kind: 'write',
	description: [
		userLocator(displayOptions),
		{
			displayName: 'Deleting a user is permanent: RCAMS cannot undo it',
			name: 'deleteNotice',
			type: 'notice',
			default: '',
			displayOptions,
		},
	],
	read: readUserToken,
	execute: async (context, itemIndex, { settings }, token) => {
		if (settings.preview) return { action: 'removed', userToken: token, preview: true };
		await removeUser(context, token, { policy: settings.policy, itemIndex });
		return { action: 'removed', userToken: token, deleted: true };
	},
});
