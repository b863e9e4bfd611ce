import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { Member } from '../../../shared/changes';
import { addOnly, type AddOnlyInput, type MemberResult } from '../../../shared/sync';
import { compact, email, integerIdList, validateItem } from '../../../shared/validation';
import {
	fromMappedVersion,
	isMapped,
	mappingProperty,
	noneOf,
	onVersions,
	readMapped,
} from '../../../shared/mapping';
import { readUserToken, tokenSchema, userLocator } from '../../descriptions';
import { adviceFor } from '../../errors';
import { toId } from '../../output';
import { listUsers, rcamsRequest, rcamsServer } from '../../transport';
import { GRANT, GRANT_MAPPING } from './fields';

const displayOptions = { show: { resource: ['user'], operation: ['assignDistricts'] } };

const description: INodeProperties[] = onVersions(
	[
		userLocator(displayOptions),
		{
			displayName: 'District Names or IDs',
			name: 'districts',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getDistricts' },
			required: true,
			default: [],
			displayOptions,
			description:
				'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			hint: 'An expression may give a list or comma-separated IDs, e.g. 1,4,7. Districts the user already has stay granted: RCAMS cannot take one away. A grant this node made in an earlier run is not sent again (Sync Mode: Only Changes).',
		},
	],
	[1],
);
description.push(
	{
		displayName:
			"Give each item the user's User Token or Email (with both, the token is used). Items with only an email make the node read RCAMS's user list once per run to find the token.",
		name: 'assignDistrictsNotice',
		type: 'notice',
		default: '',
		displayOptions: fromMappedVersion(displayOptions),
	},
	mappingProperty(GRANT_MAPPING, displayOptions),
);

const districtsSchema = z.object({
	districts: integerIdList().refine((ids) => ids.length > 0, 'needs at least one district'),
});

const grantSchema = districtsSchema.extend({
	userToken: tokenSchema.optional(),
	email: email().optional(),
});
const GRANT_LABELS = Object.fromEntries(GRANT.fields.map((field) => [field.name, field.label]));

/** Version 2: the user by token, or by email (looked up in the user list); the token wins. */
function readGrant(context: IExecuteFunctions, itemIndex: number): AddOnlyInput {
	const values = compact(readMapped(context, itemIndex, GRANT, 'upsert'));
	if (values.userToken === undefined && values.email === undefined) {
		throw noneOf(
			context,
			itemIndex,
			GRANT,
			['userToken', 'email'],
			"Assign Districts needs the user: its token, or its email, which the node looks up in RCAMS's user list.",
		);
	}
	const given = validateItem(context, grantSchema, values, itemIndex, GRANT_LABELS);
	const named = given.email === undefined ? {} : { named: { email: given.email } };
	return { key: given.userToken, wanted: given.districts, ...named };
}

/** RCAMS's user tokens by email (trimmed, lower case), from one read of the user list. */
function tokensByEmail(users: IDataObject[]): Map<string, string[]> {
	const byEmail = new Map<string, string[]>();
	for (const user of users) {
		const address = String(user.user_email).trim().toLowerCase();
		byEmail.set(address, [...(byEmail.get(address) ?? []), String(user.user_token)]);
	}
	return byEmail;
}

