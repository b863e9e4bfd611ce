import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_POLICY } from '../../shared/options';
import { toId } from '../output';
import { listDistricts } from '../transport';

/** The Districts dropdown: RCAMS's districts, by name, valued by their numeric ID. */
export async function getDistricts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const districts = await listDistricts(this, { policy: DEFAULT_POLICY });
	return districts.map((district) => ({
		name: String(district.district_name),
		value: toId(district.district_id) as number,
	}));
}
