import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import {
	defineOperation,
	type OperationContext,
	type RunSettings,
} from '../../../shared/operation';
import { NodeState } from '../../../shared/state';
import { integerIdList, validateItem } from '../../../shared/validation';
import { readUserToken, userLocator } from '../../descriptions';
import { adviceFor } from '../../errors';
import { toId } from '../../output';
import { rcamsRequest, rcamsServer } from '../../transport';

const displayOptions = { show: { resource: ['user'], operation: ['assignDistricts'] } };

const description: INodeProperties[] = [
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
];

const districtsSchema = z.object({
	districts: integerIdList().refine((ids) => ids.length > 0, 'needs at least one district'),
});

type Outcome = 'added' | 'alreadyGranted' | 'refused';
interface DistrictResult {
	districtId: unknown;
	result: Outcome;
	message: unknown;
}

function outcomeOf(entry: IDataObject): Outcome {
	if (entry.status !== 'OK') return 'refused';
	return /already/i.test(String(entry.message ?? '')) ? 'alreadyGranted' : 'added';
}

const idsWith = (results: DistrictResult[], outcome: Outcome) =>
	results.filter((result) => result.result === outcome).map((result) => result.districtId);

interface Grant {
	token: string;
	ids: number[];
}

interface GrantState {
	/** Per user token, the districts RCAMS confirmed granting (grants only ever grow). */
	granted: NodeState;
}

const grantedIds = (granted: NodeState, token: string) =>
	new Set((granted.fact(token) ?? '').split(',').filter(Boolean).map(Number));

/** Reads and validates one item. */
function read(context: IExecuteFunctions, itemIndex: number): Grant {
	const token = readUserToken(context, itemIndex);
	const { districts } = validateItem(
		context,
		districtsSchema,
		{ districts: context.getNodeParameter('districts', itemIndex, []) },
		itemIndex,
		{ districts: 'District Names or IDs' },
	);
	return { token, ids: [...new Set(districts)] };
}

/** Loads the grants RCAMS confirmed in earlier runs. */
async function prepare(context: IExecuteFunctions, settings: RunSettings): Promise<GrantState> {
	const granted = await NodeState.open(context, await rcamsServer(context), {
		preview: settings.preview,
		everyone: settings.syncMode === 'all',
		additive: true,
	});
	return { granted };
}

async function execute(
	context: IExecuteFunctions,
	itemIndex: number,
	{ settings, state }: OperationContext<GrantState>,
	{ token, ids }: Grant,
): Promise<IDataObject> {
	const { granted } = state;
	const before = grantedIds(granted, token);
	const earlier = ids.filter((id) => before.has(id));
	const toSend = ids.filter((id) => !earlier.includes(id));
	const fromEarlier: DistrictResult[] = earlier.map((id) => ({
		districtId: id,
		result: 'alreadyGranted',
		message: 'Granted by this node in an earlier run (not sent again)',
	}));

	if (toSend.length === 0) return output('unchanged', token, fromEarlier);
	if (settings.preview) {
		return {
			...output('updated', token, fromEarlier),
			changes: [{ field: 'districts', to: toSend }],
			preview: true,
		};
	}

	// Granting is additive, so resending after a dropped connection is harmless.
	const response = await rcamsRequest(context, {
		path: 'userdistrict.php',
		body: { action: 'insert', usr_tokenid: token, district_list: toSend.join(',') },
		policy: settings.policy,
		itemIndex,
	});
	const entriesSent = Array.isArray(response.result) ? (response.result as IDataObject[]) : [];
	const results: DistrictResult[] = [
		...fromEarlier,
		...entriesSent.map((entry) => ({
			districtId: toId(entry.district_id),
			result: outcomeOf(entry),
			message: entry.message,
		})),
	].sort((a, b) => Number(a.districtId) - Number(b.districtId));
	// Only what RCAMS answered as granted is remembered.
	const confirmed = results.filter((result) => result.result !== 'refused');
	const all = new Set([...before, ...confirmed.map((result) => Number(result.districtId))]);
	granted.confirm(token, [...all].sort((a, b) => a - b).join(','));

	const added = idsWith(results, 'added');
	const result = output(added.length > 0 ? 'updated' : 'unchanged', token, results);
	const refused = results.filter((entry) => entry.result === 'refused');
	if (refused.length > 0) {
		const [first] = refused;
		const vendorMessage = String(first.message ?? 'refused');
		const advice = adviceFor(vendorMessage);
		throw new NodeApiError(context.getNode(), response as JsonObject, {
			message: `RCAMS refused district ${refused.map((r) => String(r.districtId)).join(', ')}: ${vendorMessage}`,
			description: `${advice ? `${advice}. ` : ''}The other districts were processed: added ${JSON.stringify(result.added)}, already granted ${JSON.stringify(result.alreadyGranted)}.`,
			itemIndex,
		});
	}
	return added.length > 0 ? { ...result, changes: [{ field: 'districts', to: added }] } : result;
}

function output(action: string, token: string, results: DistrictResult[]): IDataObject {
	return {
		action,
		userToken: token,
		added: idsWith(results, 'added'),
		alreadyGranted: idsWith(results, 'alreadyGranted'),
		districts: results as unknown as IDataObject[],
	};
}

export const operation = defineOperation({
	kind: 'sync',
	description,
	read,
	prepare,
	execute,
	finish: async (_context, { state }) => await state.granted.close(),
});
