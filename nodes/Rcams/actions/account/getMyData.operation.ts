import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { normalizeMyData, vendorFields, withRaw } from '../../output';
import { rcamsRequest } from '../../transport';

const displayOptions = { show: { resource: ['account'], operation: ['getMyData'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions,
		description:
			'Whether to return the tree with tidy field names (districtId, schools, wifiNetworks, groups…). Turn off to also get RCAMS\'s own fields under "raw". Wi-Fi passwords are always masked.',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject> {
	// userdata.php takes no parameters; its answer is already masked by the transport.
	const response = await rcamsRequest(this, { path: 'userdata.php', policy, itemIndex });
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return withRaw(normalizeMyData(response), vendorFields(response), simplify);
}
