import { createHash, randomBytes } from 'node:crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * What a node remembers between runs: per vendor record, the values the vendor confirmed.
 * It records a fact only after the vendor confirmed it, and is never written in order to be read.
 *
 * Where: the workflow's static data (`getWorkflowStaticData('global')`, one key per node id and
 * vendor server, so renaming a node keeps it). n8n saves static data once, when an execution
 * ends (also a failed one); it saves nothing for manual editor runs, nor when the process dies.
 * So a run that never ends properly leaves the state of the run before it.
 *
 * That older state is still true unless the lost run wrote other values to the vendor. To know,
 * every run that writes first records a marker "writes from generation G" in n8n's
 * deduplication store, which is saved at once; each saved state has a new generation. A run that
 * finds the marker of the generation it starts from already recorded knows that another run
 * wrote from the same state and did not save after it (it died, its save failed, it was a
 * manual run, or it is still running): it trusts no remembered value and sends them all. Runs
 * also record their end; a run during which another run started or ended saves its state as
 * untrusted, so the run after it sends everything once more. Store failures only ever lead to
 * sending more, never less.
 */

const STATIC_KEY = 'campusSafety';
const FORMAT = 1;
/** Two markers a writing run; n8n drops the oldest past this (about 140 years of nightly runs). */
const MARKERS = { mode: 'entries' as const, maxEntries: 100_000 };

/** One node's memory for one vendor server, as saved in the workflow. */
interface Saved {
	format: number;
	/** The node's name when it last ran: Remove Leavers finds sync nodes by name. */
	node: string;
	server: string;
	/** Whether the records are ones a Remove Leavers of this workflow may remove. */
	managed: boolean;
	generation: string;
	trusted: boolean;
	/** Per record id, what the vendor confirmed (see `fingerprint`). */
	facts: Record<string, string>;
	/**
	 * Whether this run started without the state an earlier writing run left (see `unloaded`):
	 * then its facts are only this run's, and leavers synced earlier are not among them.
	 */
	incomplete: boolean;
}

const staticKey = (nodeId: string, server: string) => `${STATIC_KEY}:${nodeId}:${server}`;

function savedStates(context: IExecuteFunctions): Array<[string, Saved]> {
	const all = context.getWorkflowStaticData('global');
	return Object.entries(all).filter(
		([key, value]) =>
			key.startsWith(`${STATIC_KEY}:`) && (value as Saved | undefined)?.format === FORMAT,
	) as Array<[string, Saved]>;
}

export interface StateOptions {
	/** A preview reads the state and changes nothing, not even a marker. */
	preview: boolean;
	/** Records a Remove Leavers may remove (vendors with a documented delete). */
	managed?: boolean;
	/** Whether the facts can only grow (additive grants): then a lost run cannot falsify them. */
	additive?: boolean;
	/** Sync Mode "Everyone": remembered values are not used, everyone is sent. */
	everyone?: boolean;
}

export class NodeState {
	private readonly facts: Map<string, string>;

	/** Whether remembered values may be used to skip a person in this run. */
	private trusted: boolean;

	private readonly generation: string;

	private markersBefore: number | undefined;

	private readonly runMarker = randomBytes(9).toString('base64url');

	/** Records confirmed in this run: after an untrusted start, the only values known again. */
	private readonly confirmedNow = new Set<string>();

	/**
	 * An earlier run wrote, yet no saved state was loaded: that run died before n8n saved anything
	 * (once), or n8n did not hand the workflow's static data to this process at all. n8n 2.41 in
	 * queue mode does the latter: a new execution's snapshot keeps only the workflow's id, name,
	 * nodes, connections and settings (`toWorkflowSnapshot`), and the worker does not reload it.
	 */
	private unloaded = false;

	private readonly saved: Saved | undefined;

