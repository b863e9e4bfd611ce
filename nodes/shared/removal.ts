import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { mapConcurrently } from './concurrency';
import { itemsAtOnce } from './options';
import type { Call } from './operation';
import type { RunSettings } from './settings';
import { managedRecords } from './state';
import { validateItem } from './validation';

/** Which vendor records a removal may ever consider. */
export type Scope =
	| { kind: 'workflow' }
	| { kind: 'emailPattern'; pattern: Wildcard; text: string };

/** The limits above which a run removes nobody. */
export interface Guard {
	maxRemovals: number;
	/** Percent of the managed records. */
	maxShare: number;
}

/** A guard that tripped: who would have been removed, and why they were not. */
export interface GuardTrip {
	/** Everyone the run would have removed (confirmed leavers). */
	leavers: IDataObject[];
	managed: number;
	/** Share of the managed records, in percent. */
	share: number;
	guard: Guard;
	/** The limits the run went above. */
	exceeded: Array<'maxRemovals' | 'maxShare'>;
	/** "this run would remove 37 of the 420 <vendor> users this sync manages (8.8%), above …" */
	reason: string;
}

/** What a removal needs of a vendor: its records, how they match the roster, how one is removed. */
export interface RemovalTarget {
	vendor: string;
	/** The records in scope (managed), read once. */
	managed: (context: IExecuteFunctions, settings: RunSettings) => Promise<IDataObject[]>;
	/**
	 * Of the managed records not found in the roster by what the list shows, those that really
	 * left: reads what the list lacks (e.g. logins) and leaves out the credential's own account.
	 */
	confirm: (
		context: IExecuteFunctions,
		candidates: IDataObject[],
		settings: RunSettings,
	) => Promise<IDataObject[]>;
	/**
	 * How many candidates `confirm` can drop at most (e.g. 1: only the credential's own account),
	 * when known: a guard that would trip anyway then trips before the look-ups are spent.
	 */
	confirmDropsAtMost?: number;
	/** Whether a listed record is in the roster, by the keys the list carries. */
	inRoster: (record: IDataObject) => boolean;
	remove: (context: IExecuteFunctions, record: IDataObject, call: Call) => Promise<void>;
	/** What the node outputs about a removed (or, in a preview, to-be-removed) record. */
	output: (record: IDataObject) => IDataObject;
	/** Called with the records removed, e.g. to forget that the workflow managed them. */
	forget?: (context: IExecuteFunctions, removed: IDataObject[]) => void;
}

/** The longest Email Pattern accepted: as long as an email address can be. */
export const MAX_EMAIL_PATTERN_LENGTH = 254;

/** A compiled wildcard pattern (see wildcard()). */
export interface Wildcard {
	test: (text: string) => boolean;
}

/**
 * Whether `text` matches a wildcard pattern such as `*@students.school.edu`: `*` stands for any
 * characters (none included), everything else for itself, case ignored, the pattern's surrounding
 * spaces not part of it. Greedy two-pointer matching that goes back only to the last `*`: at most
 * pattern length × text length steps, where a regular expression made of the pattern backtracks
 * exponentially (8 `*` against 60 letters took 26 s).
 */
export function matchesWildcard(pattern: string, text: string): boolean {
	const p = pattern.trim().toLowerCase();
	const t = text.toLowerCase();
	let pi = 0;
	let ti = 0;
	// Where the last `*` was, and the text position it was last assumed to stop before.
	let star = -1;
	let resume = 0;
	while (ti < t.length) {
		if (pi < p.length && p[pi] === '*') {
			star = pi++;
			resume = ti;
		} else if (pi < p.length && p[pi] === t[ti]) {
			pi++;
			ti++;
		} else if (star >= 0) {
			// Let the last `*` take one more character, and match what follows it again.
			pi = star + 1;
			ti = ++resume;
		} else {
			return false;
		}
	}
	while (pi < p.length && p[pi] === '*') pi++;
	return pi === p.length;
}

/** A wildcard pattern ready to test texts with (see matchesWildcard()). */
export function wildcard(pattern: string): Wildcard {
	return { test: (text) => matchesWildcard(pattern, text) };
}

/**
 * Whether a pattern names a domain: some `@` with a letter or digit after it and no `*` after
 * that (`*@students.school.edu`, not `*@*` nor `*@*.edu`), which would match every user. One pass.
 */
export function namesDomain(pattern: string): boolean {
	const afterLastStar = pattern.slice(pattern.lastIndexOf('*') + 1);
	const at = afterLastStar.indexOf('@');
	return at >= 0 && /[a-z0-9]/i.test(afterLastStar.slice(at + 1));
}

const WHOLE_ROSTER_ADVICE =
	'Remove Leavers compares the roster with everyone the sync manages, so it must receive the whole roster in one run: connect it after Loop Over Items’ "done" output, or join several inputs with a Merge node first.';

/**
 * Refuses a run that sees only part of the roster (a batch of Loop Over Items, one of several
 * inputs): everyone in the other part would look like a leaver.
 */
