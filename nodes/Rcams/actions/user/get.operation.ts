import { defineOperation } from '../../../shared/operation';
import { readSimplify, readUserToken, simplifyProperty, userLocator } from '../../descriptions';
import { normalizeUser, vendorFields, withRaw } from '../../output';
import { rcamsRequest } from '../../transport';

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [userLocator(displayOptions), simplifyProperty(displayOptions)],
	read: (context, itemIndex) => ({
		token: readUserToken(context, itemIndex),
		simplify: readSimplify(context, itemIndex),
	}),
	execute: async (context, itemIndex, { policy }, { token, simplify }) => {
		const response = await rcamsRequest(context, {
			path: 'user.php',
			body: { action: 'get', usr_tokenid: token },
			policy,
			itemIndex,
		});
		const user = vendorFields(response);
		return withRaw(normalizeUser(user), user, simplify);
	},
});