/** The token of the one RCAMS user with the item's email; none or several fail the item. */
function tokenOf(
	context: IExecuteFunctions,
	byEmail: Map<string, string[]>,
	address: string,
	itemIndex: number,
): string {
	const tokens = byEmail.get(address.trim().toLowerCase()) ?? [];
	if (tokens.length === 1) {
		// Read as a token given is (the node's state is keyed by it); RCAMS listing something
		// else is a surprise that must not become a grant.
		const token = tokenSchema.safeParse(tokens[0]);
		if (token.success) return token.data;
		return fail(
			context,
			`RCAMS lists the user with the email ${address} with a user token that is not one (${tokens[0]})`,
			'An RCAMS user token is 64 characters, 0-9 and a-f. Give the item the User Token from the RCAMS user list, or ask the RCAMS administrator about this user.',
			itemIndex,
		);
	}
	if (tokens.length === 0) {
		return fail(
			context,
			`No RCAMS user has the email ${address}`,
			"Assign Districts finds the user by email in RCAMS's user list, read when this run started. Run Create or Update RCAMS User before Assign Districts (in a preview it creates nobody), or give the item the user's User Token.",
			itemIndex,
		);
	}
	// Tokens are not secrets: they name the users for the administrator.
	return fail(
		context,
		`${tokens.length} RCAMS users have the email ${address}`,
		`RCAMS lists these users with it: ${tokens.join(', ')}. Assign Districts cannot tell which one is meant: give the item the User Token of the right one, or ask the RCAMS administrator to remove the duplicate.`,
		itemIndex,
	);
}

function fail(context: IExecuteFunctions, message: string, why: string, itemIndex: number): never {
	throw new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description: `${why} Nothing was sent for this item.`,
	});
}

const RESULT = { added: 'added', present: 'alreadyGranted', refused: 'refused' } as const;

function outcomeOf(entry: IDataObject): MemberResult['outcome'] {
	if (entry.status !== 'OK') return 'refused';
	return /already/i.test(String(entry.message ?? '')) ? 'present' : 'added';
}

const idsWith = (results: MemberResult[], outcome: MemberResult['outcome']) =>
	results.filter((result) => result.outcome === outcome).map((result) => result.member);

/**
 * District grants on the engine's add-only sync: RCAMS cannot take a district away, and the node
 * remembers per user token the districts RCAMS confirmed granting. A user given by email is
 * found by its token first, so runs by email and by token share what the node remembers.
 */
export const operation = addOnly({
	field: 'districts',
	keyField: 'userToken',
	description,
	namespace: rcamsServer,

	read: (context, itemIndex) => {
		if (isMapped(context)) return readGrant(context, itemIndex);
		const token = readUserToken(context, itemIndex);
		const { districts } = validateItem(
			context,
			districtsSchema,
			{ districts: context.getNodeParameter('districts', itemIndex, []) },
			itemIndex,
			{ districts: 'District Names or IDs' },
		);
		return { key: token, wanted: districts };
	},

	resolve: {
		// One read of the user list serves every item given by email.
		load: async (context, call) => tokensByEmail(await listUsers(context, call)),
		key: async (context, byEmail, { named }, itemIndex) =>
			tokenOf(context, byEmail, String(named?.email), itemIndex),
	},

	add: async (context, token, ids, call) => {
		const response = await rcamsRequest(context, {
			path: 'userdistrict.php',
			body: { action: 'insert', usr_tokenid: token, district_list: ids.join(',') },
			...call,
		});
		const entries = Array.isArray(response.result) ? (response.result as IDataObject[]) : [];
		const results = entries.map(
			(entry): MemberResult => ({
				member: toId(entry.district_id) as Member,
				outcome: outcomeOf(entry),
				message: entry.message,
			}),
		);
		return { results, response };
	},

	output: (token, results) => ({
		userToken: token,
		added: idsWith(results, 'added'),
		alreadyGranted: idsWith(results, 'present'),
		districts: results.map(({ member, outcome, message, remembered }) => ({
			districtId: member,
			result: RESULT[outcome],
			message: remembered ? 'Granted by this node in an earlier run (not sent again)' : message,
		})) as IDataObject[],
	}),

	refused: (context, refused, output, response, itemIndex) => {
		const vendorMessage = String(refused[0].message ?? 'refused');
		const advice = adviceFor(vendorMessage);
		return new NodeApiError(context.getNode(), response as JsonObject, {
			message: `RCAMS refused district ${refused.map((r) => String(r.member)).join(', ')}: ${vendorMessage}`,
			description: `${advice ? `${advice}. ` : ''}The other districts were processed: added ${JSON.stringify(output.added)}, already granted ${JSON.stringify(output.alreadyGranted)}.`,
			itemIndex,
		});
	},
});
