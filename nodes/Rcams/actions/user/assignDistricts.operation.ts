import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import type { OperationContext } from '../../../shared/operation';
import { integerIdList, validateItem } from '../../../shared/validation';
import { readUserToken, userLocator } from '../../descriptions';
import { adviceFor } from '../../errors';
import { toId } from '../../output';
import { rcamsRequest } from '../../transport';

const displayOptions = { show: { resource: ['user'], operation: ['assignDistricts'] } };

export const description: INodeProperties[] = [
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
		hint: 'An expression may give a list or comma-separated IDs, e.g. 1,4,7. Districts the user already has stay granted: RCAMS cannot take one away.',
	},
];

const districtsSchema = z.object({
	districts: integerIdList().refine((ids) => ids.length > 0, 'needs at least one district'),
});

type Outcome = 'added' | 'alreadyGranted' | 'refused';

function outcomeOf(entry: IDataObject): Outcome {
	if (entry.status !== 'OK') return 'refused';
	return /already/i.test(String(entry.message ?? '')) ? 'alreadyGranted' : 'added';
}

const idsWith = (results: IDataObject[], outcome: Outcome) =>
	results.filter((result) => result.result === outcome).map((result) => result.districtId);

/** Reads and validates one item (synchronous, so the runner can overlap it with requests). */
export function read(this: IExecuteFunctions, itemIndex: number): { token: string; ids: number[] } {
	const token = readUserToken(this, itemIndex);
	const { districts } = validateItem(
		this,
		districtsSchema,
		{ districts: this.getNodeParameter('districts', itemIndex, []) },
		itemIndex,
		{ districts: 'District Names or IDs' },
	);
	return { token, ids: [...new Set(districts)] };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ policy }: OperationContext<undefined>,
	{ token, ids }: { token: string; ids: number[] },
): Promise<IDataObject> {
	// Granting is additive, so resending after a dropped connection is harmless.
	const response = await rcamsRequest(
		this,
		'userdistrict.php',
		{ action: 'insert', usr_tokenid: token, district_list: ids.join(',') },
		{ policy, itemIndex },
	);

	const entries = Array.isArray(response.result) ? (response.result as IDataObject[]) : [];
	const results = entries.map((entry) => ({
		districtId: toId(entry.district_id),
		result: outcomeOf(entry),
		message: entry.message,
	}));
	const output = {
		userToken: token,
		added: idsWith(results, 'added'),
		alreadyGranted: idsWith(results, 'alreadyGranted'),
		districts: results,
	};

	const refused = results.filter((result) => result.result === 'refused');
	if (refused.length > 0) {
		const [first] = refused;
		const vendorMessage = String(first.message ?? 'refused');
		const advice = adviceFor(vendorMessage);
		throw new NodeApiError(this.getNode(), response as JsonObject, {
			message: `RCAMS refused district ${refused.map((r) => String(r.districtId)).join(', ')}: ${vendorMessage}`,
			description: `${advice ? `${advice}. ` : ''}The other districts were processed: added ${JSON.stringify(output.added)}, already granted ${JSON.stringify(output.alreadyGranted)}.`,
			itemIndex,
		});
	}
	return output;
}
