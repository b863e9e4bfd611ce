import {
	applyLimit,
	readLimit,
	readSimplify,
	returnAllProperties,
	simplifyProperty,
	withRaw,
} from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { reportedValues } from '../../../shared/records';
import { listUsers } from '../../transport';
import { USER } from './fields';

const displayOptions = { show: { resource: ['user'], operation: ['getAll'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [
		...returnAllProperties(displayOptions),
		simplifyProperty(
			displayOptions,
			'Whether to return only the node\'s tidy field names (userToken, fullName, email…). RCAMS\'s list has no login name: use Get for "userName". Turn off to also get RCAMS\'s own fields, exactly as it sent them, under "raw".',
		),
	],
	read: (context, itemIndex) => ({
		limit: readLimit(context, itemIndex),
		simplify: readSimplify(context, itemIndex),
	}),
	execute: async (context, itemIndex, { policy }, { limit, simplify }) => {
		const users = applyLimit(await listUsers(context, { policy, itemIndex }), limit);
		return users.map((user) => withRaw(reportedValues(USER, user), user, simplify));
	},
});
