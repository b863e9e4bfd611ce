import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_POLICY } from '../../shared/options';
import { opscomRequest } from '../transport';

/** The User Type dropdown: OPSCOM's user types, by name. */
export async function getUserTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await opscomRequest(this, {
		path: 'profiles/types/list',
		policy: DEFAULT_POLICY,
	});
	const userTypes = (response.user_types as IDataObject[] | undefined) ?? [];
	return userTypes.map((type) => ({
		name: String(type.type_name),
		value: String(type.id),
		description: type.ext_info ? String(type.ext_info) : undefined,
	}));
}