	private constructor(
		private readonly context: IExecuteFunctions,
		private readonly server: string,
		private readonly options: StateOptions,
		saved: Saved | undefined,
	) {
		this.saved = saved;
		this.facts = new Map(Object.entries(saved?.facts ?? {}));
		this.generation = saved?.generation ?? 'none';
		this.trusted = (saved?.trusted ?? true) && !options.everyone;
	}

	/** Loads the node's state; a run that will write records its marker first (see above). */
	static async open(
		context: IExecuteFunctions,
		server: string,
		options: StateOptions,
	): Promise<NodeState> {
		const key = staticKey(context.getNode().id, server);
		const found = context.getWorkflowStaticData('global')[key] as Saved | undefined;
		const saved = found?.format === FORMAT ? found : undefined;
		const state = new NodeState(context, server, options, saved);
		if (options.preview || options.additive) return state;
		if (await state.recordStart()) state.trusted = false;
		return state;
	}

	private get startMarker() {
		return `writes:${this.server}:${this.generation}`;
	}

	/** Returns whether another run already wrote from this generation without saving after it. */
	private async recordStart(): Promise<boolean> {
		const helpers = this.context.helpers;
		let result;
		try {
			result = await helpers.checkProcessedAndRecord(
				[this.startMarker, this.runMarker],
				'node',
				MARKERS,
			);
		} catch (error) {
			throw new NodeOperationError(
				this.context.getNode(),
				`Nothing was sent: n8n could not record that this run writes (${(error as Error).message})`,
				{
					description:
						'The sync marks in n8n’s database that it is about to write, so a run that dies half-way is repaired by the next one. Run the workflow again; if this persists, check n8n’s database.',
				},
			);
		}
		try {
			this.markersBefore = await helpers.getProcessedDataCount('node', MARKERS);
		} catch {
			this.markersBefore = undefined;
		}
		const wroteBefore = result.processed.map(String).includes(this.startMarker);
		if (wroteBefore && this.saved === undefined) {
			this.unloaded = true;
			this.context.logger.warn(
				`Node "${this.context.getNode().name}" found no saved state although an earlier run wrote: it sends everyone, and Remove Leavers removes nobody this run. If this happens every run, n8n is not passing the workflow's static data to this process (queue mode).`,
			);
		}
		return wroteBefore;
	}

	/** Whether another run started while this one ran (then this run's state is not trusted). */
	private async overlapped(): Promise<boolean> {
		if (this.markersBefore === undefined) return true;
		try {
			const now = await this.context.helpers.getProcessedDataCount('node', MARKERS);
			if (now !== this.markersBefore) return true;
			// n8n's store has no lock: a run starting at the same instant may have overwritten our
			// marker. Recording it again tells (it is meant to be recorded: nothing new is kept).
			const check = await this.context.helpers.checkProcessedAndRecord(
				[this.runMarker],
				'node',
				MARKERS,
			);
			return check.new.length > 0;
		} catch {
			return true;
		}
	}

	/** Tells runs still going that this one ended during them (their state is then not trusted). */
	private async recordEnd(): Promise<void> {
		try {
			await this.context.helpers.checkProcessedAndRecord(
				[`ended:${this.runMarker}`],
				'node',
				MARKERS,
			);
		} catch (error) {
			this.context.logger.warn(
				`Node "${this.context.getNode().name}" could not record the end of its run: ${(error as Error).message}`,
			);
		}
	}

	/** Whether the vendor confirmed this record (created, or matched and read, or written). */
	has(recordId: string): boolean {
		return this.facts.has(recordId);
	}

	/** What the vendor confirmed of this record's remembered values, when that can be trusted. */
	fact(recordId: string): string | undefined {
		return this.trusted ? this.facts.get(recordId) : undefined;
	}

	/** Every record the vendor confirmed, whatever their values. */
	ids(): string[] {
		return [...this.facts.keys()];
	}

	/** Records what the vendor confirmed. */
	confirm(recordId: string, fact: string): void {
		this.facts.set(recordId, fact);
		this.confirmedNow.add(recordId);
	}

