import { defineOperation } from '../../../shared/operation';
import { readSimplify } from '../../descriptions';
import { normalizeMyData, vendorFields, withRaw } from '../../output';
import { rcamsRequest } from '../../transport';

const displayOptions = { show: { resource: ['account'], operation: ['getMyData'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			displayOptions,
			description:
				'Whether to return the tree with tidy field names (districtId, schools, wifiNetworks, groups…). Turn off to also get RCAMS\'s own fields under "raw". Wi-Fi passwords are always masked.',
		},
	],
	read: readSimplify,
	execute: async (context, itemIndex, { policy }, simplify) => {
		// userdata.php takes no parameters; its answer is already masked by the transport.
		const response = await rcamsRequest(context, { path: 'userdata.php', policy, itemIndex });
		return withRaw(normalizeMyData(response), vendorFields(response), simplify);
	},
});
