import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { readSimplify, simplifyProperty } from '../../descriptions';
import { normalizeUser, withRaw } from '../../output';
import { listUsers } from '../../transport';

const displayOptions = { show: { resource: ['user'], operation: ['getAll'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [
		...returnAllProperties(displayOptions),
		{
			...simplifyProperty(displayOptions),
			description:
				'Whether to return only the node\'s tidy field names (userToken, fullName, email…). RCAMS\'s list has no login name: use Get for "userName". Turn off to also get RCAMS\'s own fields, exactly as it sent them, under "raw".',
		},
	],
	read: (context, itemIndex) => ({
		limit: readLimit(context, itemIndex),
		simplify: readSimplify(context, itemIndex),
	}),
	execute: async (context, itemIndex, { policy }, { limit, simplify }) => {
		const users = applyLimit(await listUsers(context, { policy, itemIndex }), limit);
		return users.map((user) => withRaw(normalizeUser(user), user, simplify));
	},
});
