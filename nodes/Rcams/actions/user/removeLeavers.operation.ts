import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { mapConcurrently } from '../../../shared/concurrency';
import { itemsAtOnce } from '../../../shared/options';
import { getCredentialsOnce } from '../../../shared/credentials';
import { heldItems, type HeldScope } from '../../../shared/held';
import {
	defineOperation,
	type OperationContext,
	type RunSettings,
	type WholeInputResult,
} from '../../../shared/operation';
import {
	guardProperties,
	managedScope,
	MAX_EMAIL_PATTERN_LENGTH,
	namesDomain,
	readGuard,
	removeLeavers,
	wildcard,
	type RemovalTarget,
	type Scope,
} from '../../../shared/removal';
import { isMapped, mappingProperty, onVersions, readMapped } from '../../../shared/mapping';
import { forgetManaged } from '../../../shared/state';
import { email, text, validateItem } from '../../../shared/validation';
import { listUsers, RCAMS_CREDENTIAL, rcamsServer } from '../../transport';
import { ROSTER, ROSTER_MAPPING } from './fields';
import { loginOf, removeUser, sameText } from './users';

const displayOptions = { show: { resource: ['user'], operation: ['removeLeavers'] } };
const showWhen = (parameter: string, value: string) => ({
	show: { ...displayOptions.show, [parameter]: [value] },
});

const description: INodeProperties[] = [
	{
		displayName:
			'Deletes, for good, the RCAMS users this sync manages who are not in the input items. Feed it the whole roster (every person, one item each), and try it with Options → Preview (Dry Run) first.',
		name: 'removeLeaversNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	...onVersions(
		[
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				required: true,
				default: '',
				displayOptions,
				description:
					"The roster person's email, mapped from each input item: RCAMS users with an email in the roster stay",
			},
			{
				displayName: 'User Name',
				name: 'userName',
				type: 'string',
				default: '',
				displayOptions,
				description:
					"Optional: the roster person's RCAMS login. Users whose login is in the roster stay too, e.g. people whose email changed in the SIS. Costs one read per user about to be removed.",
			},
		],
		[1],
	),
	mappingProperty(ROSTER_MAPPING, displayOptions),
	{
		displayName: 'Managed Users',
		name: 'managedUsers',
		type: 'options',
		options: [
			{
				name: 'Users This Workflow Syncs',
				value: 'workflow',
				description:
					'Users a Create or Update node of this workflow created or matched, as RCAMS confirmed in a run that n8n saved (manual editor runs are not saved). Users it never touched (added by hand, other integrations) are never removed.',
			},
			{
				name: 'Users Whose Email Matches',
				value: 'emailPattern',
				description: 'Every RCAMS user whose email matches a pattern, e.g. *@students.school.edu',
			},
		],
		default: 'workflow',
		displayOptions,
		description:
			'Which RCAMS users this sync may remove at all. The account in the credential is never removed.',
	},
	{
		displayName: 'Create or Update Nodes',
		name: 'syncNodes',
		type: 'string',
		default: '',
		placeholder: 'e.g. RCAMS Students',
		displayOptions: showWhen('managedUsers', 'workflow'),
		description:
			'Names of the RCAMS Create or Update nodes of this workflow whose users this roster covers, separated by commas. Leave empty when the workflow has one. Users that another Create or Update node of the workflow syncs are never removed by this roster: a staff roster cannot remove students.',
	},
	{
		displayName: 'Email Pattern',
		name: 'emailPattern',
		type: 'string',
		required: true,
		default: '',
		placeholder: '*@students.school.edu',
		displayOptions: showWhen('managedUsers', 'emailPattern'),
		description: 'Users whose email matches may be removed; * stands for any characters',
	},
	...guardProperties(displayOptions, 'RCAMS'),
	{
		displayName: 'When the Guard Trips',
		name: 'whenGuardTrips',
		type: 'options',
		options: [
			{
				name: 'Stop the Run',
				value: 'stop',
				description: 'Remove nobody and fail, saying how many would have been removed',
			},
			{
				name: 'Hold for Approval',
				value: 'hold',
				description:
					'Remove nobody and send the held users to a second output, "Held for Approval", one item each with the reason, the limits and the identifier of exactly this set. Connect it to a Send and Wait for Response and then to Remove Approved Leavers.',
			},
		],
		default: 'stop',
		displayOptions,
		description: 'What happens when a run would remove more users than the limits allow',
	},
];

