import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { DEFAULT_POLICY } from '../../shared/options';
import { vendorId } from '../../shared/validation';
import { listRooms, listUserGroups, valtRequest } from '../transport';

/** VALT's id as the value: a number, or its digits as text when too large to be exact. */
const idOf = (id: unknown) => vendorId(id) ?? String(id);

/** Keeps the entries whose name contains the typed filter, case-insensitively. */
function matching(
	entries: Array<{ name: string; value: number | string }>,
	filter?: string,
): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	const results = entries
		.filter((entry) => needle === '' || entry.name.toLowerCase().includes(needle))
		.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
	return { results };
}

/** "From List" for users: display name and login, valued by id. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const users = await valtRequest(this, {
		method: 'GET',
		path: '/admin/users',
		policy: DEFAULT_POLICY,
	});
	const list = Array.isArray(users) ? (users as IDataObject[]) : [];
	return matching(
		list.map((user) => ({
			name: user.display_name
				? `${String(user.display_name)} (${String(user.name)})`
				: String(user.name),
			value: idOf(user.id),
		})),
		filter,
	);
}

/** "From List" for user groups. */
export async function searchUserGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const groups = await listUserGroups(this, { policy: DEFAULT_POLICY });
	return matching(
		groups.map((group) => ({ name: String(group.name), value: idOf(group.id) })),
		filter,
	);
}

/** "From List" for rooms. */
export async function searchRooms(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const rooms = await listRooms(this, { policy: DEFAULT_POLICY });
	return matching(
		rooms.map((room) => ({ name: String(room.name), value: idOf(room.id) })),
		filter,
	);
}