export function requireWholeRoster(context: IExecuteFunctions): void {
	const node = context.getNode();
	const refuse = (why: string) =>
		new NodeOperationError(node, `Nothing was removed: ${why}`, {
			description: WHOLE_ROSTER_ADVICE,
		});
	const data = context.getWorkflowDataProxy(0);
	if (Number(data.$runIndex) > 0) {
		throw refuse('this node already ran in this execution, so each run sees part of the roster');
	}
	const main = { connectionType: NodeConnectionTypes.Main };
	const inputs = context
		.getParentNodes(node.name, { ...main, depth: 1 })
		.filter((parent) => !parent.disabled);
	if (inputs.length > 1) {
		const names = inputs.map((parent) => `"${parent.name}"`).join(', ');
		throw refuse(
			`its input is connected to ${inputs.length} nodes (${names}), so it runs once per input`,
		);
	}
	for (const ancestor of context.getParentNodes(node.name, main)) {
		if (!ancestor.type.endsWith('.splitInBatches')) continue;
		// Loop Over Items keeps in its node context whether its last batch has gone out.
		const loop = (data.$node as IDataObject)[ancestor.name] as { context?: IDataObject };
		if (loop?.context?.noItemsLeft !== true) {
			throw refuse(`it runs inside the loop of "${ancestor.name}", one batch at a time`);
		}
	}
}

/**
 * The records a roster may remove: those the covered Create or Update nodes created or matched,
 * minus any that another sync node of the workflow manages (a staff roster never removes
 * students). `covered` empty means "the one sync node": with several, the user must choose.
 */
export function managedScope(
	context: IExecuteFunctions,
	server: string,
	covered: string[],
	{ vendor, parameter }: { vendor: string; parameter: string },
): Set<string> {
	const records = managedRecords(context, server);
	const known = records.map((record) => `"${record.node}"`).join(', ');
	if (covered.length === 0 && records.length > 1) {
		throw new NodeOperationError(
			context.getNode(),
			`Nothing was removed: ${records.length} nodes of this workflow sync ${vendor} users (${known})`,
			{ description: `Name in "${parameter}" the nodes whose users this roster covers.` },
		);
	}
	const missing = covered.filter((name) => !records.some((record) => record.node === name));
	if (missing.length > 0) {
		throw new NodeOperationError(
			context.getNode(),
			`Nothing was removed: no node named ${missing.map((name) => `"${name}"`).join(', ')} has synced ${vendor} users in this workflow`,
			{
				description: `"${parameter}" names ${vendor} Create or Update nodes of this workflow that have run at least once outside the editor (known: ${known || 'none'}). A renamed node is known by its new name after its next run.`,
			},
		);
	}
	const incomplete = records.filter((record) => record.incomplete).map((r) => `"${r.node}"`);
	if (incomplete.length > 0) {
		throw new NodeOperationError(
			context.getNode(),
			`Nothing was removed: ${incomplete.join(', ')} ran without what earlier runs of this workflow remembered, so the ${vendor} users it synced before are not known`,
			{
				description:
					'Once after a run that died before n8n saved anything, this clears itself the next night. Every night means n8n does not pass the workflow’s static data to the process that runs it (n8n 2.41 in queue mode): use "Users Whose Email Matches" there.',
			},
		);
	}
	const isCovered = (node: string) => covered.length === 0 || covered.includes(node);
	const scope = new Set<string>();
	for (const record of records.filter((r) => isCovered(r.node))) {
		for (const id of record.ids) scope.add(id);
	}
	for (const record of records.filter((r) => !isCovered(r.node))) {
		for (const id of record.ids) scope.delete(id);
	}
	return scope;
}

/** The guard's parameters: defined here, beside the code that reads them and the messages that name them. */
const GUARD = {
	maxRemovals: { displayName: 'Max Removals per Run', default: 10 },
	maxShare: { displayName: 'Max Share of Managed Users (%)', default: 5 },
};

/** The guard's editor fields, for a Remove Leavers operation of `vendor`. */
export function guardProperties(
	displayOptions: IDisplayOptions,
	vendor: string,
): INodeProperties[] {
	return [
		{
			...GUARD.maxRemovals,
			name: 'maxRemovals',
			type: 'number',
			typeOptions: { minValue: 0 },
			displayOptions,
			description: `Above this, the run removes nobody and fails saying how many it would have removed: one broken SIS export must never empty ${vendor}`,
		},
		{
			...GUARD.maxShare,
			name: 'maxShare',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			displayOptions,
			description:
				'Above this share of the managed users, the run removes nobody and fails saying how many it would have removed',
		},
	];
}

const guardSchema = z.object({
	maxRemovals: z
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(0, 'cannot be negative')
		.max(100_000, 'is larger than any roster'),
	maxShare: z
		.number({ invalid_type_error: 'must be a number' })
		.min(0, 'cannot be negative')
		.max(100, 'is a percentage: at most 100'),
});

export function readGuard(context: IExecuteFunctions): Guard {
	return validateItem(
		context,
		guardSchema,
		{
			maxRemovals: context.getNodeParameter('maxRemovals', 0, GUARD.maxRemovals.default),
			maxShare: context.getNodeParameter('maxShare', 0, GUARD.maxShare.default),
		},
		0,
		{ maxRemovals: GUARD.maxRemovals.displayName, maxShare: GUARD.maxShare.displayName },
	);
}

