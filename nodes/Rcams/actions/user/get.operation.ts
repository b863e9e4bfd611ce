import { readSimplify, simplifyProperty, withRaw } from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { reportedValues } from '../../../shared/records';
import { readUserToken, SIMPLIFY_USER, userLocator } from '../../descriptions';
import { listedShape, vendorFields } from '../../output';
import { rcamsRequest } from '../../transport';
import { USER } from './fields';

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [userLocator(displayOptions), simplifyProperty(displayOptions, SIMPLIFY_USER)],
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
		return withRaw(reportedValues(USER, listedShape(user)), user, simplify);
	},
});
