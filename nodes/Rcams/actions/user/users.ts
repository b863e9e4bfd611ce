import type { IDataObject } from 'n8n-workflow';

import type { RequestPolicy } from '../../../shared/options';
import type { RequestContext } from '../../../shared/request';
import { rcamsList, rcamsRequest } from '../../transport';

/** Every RCAMS user, as list returns them. */
export async function listUsers(
	context: RequestContext,
	policy: RequestPolicy,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await rcamsList(context, 'user.php', 'users', { policy, itemIndex });
}

export const sameText = (a: unknown, b: unknown) =>
	typeof a === 'string' &&
	typeof b === 'string' &&
	a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Creates a user. An insert is not idempotent: after a dropped connection the node looks the
 * user up by email (unique in RCAMS) and only sends again when it is not there.
 */
export async function insertUser(
	context: RequestContext,
	body: IDataObject,
	policy: RequestPolicy,
	itemIndex: number,
): Promise<IDataObject> {
	return await rcamsRequest(
		context,
		'user.php',
		{ action: 'insert', ...body },
		{
			policy,
			itemIndex,
			idempotent: false,
			recover: async () => {
				const users = await listUsers(context, policy, itemIndex);
				const created = users.find((user) => sameText(user.user_email, body.email));
				if (!created) return undefined;
				return {
					status: 'OK',
					message: 'User created successfully (confirmed after the connection dropped)',
					user_token: created.user_token,
				};
			},
		},
	);
}
