import type { IDataObject } from 'n8n-workflow';

import { recordBody } from '../../../shared/fields';
import type { RequestPolicy } from '../../../shared/options';
import type { RequestContext } from '../../../shared/request';
import { listUsers, rcamsRequest } from '../../transport';
import { USER } from './fields';

interface Call {
	policy: RequestPolicy;
	itemIndex?: number;
}

export const sameText = (a: unknown, b: unknown) =>
	typeof a === 'string' &&
	typeof b === 'string' &&
	a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Creates a user from its values. An insert is not idempotent: after a dropped connection the
 * node looks the user up by email (unique in RCAMS) and only sends again when it is not there.
 */
export async function insertUser(
	context: RequestContext,
	values: IDataObject,
	call: Call,
): Promise<IDataObject> {
	const body = recordBody(USER, values);
	return await rcamsRequest(context, {
		path: 'user.php',
		body: { action: 'insert', ...body },
		...call,
		idempotent: false,
		recover: async () => {
			const users = await listUsers(context, call);
			const created = users.find((user) => sameText(user.user_email, body.email));
			if (!created) return undefined;
			return {
				status: 'OK',
				message: 'User created successfully (confirmed after the connection dropped)',
				user_token: created.user_token,
			};
		},
	});
}

/** Changes a user's name and, of the optional fields, those given; RCAMS needs both names every time. */
export async function updateUser(
	context: RequestContext,
	token: string,
	values: IDataObject,
	call: Call,
): Promise<IDataObject> {
	return await rcamsRequest(context, {
		path: 'user.php',
		body: { action: 'update', usr_tokenid: token, ...recordBody(USER, values) },
		...call,
	});
}

/** A user's login, which only Get reports. */
export async function loginOf(
	context: RequestContext,
	token: string,
	call: Call,
): Promise<string | undefined> {
	const user = await rcamsRequest(context, {
		path: 'user.php',
		body: { action: 'get', usr_tokenid: token },
		...call,
	});
	return typeof user.user_name === 'string' ? user.user_name : undefined;
}

/** Deletes a user for good (RCAMS has no undo). */
export async function removeUser(
	context: RequestContext,
	token: string,
	call: Call,
): Promise<void> {
	await rcamsRequest(context, {
		path: 'user.php',
		body: { action: 'remove', usr_tokenid: token },
		...call,
	});
}
