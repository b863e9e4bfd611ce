import type { IDataObject, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import type { Member } from '../../../shared/changes';
import { addOnly, type MemberResult } from '../../../shared/sync';
import { integerIdList, validateItem } from '../../../shared/validation';
import { isMapped, mappingProperty, onVersions, readMapped } from '../../../shared/mapping';
import { readUserToken, tokenSchema, userLocator } from '../../descriptions';
import { adviceFor } from '../../errors';
import { toId } from '../../output';
import { rcamsRequest, rcamsServer } from '../../transport';
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
description.push(mappingProperty(GRANT_MAPPING, displayOptions));

const districtsSchema = z.object({
	districts: integerIdList().refine((ids) => ids.length > 0, 'needs at least one district'),
});

const grantSchema = districtsSchema.extend({ userToken: tokenSchema });
const GRANT_LABELS = Object.fromEntries(GRANT.fields.map((field) => [field.name, field.label]));

const RESULT = { added: 'added', present: 'alreadyGranted', refused: 'refused' } as const;

function outcomeOf(entry: IDataObject): MemberResult['outcome'] {
	if (entry.status !== 'OK') return 'refused';
	return /already/i.test(String(entry.message ?? '')) ? 'present' : 'added';
}

const idsWith = (results: MemberResult[], outcome: MemberResult['outcome']) =>
	results.filter((result) => result.outcome === outcome).map((result) => result.member);

/**
 * District grants on the engine's add-only sync: RCAMS cannot take a district away, and the node
 * remembers per user token the districts RCAMS confirmed granting.
 */
export const operation = addOnly({
	field: 'districts',
	keyField: 'userToken',
	description,
	namespace: rcamsServer,

	read: (context, itemIndex) => {
		if (isMapped(context)) {
			const { userToken, districts } = validateItem(
				context,
				grantSchema,
				readMapped(context, itemIndex, GRANT, 'upsert'),
				itemIndex,
				GRANT_LABELS,
			);
			return { key: userToken, wanted: districts };
		}
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
