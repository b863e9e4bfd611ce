import { readSimplify, simplifyProperty, withRaw } from '../../../shared/descriptions';
import { defineOperation } from '../../../shared/operation';
import { normalizeMyData, vendorFields } from '../../output';
import { rcamsRequest } from '../../transport';

const displayOptions = { show: { resource: ['account'], operation: ['getMyData'] } };

export const operation = defineOperation({
	kind: 'read',
	description: [
		simplifyProperty(
			displayOptions,
			'Whether to return the tree with tidy field names (districtId, schools, wifiNetworks, groups…). Turn off to also get RCAMS\'s own fields under "raw". Wi-Fi passwords are always masked.',
		),
	],
	read: readSimplify,
	execute: async (context, itemIndex, { policy }, simplify) => {
		// userdata.php takes no parameters; its answer is already masked by the transport.
		const response = await rcamsRequest(context, { path: 'userdata.php', policy, itemIndex });
		return withRaw(normalizeMyData(response), vendorFields(response), simplify);
	},
});
