import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GuardTrip } from './removal';

/**
 * Removals held for a person's approval. When Remove Leavers' guard trips with "Hold for
 * Approval", nobody is removed and each would-be leaver leaves by the node's second output as
 * one item that says who, why, the limits, and the held set: its identifier, its size, the run
 * that held it and the scope the sync manages. An approval operation takes these items back and
 * removes exactly that set, in that run, once (see readHeldSet and recordApprovalUse).
 */

/** Which records the removal managed, as the held items carry it to the approval. */
export type HeldScope =
	| { managedUsers: 'workflow'; syncNodes: string[] }
	| { managedUsers: 'emailPattern'; emailPattern: string };

export interface HeldSet {
	/** Same for the same records on the same server and scope; any change gives another. */
	id: string;
	size: number;
	/** The execution that held the set: an approval is valid in that execution only. */
	executionId: string;
	heldAt: string;
	scope: HeldScope;
	/** Held by a preview: its approval lists the users and removes nobody either. */
	preview?: boolean;
}

/** The set identifier: a SHA-256 over the vendor server, the scope and the sorted record ids. */
export function heldSetId(server: string, scope: HeldScope, ids: string[]): string {
	const sorted = [...ids].sort();
	const text = JSON.stringify([server, scope, sorted]);
	return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** One held item per record the tripped guard kept. */
export function heldItems(
	context: IExecuteFunctions,
	trip: GuardTrip,
	{
		server,
		scope,
		idOf,
		output,
		preview,
	}: {
		server: string;
		scope: HeldScope;
		idOf: (record: IDataObject) => string;
		output: (record: IDataObject) => IDataObject;
		preview: boolean;
	},
): INodeExecutionData[] {
	const ids = trip.leavers.map(idOf);
	const heldSet: HeldSet = {
		id: heldSetId(server, scope, ids),
		size: ids.length,
		executionId: String(context.getExecutionId() ?? ''),
		heldAt: new Date().toISOString(),
		scope,
		...(preview ? { preview } : {}),
	};
	const pairedItem = context.getInputData().map((_, item) => ({ item }));
	return trip.leavers.map((record) => ({
		json: {
			action: 'held',
			...output(record),
			why: `Held for approval: ${trip.reason}`,
			exceeded: trip.exceeded,
			wouldRemove: ids.length,
			managedUsers: trip.managed,
			sharePercent: trip.share,
			limits: { maxRemovals: trip.guard.maxRemovals, maxShare: trip.guard.maxShare },
			heldSet: heldSet as unknown as IDataObject,
			...(preview ? { preview: true } : {}),
		},
		pairedItem,
	}));
}

const HELD_FIELD = 'Held Users';

/**
 * Reads the held items back (as the approval's "Held Users" parameter gives them) and checks
 * that they are one whole held set, unchanged, held in this very execution on this server:
 * the identifier recomputed from the items must be the one they carry. Returns the set and
 * the record ids.
 */
export function readHeldSet(
	context: IExecuteFunctions,
	value: unknown,
	{ server, idField }: { server: string; idField: string },
): { set: HeldSet; ids: string[] } {
	const refuse = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), `Nothing was removed: ${message}`, {
			description,
			itemIndex: 0,
		});
	let items = value;
	if (typeof items === 'string') {
		try {
			items = JSON.parse(items);
		} catch {
			items = undefined;
		}
	}
	const mapHint = `Map "${HELD_FIELD}" to the items of the Remove Leavers node's "Held for Approval" output, e.g. {{ $('Remove Leavers').all(1) }} (your node's name).`;
	if (!Array.isArray(items) || items.length === 0) {
		throw refuse(`"${HELD_FIELD}" holds no held users`, mapHint);
	}
	const records = items.map((item) =>
		item && typeof item === 'object' && 'json' in item ? (item as { json: unknown }).json : item,
	) as Array<IDataObject | undefined>;
	const first = records[0]?.heldSet as HeldSet | undefined;
	if (
		records.some(
			(record) =>
				typeof record?.[idField] !== 'string' ||
				(record.heldSet as HeldSet | undefined)?.id !== first?.id,
		) ||
		typeof first?.id !== 'string'
	) {
		throw refuse(
			`"${HELD_FIELD}" is not one held set: every item needs "${idField}" and the same "heldSet"`,
			mapHint,
		);
	}
	const ids = records.map((record) => String(record![idField]));
	if (new Set(ids).size !== ids.length || ids.length !== first.size) {
		throw refuse(
			`"${HELD_FIELD}" has ${ids.length} items for a held set of ${first.size} (${new Set(ids).size} different users)`,
			`An approval applies to the whole held set, exactly. ${mapHint}`,
		);
	}
	if (heldSetId(server, first.scope, ids) !== first.id) {
		throw refuse(
			`the held users are not the set ${first.id} that was held, or were held on another server`,
			'An approval applies to exactly the set that was held: a changed set needs a new approval. The next run holds its leavers again.',
		);
	}
	const executionId = String(context.getExecutionId() ?? '');
	if (first.executionId === '' || first.executionId !== executionId) {
		throw refuse(
			`set ${first.id} was held by execution ${first.executionId || '(unknown)'}, and this is execution ${executionId || '(unknown)'}`,
			'An approval is valid only in the run that held the set (the one that sent the approval request): it does not carry to a retry or to the next night. The next run holds its leavers again and asks anew.',
		);
	}
	return { set: first, ids };
}

/**
 * Records that this approval is being used, and refuses one already used. It is recorded
 * before anything is removed: recorded after, a run that died between removing and recording
 * would leave an approval usable again for the users whose removal had not happened yet. An
 * approval spent on a removal that then failed costs only a new approval (those users are held
 * again by the next run); an approval used twice would remove without a person's consent.
 */
export async function recordApprovalUse(context: IExecuteFunctions, set: HeldSet): Promise<void> {
	const key = `approval:${set.id}:${set.executionId}`;
	let result;
	try {
		result = await context.helpers.checkProcessedAndRecord([key], 'workflow', {
			mode: 'entries',
			maxEntries: 10_000,
		});
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`Nothing was removed: n8n could not record that the approval of set ${set.id} is used (${(error as Error).message})`,
			{
				description:
					'An approval must not be usable twice. Run again; if this persists, check n8n’s database.',
			},
		);
	}
	if (result.processed.length > 0) {
		throw new NodeOperationError(
			context.getNode(),
			`Nothing was removed: the approval of set ${set.id} was already used`,
			{
				description:
					'An approval removes its set once. The next run holds the users who are still leavers again and asks for a new approval.',
			},
		);
	}
}
