import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_POLICY } from '../../shared/options';
import { vendorId } from '../../shared/validation';
import { listRooms, listUserGroups } from '../transport';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) =>
	a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });

/** The user group dropdowns: VALT's groups by name, valued by id. */
export async function getUserGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const groups = await listUserGroups(this, { policy: DEFAULT_POLICY });
	return groups
		.map((group) => ({ name: String(group.name), value: vendorId(group.id) ?? String(group.id) }))
		.sort(byName);
}

/** The rooms dropdown: VALT's interview rooms by name, valued by id. */
export async function getRooms(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rooms = await listRooms(this, { policy: DEFAULT_POLICY });
	return rooms
		.map((room) => ({ name: String(room.name), value: vendorId(room.id) ?? String(room.id) }))
		.sort(byName);
}
