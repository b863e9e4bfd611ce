import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import type { OperationContext } from '../../../shared/operation';
import { opscomRequest } from '../../transport';

const displayOptions = { show: { resource: ['userType'], operation: ['getAll'] } };

export const description: INodeProperties[] = returnAllProperties(displayOptions);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const response = await opscomRequest(this, { path: 'profiles/types/list', policy, itemIndex });
	const userTypes = (response.user_types as IDataObject[] | undefined) ?? [];
	return applyLimit(userTypes, limit);
}
