import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Call } from '../../../shared/operation';
import { lookupBatch } from '../../../shared/options';
import { runSwitch } from '../../../shared/parameters';
import { createOrUpdate, type SyncTarget } from '../../../shared/sync';
import { SIMPLIFY_USER } from '../../descriptions';
import { listUsers, rcamsServer } from '../../transport';
import { USER } from './fields';
import { insertUser, loginOf, sameText, updateUser } from './users';

const displayOptions = { show: { resource: ['user'], operation: ['createOrUpdate'] } };

type MatchOn = 'email' | 'userName';

const matchOnOf = (context: IExecuteFunctions, itemIndex: number) =>
	runSwitch<string>(context, 'matchOn', itemIndex, 'email') as MatchOn;

/** The login of a listed user: each user's Get is sent at most once per run, shared by all items. */
function cachedLogin(
	context: IExecuteFunctions,
	cache: Map<string, unknown>,
	token: string,
	call: Call,
): Promise<string | undefined> {
	let login = cache.get(token) as Promise<string | undefined> | undefined;
	if (!login) {
		login = loginOf(context, token, call);
		// A failed Get is not remembered: a later item may try again.
		login.catch(() => cache.delete(token));
		cache.set(token, login);
	}
	return login;
}

function chunks<T>(list: T[], size: number): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < list.length; start += size)
		result.push(list.slice(start, start + size));
	return result;
}

/**
 * Finds the user with this login. The list has no logins, so users are read with Get: first
 * the likely ones (same email, then same full name) one by one, then the rest a batch of
 * "Max Concurrent Requests" at a time, stopping at the first match.
 */
async function findByLogin(
	context: IExecuteFunctions,
	{ listed, cache }: { listed: IDataObject[]; cache: Map<string, unknown> },
	values: IDataObject,
	call: Call,
): Promise<IDataObject | undefined> {
	const fullName = `${String(values.firstName)} ${String(values.lastName)}`;
	const likely = (user: IDataObject) =>
		sameText(user.user_email, values.email) || sameText(user.user_name, fullName);
	const batches = [
		...listed.filter(likely).map((user) => [user]),
		...chunks(
			listed.filter((user) => !likely(user)),
			lookupBatch(call.policy),
		),
	];
	for (const batch of batches) {
		const logins = await Promise.all(
			batch.map((user) => cachedLogin(context, cache, String(user.user_token), call)),
		);
		const index = logins.findIndex((login) => sameText(login, values.userName));
		if (index >= 0) return { ...batch[index], login: logins[index] };
	}
	return undefined;
}

const users: SyncTarget = {
	table: USER,
	mapping: 'getUserFields',
	keyField: matchOnOf,
	keyOf: (context, itemIndex, values) => {
		const matchOn = matchOnOf(context, itemIndex);
		return `${matchOn}:${String(values[matchOn]).trim().toLowerCase()}`;
	},
	namespace: rcamsServer,
	list: async (context, policy) => await listUsers(context, { policy }),
	recordKeyOf: (user) =>
		typeof user.user_email === 'string'
			? `email:${user.user_email.trim().toLowerCase()}`
			: undefined,
	find: async (context, run, values, call) =>
		matchOnOf(context, call.itemIndex ?? 0) === 'userName'
			? await findByLogin(context, run, values, call)
			: undefined,
	recordId: (user, key) => (user?.user_token === undefined ? key : String(user.user_token)),
	// RCAMS documents a delete: Remove Leavers may remove the users this workflow syncs.
	tracksManaged: true,
	create: async (context, values, call) => {
		const response = await insertUser(context, values, call);
		return { record: { user_token: response.user_token }, response };
	},
	update: async (context, user, values, fields, call) => {
		// RCAMS needs both names on every update; its examples send every field, so all go.
		const sent: IDataObject = { firstName: values.firstName, lastName: values.lastName };
		for (const name of fields) sent[name] = values[name];
		const response = await updateUser(context, String(user.user_token), sent, call);
		return { record: {}, response };
	},
};

export const operation = createOrUpdate(users, displayOptions, {
	before: [
		{
			displayName: 'Match On',
			name: 'matchOn',
			type: 'options',
			options: [
				{
					name: 'Email',
					value: 'email',
					description: 'Fastest: the user list carries emails, so matching costs no extra calls',
				},
				{
					name: 'User Name',
					value: 'userName',
					description:
						"RCAMS's user list has no login names, so the node reads users one by one (each at most once per run, likeliest first) until it finds the user name",
				},
			],
			default: 'email',
			displayOptions,
			description:
				'Which field identifies an existing user. A match is updated when its name, phone, picture or notes differ; otherwise a new user is created. User name, email and password of an existing user are never changed: RCAMS cannot change them.',
		},
	],
	simplify: SIMPLIFY_USER,
});
