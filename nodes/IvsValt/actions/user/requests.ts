import type { IDataObject } from 'n8n-workflow';

import { recordBody } from '../../../shared/fields';
import type { RequestPolicy } from '../../../shared/options';
import type { RequestContext } from '../../../shared/request';
import { vendorId } from '../../../shared/validation';
import { valtRequest } from '../../transport';
import { nameKey, USER } from './fields';

interface Call {
	policy: RequestPolicy;
	itemIndex?: number;
}

export async function listUsers(
	context: RequestContext,
	call: Call,
	cardNumber?: string,
): Promise<IDataObject[]> {
	const data = await valtRequest(context, {
		method: 'GET',
		path: '/admin/users',
		...call,
		qs: cardNumber === undefined ? undefined : { cardNumber },
	});
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

/** The id of the user with this name, or undefined. */
async function findUserId(
	context: RequestContext,
	name: string,
	call: Call,
): Promise<number | string | undefined> {
	const users = await listUsers(context, call);
	const match = users.find((user) => nameKey(String(user.name ?? '')) === nameKey(name));
	return match === undefined ? undefined : vendorId(match.id);
}

/** Creates a user from its values; returns its id (text if too large for a JavaScript number). */
export async function createUser(
	context: RequestContext,
	values: IDataObject,
	call: Call,
): Promise<number | string | undefined> {
	const body = recordBody(USER, values);
	const name = String(body.name);
	const data = (await valtRequest(context, {
		method: 'POST',
		path: '/admin/users',
		...call,
		body,
		userName: name,
		// A create is not safe to resend: if the answer was lost, look for the user first.
		idempotent: false,
		recover: async () => {
			const id = await findUserId(context, name, call);
			return id === undefined ? undefined : { id };
		},
	})) as IDataObject;
	return vendorId(data?.id);
}

/** Edits a user: only the fields in `values` change. Returns its id. */
export async function editUser(
	context: RequestContext,
	id: number | string,
	values: IDataObject,
	call: Call,
): Promise<number | string> {
	const body = recordBody(USER, values);
	const data = (await valtRequest(context, {
		method: 'POST',
		path: `/admin/users/${id}/edit`,
		...call,
		body,
		notFound: `User ${id}`,
		userName: body.name === undefined ? undefined : String(body.name),
	})) as IDataObject;
	return vendorId(data?.id) ?? id;
}
