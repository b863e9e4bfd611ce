import type { IDataObject } from 'n8n-workflow';

import type { RequestPolicy } from '../../../shared/options';
import type { RequestContext } from '../../../shared/request';
import { vendorId } from '../../../shared/validation';
import { valtRequest } from '../../transport';
import { nameKey } from './fields';

interface Call {
	policy: RequestPolicy;
	itemIndex?: number;
}

export async function listUsers(
	context: RequestContext,
	call: Call,
	cardNumber?: string,
): Promise<IDataObject[]> {
	const data = await valtRequest(context, 'GET', '/admin/users', {
		...call,
		qs: cardNumber === undefined ? undefined : { cardNumber },
	});
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

/** The id of the user with this name, or undefined. */
export async function findUserId(
	context: RequestContext,
	name: string,
	call: Call,
): Promise<number | string | undefined> {
	const users = await listUsers(context, call);
	const match = users.find((user) => nameKey(String(user.name ?? '')) === nameKey(name));
	return match === undefined ? undefined : vendorId(match.id);
}

/** Creates a user; returns its id. */
export async function createUser(
	context: RequestContext,
	body: IDataObject,
	call: Call,
): Promise<unknown> {
	const name = String(body.name);
	const data = (await valtRequest(context, 'POST', '/admin/users', {
		...call,
		body,
		userName: name,
		// A create is not safe to resend: if the answer was lost, look for the user first.
		idempotent: false,
		recover: async () => {
			const id = await findUserId(context, name, call);
			return id === undefined
				? undefined
				: { statusCode: 200, headers: {}, body: { data: { id } } };
		},
	})) as IDataObject;
	return data?.id;
}

/** Edits a user (only the fields in the body change); returns its id. */
export async function editUser(
	context: RequestContext,
	id: number | string,
	body: IDataObject,
	call: Call,
): Promise<unknown> {
	const data = (await valtRequest(context, 'POST', `/admin/users/${id}/edit`, {
		...call,
		body,
		notFound: `User ${id}`,
		userName: body.name === undefined ? undefined : String(body.name),
	})) as IDataObject;
	return data?.id ?? id;
}
