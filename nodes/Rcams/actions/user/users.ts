import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordBody } from '../../../shared/fields';
import type { Call } from '../../../shared/operation';
import type { RequestContext } from '../../../shared/request';
import { listUsers, rcamsRequest } from '../../transport';
import { USER } from './fields';

export const sameText = (a: unknown, b: unknown) =>
	typeof a === 'string' &&
	typeof b === 'string' &&
	a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Creates a user from its values. An insert is not idempotent: after a dropped connection the
 * node looks the user up by email (unique in RCAMS) and only sends again when it is not there.
 * A user found with that email is taken for the one just created only when its user name is the
 * one sent too: the lost answer may as well have been "Email already exists" for someone else.
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
			const users = await listUsers(context, call).catch((error: Error) => {
				throw unconfirmed(context, body, error, call.itemIndex);
			});
			const created = users.find((user) => sameText(user.user_email, body.email));
			if (!created) return undefined;
			// The list has no logins: read this user's.
			const login = await loginOf(context, String(created.user_token), call);
			if (!sameText(login, body.user_name)) throw emailTaken(context, body, login, call.itemIndex);
			return {
				status: 'OK',
				message: 'User created successfully (confirmed after the connection dropped)',
				user_token: created.user_token,
			};
		},
	});
}

/** After a lost insert answer: the user RCAMS lists with the email sent has another user name. */
function emailTaken(
	context: RequestContext,
	body: IDataObject,
	login: string | undefined,
	itemIndex?: number,
): NodeOperationError {
	const email = String(body.email);
	const userName = String(body.user_name);
	const holder =
		login === undefined ? 'whose user name RCAMS did not report' : `whose user name is "${login}"`;
	return new NodeOperationError(
		context.getNode(),
		`RCAMS already has a user with email ${email} ${holder}, not "${userName}"`,
		{
			itemIndex,
			description: `The connection dropped before RCAMS answered the create of "${userName}", and RCAMS's user list shows ${email} on that other user. Emails are unique in RCAMS, so the create most likely failed; that user was not changed, and was not taken for the new user. If it is the same person, use Create or Update matching on Email (or give the roster the user name it has); otherwise give "${userName}" an email of its own.`,
		},
	);
}

/** After a lost insert answer, the user list that was to confirm it could not be read. */
function unconfirmed(
	context: RequestContext,
	body: IDataObject,
	error: Error,
	itemIndex?: number,
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`RCAMS may have created the user "${String(body.user_name)}" (${String(body.email)}): the connection dropped before its answer, and the user list that would confirm it could not be read`,
		{
			itemIndex,
			description: `Check in RCAMS whether ${String(body.email)} exists before running again: the create was not sent a second time. The user list failed with: ${error.message}`,
		},
	);
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
