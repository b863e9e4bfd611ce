import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { DEFAULT_POLICY } from '../../shared/options';
import { listUsers } from '../transport';

/** The User picker's "From list": every user, filtered by name or email as the admin types. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const users = await listUsers(this, { policy: DEFAULT_POLICY });
	const needle = (filter ?? '').trim().toLowerCase();
	const matches = users.filter(
		(user) =>
			needle === '' ||
			String(user.user_name ?? '')
				.toLowerCase()
				.includes(needle) ||
			String(user.user_email ?? '')
				.toLowerCase()
				.includes(needle),
	);
	return {
		results: matches
			.map((user) => ({
				// In the list, user_name is the full name.
				name: `${String(user.user_name)} (${String(user.user_email)})`,
				value: String(user.user_token),
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}
