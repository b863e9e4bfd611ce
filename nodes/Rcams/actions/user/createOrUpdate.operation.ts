import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RequestPolicy } from '../../../shared/options';
import type { OperationContext } from '../../../shared/operation';
import { simplifyProperty } from '../../descriptions';
import { withRaw } from '../../output';
import { rcamsRequest } from '../../transport';
import {
	additionalProperties,
	loginProperties,
	nameProperties,
	profileOutput,
	readProfile,
	toBody,
	type Profile,
} from './fields';
import { insertUser, listUsers, sameText } from './users';

const displayOptions = { show: { resource: ['user'], operation: ['createOrUpdate'] } };

export const description: INodeProperties[] = [
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
			'Which field identifies an existing user. A match is updated (name, phone, picture, notes); otherwise a new user is created. User name, email and password of an existing user are never changed: RCAMS cannot change them.',
	},
	...nameProperties(displayOptions),
	...loginProperties(displayOptions),
	additionalProperties(displayOptions),
	simplifyProperty(displayOptions),
];

type MatchOn = 'email' | 'userName';

interface UpsertState {
	/** The users from the run's single list call, plus those created during the run. */
	users: IDataObject[];
	/** token → login: each user's Get is sent at most once per run, shared by all items. */
	logins: Map<string, Promise<string | undefined>>;
	/** One queue per matched key, so two items for the same person cannot both create it. */
	queues: Map<string, Promise<unknown>>;
}

/** Lists the users once for the whole run, not once per item. */
export async function prepare(
	this: IExecuteFunctions,
	policy: RequestPolicy,
): Promise<UpsertState> {
	return { users: await listUsers(this, policy), logins: new Map(), queues: new Map() };
}

function loginOf(
	context: IExecuteFunctions,
	state: UpsertState,
	token: string,
	policy: RequestPolicy,
	itemIndex: number,
): Promise<string | undefined> {
	let login = state.logins.get(token);
	if (!login) {
		login = rcamsRequest(
			context,
			'user.php',
			{ action: 'get', usr_tokenid: token },
			{ policy, itemIndex },
		).then((user) => (typeof user.user_name === 'string' ? user.user_name : undefined));
		// A failed Get is not remembered: a later item may try again.
		login.catch(() => state.logins.delete(token));
		state.logins.set(token, login);
	}
	return login;
}

/**
 * Finds the user with this login. The list has no logins, so users are read with Get:
 * first the likely ones (same email, then same full name) one by one, then the rest a
 * batch of "Max Concurrent Requests" at a time, stopping at the first match.
 */
async function findByLogin(
	context: IExecuteFunctions,
	state: UpsertState,
	profile: Profile,
	policy: RequestPolicy,
	itemIndex: number,
): Promise<{ user: IDataObject; login: string } | undefined> {
	const fullName = `${profile.firstName} ${profile.lastName}`;
	const likely = (user: IDataObject) =>
		sameText(user.user_email, profile.email) || sameText(user.user_name, fullName);
	const batches = [
		...state.users.filter(likely).map((user) => [user]),
		...chunks(
			state.users.filter((user) => !likely(user)),
			policy.concurrency,
		),
	];
	for (const batch of batches) {
		const logins = await Promise.all(
			batch.map((user) => loginOf(context, state, String(user.user_token), policy, itemIndex)),
		);
		const index = logins.findIndex((login) => sameText(login, profile.userName));
		if (index >= 0) return { user: batch[index], login: logins[index] as string };
	}
	return undefined;
}

function chunks<T>(list: T[], size: number): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < list.length; start += size)
		result.push(list.slice(start, start + size));
	return result;
}

function serialize<T>(state: UpsertState, key: string, task: () => Promise<T>): Promise<T> {
	const previous = state.queues.get(key) ?? Promise.resolve();
	const current = previous.then(task);
	state.queues.set(
		key,
		current.catch(() => undefined),
	);
	return current;
}

interface UpsertInput {
	profile: Profile;
	matchOn: MatchOn;
	simplify: boolean;
}

/** Reads and validates one person (synchronous, so the runner can overlap it with requests). */
export function read(this: IExecuteFunctions, itemIndex: number): UpsertInput {
	return {
		profile: readProfile(this, itemIndex, 'create'),
		matchOn: this.getNodeParameter('matchOn', itemIndex, 'email') as MatchOn,
		simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy, state }: OperationContext<UpsertState>,
	{ profile, matchOn, simplify }: UpsertInput,
): Promise<IDataObject> {
	const key = `${matchOn}:${String(profile[matchOn]).toLowerCase()}`;

	return await serialize(state, key, async () => {
		let existing: IDataObject | undefined;
		let login: string | undefined;
		if (matchOn === 'email') {
			existing = state.users.find((user) => sameText(user.user_email, profile.email));
		} else {
			({ user: existing, login } =
				(await findByLogin(this, state, profile, policy, itemIndex)) ?? {});
		}

		if (existing) {
			const token = String(existing.user_token);
			const { firstName, lastName, phone, pictureUrl, notes } = profile;
			const changes: Profile = { firstName, lastName, phone, pictureUrl, notes };
			const response = await rcamsRequest(
				this,
				'user.php',
				{ action: 'update', usr_tokenid: token, ...toBody(changes) },
				{ policy, itemIndex },
			);
			// What RCAMS holds: the existing login and email, which an update cannot change.
			const output = profileOutput(token, {
				...changes,
				userName: login,
				email: String(existing.user_email),
			});
			return withRaw({ action: 'updated', ...output }, response, simplify);
		}

		const response = await insertUser(this, toBody(profile), policy, itemIndex);
		const token = String(response.user_token);
		state.users.push({
			user_token: token,
			user_email: profile.email,
			user_name: `${profile.firstName} ${profile.lastName}`,
		});
		state.logins.set(token, Promise.resolve(profile.userName));
		return withRaw({ action: 'created', ...profileOutput(token, profile) }, response, simplify);
	});
}
