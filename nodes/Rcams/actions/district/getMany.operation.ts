import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from '../../../shared/operation';
import { applyLimit, readLimit, returnAllProperties } from '../../../shared/descriptions';
import { listDistricts } from '../../transport';
import { normalizeDistrict, withRaw } from '../../output';

const displayOptions = { show: { resource: ['district'], operation: ['getAll'] } };

export const description: INodeProperties[] = [
	...returnAllProperties(displayOptions),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions,
		description:
			'Whether to return only districtId (a number) and districtName. Turn off to also get RCAMS\'s own fields under "raw".',
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
): Promise<IDataObject[]> {
	const limit = readLimit(this, itemIndex);
	const districts = applyLimit(await listDistricts(this, { policy, itemIndex }), limit);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return districts.map((district) => withRaw(normalizeDistrict(district), district, simplify));
}
