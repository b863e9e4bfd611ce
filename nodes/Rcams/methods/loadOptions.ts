import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_POLICY, type RequestPolicy } from '../../shared/options';
import type { RequestContext } from '../../shared/request';
import { toId } from '../output';
import { rcamsList } from '../transport';

export async function listDistricts(
	context: RequestContext,
	policy: RequestPolicy,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await rcamsList(context, 'district.php', 'districts', { policy, itemIndex });
}

/** The Districts dropdown: RCAMS's districts, by name, valued by their numeric ID. */
export async function getDistricts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const districts = await listDistricts(this, DEFAULT_POLICY);
	return districts.map((district) => ({
		name: String(district.district_name),
		value: toId(district.district_id) as number,
	}));
}
