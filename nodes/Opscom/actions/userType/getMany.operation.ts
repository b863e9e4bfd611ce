import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { opscomRequest } from '../../transport';

const displayOptions = { show: { resource: ['userType'], operation: ['getAll'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		displayOptions,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { ...displayOptions.show, returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject[]> {
	const response = await opscomRequest(this, 'profiles/types/list', {}, { policy, itemIndex });
	const userTypes = (response.user_types as IDataObject[] | undefined) ?? [];
	if (this.getNodeParameter('returnAll', itemIndex, true)) return userTypes;
	return userTypes.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
}
