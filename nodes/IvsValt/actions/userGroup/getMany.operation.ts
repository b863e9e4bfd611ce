import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { valtRequest } from '../../transport';
import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';

const displayOptions = { show: { resource: ['userGroup'], operation: ['getAll'] } };

export const description: INodeProperties[] = [...returnAllProperties(displayOptions)];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const data = await valtRequest(this, {
		method: 'GET',
		path: '/admin/user_groups',
		policy,
		itemIndex,
	});
	return applyLimit(
		((data as IDataObject | undefined)?.userGroups as IDataObject[] | undefined) ?? [],
		limit,
	);
}