interface RosterEntry {
	email: string;
	userName?: string;
}

const entrySchema = z.object({ email: email(), userName: text().optional() });
const LABELS = { email: 'Email', userName: 'User Name' };

/** One roster person: the email (and login) that keep their RCAMS user. */
function read(context: IExecuteFunctions, itemIndex: number): RosterEntry {
	const given = isMapped(context)
		? readMapped(context, itemIndex, ROSTER, 'upsert')
		: {
				email: context.getNodeParameter('email', itemIndex, ''),
				userName: context.getNodeParameter('userName', itemIndex, ''),
			};
	const { userName, ...rest } = given;
	const entry = validateItem(
		context,
		entrySchema,
		{ ...rest, ...(userName === '' || userName === undefined ? {} : { userName }) },
		itemIndex,
		LABELS,
	);
	return {
		email: entry.email.toLowerCase(),
		userName:
			entry.userName === undefined || entry.userName === ''
				? undefined
				: entry.userName.toLowerCase(),
	};
}

function readScope(context: IExecuteFunctions): Scope {
	const kind = context.getNodeParameter('managedUsers', 0, 'workflow');
	if (kind === 'workflow') return { kind };
	const text = String(context.getNodeParameter('emailPattern', 0, '')).trim();
	if (text.length > MAX_EMAIL_PATTERN_LENGTH) {
		throw new NodeOperationError(
			context.getNode(),
			`The Email Pattern is ${text.length} characters long, the limit is ${MAX_EMAIL_PATTERN_LENGTH}: shorten it`,
			{
				description:
					'No email address is longer. Give the domain the sync manages, e.g. *@students.school.edu',
			},
		);
	}
	// A pattern without a literal part after the @ would match every user: that is not a scope.
	if (!namesDomain(text)) {
		throw new NodeOperationError(
			context.getNode(),
			`The Email Pattern "${text}" would match users of any domain`,
			{ description: 'Give the domain the sync manages, e.g. *@students.school.edu' },
		);
	}
	return { kind: 'emailPattern', pattern: wildcard(text), text };
}

/** Removal works from the whole roster: a row it cannot read would make that person look gone. */
async function prepare(
	context: IExecuteFunctions,
	_settings: RunSettings,
	roster: RosterEntry[],
): Promise<RosterEntry[]> {
	const items = context.getInputData().length;
	const invalid = items - roster.length;
	if (invalid > 0) {
		// Read the items again (only on this failure path) to name the fields that failed.
		const errors: Array<{ message: string; description?: string | null }> = [];
		for (let itemIndex = 0; itemIndex < items; itemIndex++) {
			try {
				read(context, itemIndex);
			} catch (error) {
				errors.push(error as { message: string; description?: string | null });
			}
		}
		const fields = Object.values(LABELS).filter((label) =>
			errors.some(({ message, description }) =>
				`${message} ${description ?? ''}`.includes(`"${label}"`),
			),
		);
		const count = `${invalid} roster item${invalid === 1 ? '' : 's'}`;
		const problem =
			fields.length > 0
				? `${count} ${invalid === 1 ? 'has' : 'have'} no valid ${fields.map((label) => `"${label}"`).join(' or ')}`
				: `${count} could not be read`;
		const first = errors[0] ? ` First: ${errors[0].message}.` : '';
		throw new NodeOperationError(context.getNode(), `Nothing was removed: ${problem}`, {
			description: `Remove Leavers needs every person of the roster: a person it cannot read would look like a leaver. Fix the items and run again.${first}`,
		});
	}
	return roster;
}

