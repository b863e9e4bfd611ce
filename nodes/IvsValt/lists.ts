import type { IDataObject } from 'n8n-workflow';

import type { Call } from '../shared/operation';
import type { RequestContext } from '../shared/request';
import { valtRequest } from './transport';

/** VALT's user groups, for Get Many, the dropdowns and the list search alike. */
export async function listUserGroups(context: RequestContext, call: Call): Promise<IDataObject[]> {
	const data = await valtRequest(context, { method: 'GET', path: '/admin/user_groups', ...call });
	return ((data as IDataObject | undefined)?.userGroups as IDataObject[] | undefined) ?? [];
}

/** VALT's interview rooms, for Get Many, the dropdown and the list search alike. */
export async function listRooms(context: RequestContext, call: Call): Promise<IDataObject[]> {
	const data = await valtRequest(context, { method: 'GET', path: '/admin/rooms', ...call });
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}