/**
 * Finds the managed records that left the roster and removes them, unless that would be more
 * than the guard allows: then nobody is removed and the node fails saying how many would have
 * been, the limit, and how to raise it. One output item per removed record; a vendor refusal
 * for one record is that record's error, and the others go on.
 */
export async function removeLeavers(
	context: IExecuteFunctions,
	settings: RunSettings,
	target: RemovalTarget,
	guard: Guard,
	/** When given, a tripped guard hands the leavers to it (nobody removed) instead of failing. */
	hold?: (trip: GuardTrip) => void,
): Promise<INodeExecutionData[]> {
	requireWholeRoster(context);
	const managed = await target.managed(context, settings);
	const candidates = managed.filter((record) => !target.inRoster(record));
	const fewest = candidates.length - (target.confirmDropsAtMost ?? candidates.length);
	// Holding needs exactly who would go, so only a failing run may stop before the look-ups.
	if (!hold && fewest > 0 && exceededLimits(guard, fewest, managed.length).length > 0) {
		throw guardError(
			context,
			tripOf(target.vendor, [], fewest, managed.length, guard, 'at least '),
		);
	}
	const leavers = await target.confirm(context, candidates, settings);
	if (exceededLimits(guard, leavers.length, managed.length).length > 0) {
		const trip = tripOf(target.vendor, leavers, leavers.length, managed.length, guard, '');
		if (!hold) throw guardError(context, trip);
		hold(trip);
		return [];
	}
	return await removeRecords(context, settings, target, leavers);
}

/** Which limits removing `count` of `managed` records goes above. */
function exceededLimits(guard: Guard, count: number, managed: number): GuardTrip['exceeded'] {
	const exceeded: GuardTrip['exceeded'] = [];
	if (count > guard.maxRemovals) exceeded.push('maxRemovals');
	if (managed > 0 && (count / managed) * 100 > guard.maxShare) exceeded.push('maxShare');
	return exceeded;
}

/**
 * Removes exactly these records (or, in a preview, lists them). One output item per record;
 * a vendor refusal is that record's error item, and the others go on.
 */
export async function removeRecords(
	context: IExecuteFunctions,
	settings: RunSettings,
	target: Pick<RemovalTarget, 'vendor' | 'remove' | 'output' | 'forget'>,
	leavers: IDataObject[],
	extra: IDataObject = {},
): Promise<INodeExecutionData[]> {
	// Every output item stands for the whole roster: a leaver is, by definition, in no input item.
	const pairedItem = context.getInputData().map((_, item) => ({ item }));
	if (settings.preview) {
		return leavers.map((record) => ({
			json: { action: 'removed', ...target.output(record), ...extra, preview: true },
			pairedItem,
		}));
	}

	const removed: IDataObject[] = [];
	const failures: Error[] = [];
	const results = await mapConcurrently(
		leavers,
		itemsAtOnce(settings.policy),
		async (record): Promise<INodeExecutionData> => {
			try {
				await target.remove(context, record, { policy: settings.policy, itemIndex: 0 });
				removed.push(record);
				const json = { action: 'removed', ...target.output(record), ...extra, deleted: true };
				return { json, pairedItem };
			} catch (error) {
				failures.push(error as Error);
				const { message, description } = error as { message: string; description?: string };
				const details = description ? { details: description } : {};
				return { json: { ...target.output(record), error: message, ...details }, pairedItem };
			}
		},
	);
	target.forget?.(context, removed);

	if (failures.length > 0 && !context.continueOnFail()) {
		throw new NodeOperationError(context.getNode(), failures[0], {
			message: `${target.vendor} refused ${failures.length} of ${leavers.length} removals: ${failures[0].message}`,
			description: `${removed.length} leavers were removed; the others were tried too. Turn on "Continue On Fail" (Settings → On Error) to get one item per removal, failures included.`,
		});
	}
	return results;
}

function tripOf(
	vendor: string,
	leavers: IDataObject[],
	count: number,
	managed: number,
	guard: Guard,
	qualifier: string,
): GuardTrip {
	const share = managed === 0 ? 0 : (count / managed) * 100;
	return {
		leavers,
		managed,
		share: Math.round(share * 10) / 10,
		guard,
		exceeded: exceededLimits(guard, count, managed),
		reason: `this run would remove ${qualifier}${count} of the ${managed} ${vendor} users this sync manages (${share.toFixed(1)}%), above the limit of ${guard.maxRemovals} per run and ${guard.maxShare}%`,
	};
}

function guardError(context: IExecuteFunctions, trip: GuardTrip): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Nothing was removed: ${trip.reason}`, {
		description: `A short or broken roster (an empty SIS export, a wrong file, a filter) looks like everybody left. Check the input items first. If these people really left, raise "${GUARD.maxRemovals.displayName}" and "${GUARD.maxShare.displayName}" for one run, ideally with Options → Preview (Dry Run) on first, or set "When the Guard Trips" to "Hold for Approval" to have a person approve exactly this set.`,
	});
}
