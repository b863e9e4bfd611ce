import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordBody } from '../../../shared/fields';
import type { Call } from '../../../shared/operation';
import type { RequestContext } from '../../../shared/request';
import { kindOf, unexpectedShape } from '../../../shared/response';
import { vendorId } from '../../../shared/validation';
import { valtRequest } from '../../transport';
import { nameKey, USER } from './fields';

const NOT_ACTED_ON = 'Nothing was created or changed on the strength of this answer:';
/** Whether a listed user's id or name is there: a number, or text that is not blank. */
const present = (value: unknown) =>
	(typeof value === 'string' && value.trim() !== '') || typeof value === 'number';

/**
 * Every VALT user (or those with a card number). The list call and its shape are not on the
 * vendor's page, so an answer whose `data` is not a list, or that lists a user without the id and
 * name the node matches by, fails: read as "no users", it would make everyone look new.
 */
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
	if (!Array.isArray(data)) {
		throw unexpectedShape(
			context,
			`IVS VALT sent the user list in an unexpected shape: "data" is ${kindOf(data)}, not a list`,
			{ data },
			`${NOT_ACTED_ON} read as "no users", it would make everyone look new. Check the Base URL in the credential; if it is right, this VALT version may answer differently from the one the node knows: report the answer.`,
			call.itemIndex,
		);
	}
	for (const user of data as IDataObject[]) {
		const missing = !present(user?.id) ? 'id' : !present(user.name) ? 'name' : undefined;
		if (missing === undefined) continue;
		throw unexpectedShape(
			context,
			`IVS VALT listed a user without "${missing}"`,
			user,
			`The node matches users by name and writes them by id: a user without one cannot be matched. ${NOT_ACTED_ON} check that user in VALT.`,
			call.itemIndex,
		);
	}
	return data as IDataObject[];
}

/**
 * The id of the user with this name, or undefined. Names are compared exactly, ignoring case and
 * surrounding spaces only, as VALT compares them (see nameKey): "jdoe5" is never "jdoe50".
 */
async function findUserId(
	context: RequestContext,
	name: string,
	call: Call,
): Promise<number | string | undefined> {
	const users = await listUsers(context, call);
	const match = users.find((user) => nameKey(String(user.name)) === nameKey(name));
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
		// A create is not safe to resend: if the answer was lost, look for the user first. The name
		// is the only thing VALT identifies a user by: a user that already had it is taken as created.
		idempotent: false,
		recover: async () => {
			const id = await findUserId(context, name, call).catch((error: Error) => {
				throw new NodeOperationError(
					context.getNode(),
					`IVS VALT may have created the user "${name}": the connection dropped before its answer, and the user list that would confirm it could not be read`,
					{
						itemIndex: call.itemIndex,
						description: `Check in VALT whether "${name}" exists before running again: the create was not sent a second time. The user list failed with: ${error.message}`,
					},
				);
			});
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