async function executeAll(
	context: IExecuteFunctions,
	{ settings, state: roster }: OperationContext<RosterEntry[]>,
): Promise<WholeInputResult> {
	const scope = readScope(context);
	const guard = readGuard(context);
	const syncNodes = String(context.getNodeParameter('syncNodes', 0, ''))
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const emails = new Set(roster.map((entry) => entry.email));
	const logins = new Set(roster.flatMap((entry) => (entry.userName ? [entry.userName] : [])));
	const credentials = await getCredentialsOnce(context, RCAMS_CREDENTIAL);
	/** The credential's user name is the account's login or its email: either one is never removed. */
	const isOwnAccount = (login: unknown, email: unknown) =>
		sameText(login, credentials.username) || sameText(email, credentials.username);
	const namespace = await rcamsServer(context);

	const target: RemovalTarget = {
		vendor: 'RCAMS',
		managed: async (context) => {
			const users = await listUsers(context, { policy: settings.policy });
			if (scope.kind === 'emailPattern') {
				return users.filter((user) => scope.pattern.test(String(user.user_email ?? '')));
			}
			const managed = managedScope(context, namespace, syncNodes, {
				vendor: 'RCAMS',
				parameter: 'Create or Update Nodes',
			});
			return users.filter((user) => managed.has(String(user.user_token)));
		},
		// The credential's own account is kept like a roster person when its email is the credential's
		// user name (RCAMS does not say whether that is a login or an email): the list shows emails.
		inRoster: (user) =>
			emails.has(
				String(user.user_email ?? '')
					.trim()
					.toLowerCase(),
			) || isOwnAccount(undefined, user.user_email),
		// Only the credential's own account (by login) can drop out, unless logins are matched too.
		confirmDropsAtMost: logins.size > 0 ? undefined : 1,
		// The list has no logins: read each candidate's, to keep the credential's own account
		// and, when user names are given, people whose email changed.
		confirm: async (context, candidates) => {
			const withLogins = await mapConcurrently(
				candidates,
				itemsAtOnce(settings.policy),
				async (user): Promise<IDataObject> => ({
					...user,
					login: await loginOf(context, String(user.user_token), { policy: settings.policy }),
				}),
			);
			return withLogins.filter(
				({ login, user_email: email }) =>
					!isOwnAccount(login, email) &&
					!(typeof login === 'string' && logins.has(login.trim().toLowerCase())),
			);
		},
		remove: async (context, user, call) => await removeUser(context, String(user.user_token), call),
		output: (user) => ({
			userToken: user.user_token,
			fullName: user.user_name,
			email: user.user_email,
			...(user.login === undefined ? {} : { userName: user.login }),
		}),
		forget: (context, removed) =>
			forgetManaged(
				context,
				namespace,
				removed.map((user) => String(user.user_token)),
			),
	};
	if (context.getNodeParameter('whenGuardTrips', 0, 'stop') !== 'hold') {
		return await removeLeavers(context, settings, target, guard);
	}
	let held: INodeExecutionData[] = [];
	const removed = await removeLeavers(context, settings, target, guard, (trip) => {
		held = heldItems(context, trip, {
			server: namespace,
			scope: heldScope(scope, syncNodes),
			idOf: (user) => String(user.user_token),
			output: target.output,
			preview: settings.preview,
		});
	});
	return { outputs: [removed, held] };
}

/** The scope as held items carry it to the approval (which checks it again). */
function heldScope(scope: Scope, syncNodes: string[]): HeldScope {
	return scope.kind === 'workflow'
		? { managedUsers: 'workflow', syncNodes }
		: { managedUsers: 'emailPattern', emailPattern: scope.text };
}

export const operation = defineOperation({
	kind: 'remove',
	description,
	read,
	prepare,
	executeAll,
});