	/** Before a write whose outcome may stay unknown: the record stays known, its values not. */
	unsure(recordId: string): void {
		if (this.facts.has(recordId)) this.facts.set(recordId, '');
	}

	/** Forgets records the vendor no longer holds. */
	forget(recordIds: Iterable<string>): void {
		for (const id of recordIds) this.facts.delete(id);
	}

	/** Saves the state into the workflow (n8n writes it to its database when the run ends). */
	async close(): Promise<void> {
		if (this.options.preview) return;
		const overlapped = this.options.additive ? false : await this.overlapped();
		if (!this.options.additive) await this.recordEnd();
		if (!this.trusted) {
			// Values not confirmed again in this run stay as unsure as they were.
			for (const id of this.facts.keys()) if (!this.confirmedNow.has(id)) this.facts.set(id, '');
		}
		const node = this.context.getNode();
		const saved: Saved = {
			format: FORMAT,
			node: node.name,
			server: this.server,
			managed: this.options.managed ?? false,
			generation: randomBytes(9).toString('base64url'),
			trusted: !overlapped,
			facts: Object.fromEntries(this.facts),
			incomplete: this.unloaded,
		};
		this.context.getWorkflowStaticData('global')[staticKey(node.id, this.server)] =
			saved as unknown as IDataObject;
	}
}

/** The records sync nodes of this workflow manage on one vendor server, by node name. */
export function managedRecords(
	context: IExecuteFunctions,
	server: string,
): Array<{ node: string; ids: Set<string>; incomplete: boolean }> {
	return savedStates(context)
		.filter(([, saved]) => saved.managed && saved.server === server)
		.map(([, saved]) => ({
			node: saved.node,
			ids: new Set(Object.keys(saved.facts)),
			incomplete: saved.incomplete === true,
		}));
}

/** Forgets removed records in every sync node's state of this workflow. */
export function forgetManaged(context: IExecuteFunctions, server: string, ids: string[]): void {
	if (ids.length === 0) return;
	const all = context.getWorkflowStaticData('global');
	for (const [key, saved] of savedStates(context)) {
		if (!saved.managed || saved.server !== server) continue;
		const facts = { ...saved.facts };
		for (const id of ids) delete facts[id];
		all[key] = { ...saved, facts } as unknown as IDataObject;
	}
}

const FIELD_HASH_LENGTH = 5;
const ABSENT = '.';

const hashOf = (text: string) =>
	createHash('sha256').update(text).digest('base64url').slice(0, FIELD_HASH_LENGTH);

/**
 * A record's remembered values in compact form: per value, in a fixed order, 5 characters of
 * its SHA-256 (30 bits: a changed value looks unchanged about once in a billion changes), or
 * "." where the value is not given. About 6 bytes per given value in the saved state.
 */
export function fingerprint(values: Array<string | undefined>): string {
	return fingerprintParts(values).join('');
}

/** A fingerprint per value ("." where not given): hashed once, for `differing` and the new fact. */
export function fingerprintParts(values: Array<string | undefined>): string[] {
	return values.map((value) => (value === undefined ? ABSENT : hashOf(value)));
}

/**
 * The positions whose given value differs from a fingerprint (all given ones when none is
 * known), from the values' `fingerprintParts`.
 */
export function differing(parts: string[], fact: string | undefined): number[] {
	const known = parse(fact);
	const result: number[] = [];
	parts.forEach((part, index) => {
		if (part !== ABSENT && (known === undefined || known[index] !== part)) result.push(index);
	});
	return result;
}

function parse(fact: string | undefined): Array<string | undefined> | undefined {
	if (fact === undefined) return undefined;
	const parts: Array<string | undefined> = [];
	for (let at = 0; at < fact.length; ) {
		if (fact[at] === ABSENT) {
			parts.push(undefined);
			at += 1;
		} else {
			parts.push(fact.slice(at, at + FIELD_HASH_LENGTH));
			at += FIELD_HASH_LENGTH;
		}
	}
	return parts;
}
