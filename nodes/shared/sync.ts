import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	factOf,
	missingMembers,
	rememberedChanges,
	sortedMembers,
	unionFact,
	vendorChanges,
	type Change,
	type Member,
} from './changes';
import { readSimplify, simplifyProperty, withRaw } from './descriptions';
import { recordProperties, requireRecord, type Field, type RecordTable } from './fields';
import { mappingProperty, onVersions, readFields } from './mapping';
import { Held, leanOutput, writeOutput } from './records';
import { NodeState } from './state';
import { defineOperation, type Call, type DefinedOperation, type RunSettings } from './operation';
import type { RequestPolicy } from './options';

/** What a write tells of the record (a new record's id, under the vendor's key), and the vendor's answer. */
export interface Written {
	record: IDataObject;
	response?: IDataObject;
}

/**
 * One kind of vendor record as Create or Update sees it: the field table plus how to find,
 * create and update a record. Everything else (locking duplicates, change detection, preview,
 * what the node remembers, the output vocabulary) is the engine's. Every write operation of the three
 * nodes says what it did in `action`: created, updated, unchanged or removed.
 */
export interface SyncTarget {
	table: RecordTable;
	/** The node's `resourceMapping` method that lists the table's fields (version 2, see mapping.ts). */
	mapping: string;
	/**
	 * The field that identifies the person (e.g. a unique ID, or what "Match On" says): its value
	 * as given is what a lean output and a failed item carry to say whom they are about.
	 */
	keyField: string | ((context: IExecuteFunctions, itemIndex: number) => string);
	/** The person's key, as the vendor matches it (e.g. a user name in lower case). */
	keyOf: (context: IExecuteFunctions, itemIndex: number, values: IDataObject) => string;
	/** The vendor server the credential points at: keeps one instance's state apart from another's. */
	namespace: (context: IExecuteFunctions) => Promise<string>;
	/**
	 * The vendor's records, read once per run. Vendors without a read API leave it out:
	 * a record then counts as existing once the vendor confirmed a write of it (the node's state).
	 */
	list?: (context: IExecuteFunctions, policy: RequestPolicy) => Promise<IDataObject[]>;
	/** The key of a listed record, comparable with keyOf. */
	recordKeyOf?: (record: IDataObject) => string | undefined;
	/** A lookup beyond the list (e.g. a key the list lacks, read with one Get per candidate). */
	find?: (
		context: IExecuteFunctions,
		run: { listed: IDataObject[]; cache: Map<string, unknown> },
		values: IDataObject,
		call: Call,
	) => Promise<IDataObject | undefined>;
	/** A stable id of the record for the node's state; before creation, the key. */
	recordId: (record: IDataObject | undefined, key: string) => string;
	create: (context: IExecuteFunctions, values: IDataObject, call: Call) => Promise<Written>;
	/**
	 * Sends an existing record every field the roster gives (`fields`), not only the changed
	 * ones: no vendor documents that an omitted field is kept.
	 */
	update: (
		context: IExecuteFunctions,
		record: IDataObject,
		values: IDataObject,
		fields: string[],
		call: Call,
	) => Promise<Written>;
	/**
	 * Whether the workflow remembers the records this Create or Update created or matched, so a
	 * Remove Leavers of the same workflow may consider them (vendors with a documented delete).
	 */
	tracksManaged?: boolean;
}

/** What a sync node remembers on this server, as the run's Preview and Sync Mode say. */
async function openMemory(
	context: IExecuteFunctions,
	server: string,
	settings: RunSettings,
	options: { managed?: boolean; additive?: boolean },
): Promise<NodeState> {
	return await NodeState.open(context, server, {
		preview: settings.preview,
		everyone: settings.syncMode === 'all',
		...options,
	});
}

/** Runs tasks one after another per key, so two items for one person never race. */
export class KeyedLock {
	private readonly tails = new Map<string, Promise<unknown>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const current = previous.then(task, task);
		const tail = current.catch(() => undefined);
		this.tails.set(key, tail);
		try {
			return await current;
		} finally {
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}
}

export interface SyncInput {
	values: IDataObject;
	key: string;
	/** Whether write-only values (passwords) go to existing records too. */
	sendWriteOnly: boolean;
	/** Whether the output leaves out the vendor's own answer (see `UpsertOptions.simplify`). */
	simplify: boolean;
}

export interface SyncState {
	settings: RunSettings;
	/** What the vendor confirmed in earlier runs, and in this one. */
	memory: NodeState;
	listed: IDataObject[];
	/** Records by key: listed or found, then as written in this run (duplicates see the first write). */
	records: Map<string, Held>;
	/** For the target's lookups within one run. */
	cache: Map<string, unknown>;
	lock: KeyedLock;
}

/** Settings of a Create or Update operation beyond its record fields. */
export interface UpsertOptions {
	/** Extra editor fields shown before the record's fields (e.g. "Match On"). */
	before?: INodeProperties[];
	/** Extra editor fields shown after them (e.g. "Update Existing Passwords"). */
	after?: INodeProperties[];
	/** Reads whether write-only values go to existing records (e.g. "Update Existing Passwords"). */
	sendWriteOnly?: (context: IExecuteFunctions, itemIndex: number) => boolean;
	/**
	 * The description of a Simplify switch, for vendors whose own answer is worth keeping: off,
	 * the output carries it under `raw`.
	 */
	simplify?: string;
}

/** The Create or Update operation of a record kind, built from its sync target. */
export function createOrUpdate(
	sync: SyncTarget,
	displayOptions: { show: Record<string, string[]> },
	options: UpsertOptions = {},
): DefinedOperation {
	return defineOperation<SyncState, SyncInput>({
		kind: 'sync',
		description: [
			...(options.before ?? []),
			...onVersions(recordProperties(sync.table, displayOptions, 'upsert'), [1]),
			mappingProperty(sync.mapping, displayOptions),
			...(options.after ?? []),
			...(options.simplify ? [simplifyProperty(displayOptions, options.simplify)] : []),
		],

		read: (context, itemIndex) => {
			const values = readFields(context, itemIndex, sync.table, 'upsert');
			return {
				values,
				key: sync.keyOf(context, itemIndex, values),
				sendWriteOnly: options.sendWriteOnly?.(context, itemIndex) ?? false,
				simplify: options.simplify ? readSimplify(context, itemIndex) : true,
			};
		},

		prepare: async (context, settings) => {
			const server = await sync.namespace(context);
			const listed = sync.list ? await sync.list(context, settings.policy) : [];
			const records = new Map<string, Held>();
			for (const record of listed) {
				const key = sync.recordKeyOf?.(record);
				if (key !== undefined && !records.has(key)) records.set(key, new Held(sync.table, record));
			}
			const memory = await openMemory(context, server, settings, { managed: sync.tracksManaged });
			// A complete list says which records still exist: forget the others.
			if (sync.list && !settings.preview) {
				const existing = new Set(listed.map((record) => sync.recordId(record, '')));
				memory.forget(memory.ids().filter((id) => !existing.has(id)));
			}
			return { settings, memory, listed, records, cache: new Map(), lock: new KeyedLock() };
		},

		execute: async (context, itemIndex, { state }, input) =>
			await state.lock.run(
				input.key,
				async () => await upsert(context, sync, state, input, itemIndex),
			),

		subject: (context, itemIndex, { values }) => subjectOf(sync, context, itemIndex, values),

		finish: async (_context, { state }) => await state.memory.close(),
	});
}

/** The person's key field and its value as given (see `SyncTarget.keyField`). */
function subjectOf(
	sync: SyncTarget,
	context: IExecuteFunctions,
	itemIndex: number,
	values: IDataObject,
): IDataObject {
	const field =
		typeof sync.keyField === 'string' ? sync.keyField : sync.keyField(context, itemIndex);
	return values[field] === undefined ? {} : { [field]: values[field] };
}

/** What an update would change: read fields against the record, remembered ones against the state. */
function detectChanges(
	sync: SyncTarget,
	state: SyncState,
	held: Held,
	recordId: string,
	{ values, sendWriteOnly }: SyncInput,
): { changes: Change[]; changed: string[]; fact?: string } {
	const updatable = sync.table.fields.filter(
		(field) => field.updatable !== false && values[field.name] !== undefined,
	);
	if (state.settings.syncMode === 'all') {
		const sent = updatable.filter((field) => field.compare !== 'never' || sendWriteOnly);
		return {
			changes: sent.map((field) => ({ field: field.name, to: visible(field, values) })),
			changed: sent.map((field) => field.name),
		};
	}
	const { changes, changed } = vendorChanges(updatable, values, held);
	const remembered = rememberedChanges(sync.table, values, state.memory.fact(recordId));
	for (const field of remembered.fields) {
		changed.push(field.name);
		changes.push({ field: field.name, to: values[field.name] });
	}
	if (sendWriteOnly) {
		for (const field of updatable.filter((f) => f.compare === 'never')) {
			changed.push(field.name);
			changes.push({ field: field.name, to: visible(field, values) });
		}
	}
	return { changes, changed, fact: remembered.fact };
}

/** Every field an update sends: all the roster gives, write-only ones only when asked. */
function fieldsToSend(sync: SyncTarget, { values, sendWriteOnly }: SyncInput): string[] {
	return sync.table.fields
		.filter(
			(field) =>
				field.updatable !== false &&
				values[field.name] !== undefined &&
				(field.compare !== 'never' || sendWriteOnly),
		)
		.map((field) => field.name);
}

/** A value as a change may show it: write-only values (passwords) never are. */
const visible = (field: Field, values: IDataObject) =>
	field.compare === 'never' ? '(set)' : values[field.name];

async function upsert(
	context: IExecuteFunctions,
	sync: SyncTarget,
	state: SyncState,
	input: SyncInput,
	itemIndex: number,
): Promise<IDataObject> {
	const { settings, memory } = state;
	const { values, key } = input;
	const call = { policy: settings.policy, itemIndex };
	const preview = settings.preview ? { preview: true } : {};
	const output = (shown: IDataObject, held: Held | undefined, written?: Written) =>
		withRaw(
			settings.fullRecord
				? writeOutput(sync.table, shown, held, written?.response)
				: leanOutput(
						sync.table,
						subjectOf(sync, context, itemIndex, values),
						held,
						written?.response,
					),
			written?.response ?? held?.record ?? {},
			input.simplify,
		);
	/** The vendor confirmed the record holds these values (written, or read and compared). */
	const confirmed = (held: Held, fact = factOf(sync.table, values)) =>
		memory.confirm(sync.recordId(held.record, key), fact);

	let held = state.records.get(key);
	if (!held && sync.find) {
		const found = await sync.find(context, state, values, call);
		if (found) state.records.set(key, (held = new Held(sync.table, found)));
	}
	// No read API: the record exists once the vendor confirmed a write of it.
	if (!held && !sync.list && memory.has(sync.recordId(undefined, key))) {
		held = new Held(sync.table, {});
	}

	if (!held) {
		const valid = requireRecord(context, itemIndex, sync.table, 'create', values);
		if (settings.preview) {
			// Nothing is written, so a second item for this person is compared with nothing.
			state.records.set(key, new Held(sync.table, {}));
			return { action: 'created', ...output(valid, undefined), ...preview };
		}
		const written = await sync.create(context, valid, call);
		const created = new Held(sync.table, written.record, valid);
		state.records.set(key, created);
		confirmed(created);
		return { action: 'created', ...output(valid, created, written) };
	}

	const recordId = sync.recordId(held.record, key);
	const { changes, changed, fact } = detectChanges(sync, state, held, recordId, input);
	if (changed.length === 0) {
		if (!settings.preview) confirmed(held, fact);
		return { action: 'unchanged', ...output(values, held) };
	}
	if (settings.preview) {
		return { action: 'updated', ...output(values, held), changes, ...preview };
	}
	// Until the vendor answers, what it holds is unknown.
	memory.unsure(recordId);
	const fields = fieldsToSend(sync, input);
	const written = await sync.update(context, held.record, values, fields, call);
	const updated = held.after(
		written.record,
		Object.fromEntries(fields.map((name) => [name, values[name]])),
	);
	state.records.set(key, updated);
	confirmed(updated, fact);
	return { action: 'updated', ...output(values, updated, written), changes };
}

/**
 * What the vendor answered for one member it was sent: `added`, `present` (it held it already) or
 * `refused`. Members the vendor confirmed in an earlier run are not sent; the engine reports them
 * as `present` and `remembered`.
 */
export interface MemberResult {
	member: Member;
	outcome: 'added' | 'present' | 'refused';
	message?: unknown;
	remembered?: true;
}

/** One item of an add-only sync: whose set, and the members it should hold. */
export interface AddOnlyInput {
	/** The record's key; absent when the item names its record otherwise (`named`, see `AddOnlyTarget.resolve`). */
	key?: string;
	wanted: Member[];
	/** What else the item says of whom it is about, as given (e.g. an email): output beside the key. */
	named?: IDataObject;
}

/**
 * An add-only, set-valued attribute of a record (grants the vendor cannot take away), as the
 * engine syncs it: the wanted members are compared with those the vendor confirmed, only the
 * missing ones are sent, and the node remembers the union of what the vendor confirmed. The
 * engine gives Preview, Sync Mode, per-person locking, the state and `action`/`changes`; the
 * vendor gives the editor fields, the request and the rest of the output.
 */
export interface AddOnlyTarget<Loaded = unknown> {
	/** The attribute's name in `changes`. */
	field: string;
	/** The key's name in the output (e.g. `userToken`): all a lean output says beside `action` and `changes`. */
	keyField: string;
	description: INodeProperties[];
	/** Reads and validates one item. */
	read: (context: IExecuteFunctions, itemIndex: number) => AddOnlyInput;
	/** The vendor server the credential points at (see `SyncTarget.namespace`). */
	namespace: (context: IExecuteFunctions) => Promise<string>;
	/**
	 * Finds the key of an item that has none from what it `named` (e.g. a user token by email).
	 * `load` reads what that takes once per run, before anything is sent, and only when some item
	 * has no key; `key` looks one item up in it, and throws when it cannot tell.
	 */
	resolve?: {
		load: (context: IExecuteFunctions, call: Call) => Promise<Loaded>;
		key: (
			context: IExecuteFunctions,
			loaded: Loaded,
			input: AddOnlyInput,
			itemIndex: number,
		) => Promise<string>;
	};
	/** Sends the missing members; the vendor's answer per member sent. */
	add: (
		context: IExecuteFunctions,
		key: string,
		members: Member[],
		call: Call,
	) => Promise<{ results: MemberResult[]; response: IDataObject }>;
	/** The output beyond `action` and `changes`, from every wanted member's result in order. */
	output: (key: string, results: MemberResult[]) => IDataObject;
	/** The error of an item some of whose members the vendor refused (the others were processed). */
	refused: (
		context: IExecuteFunctions,
		refused: MemberResult[],
		output: IDataObject,
		response: IDataObject,
		itemIndex: number,
	) => Error;
}

/** What `resolve.load` read for the items without a key, or the error it failed with. */
type Lookup<Loaded> = { loaded: Loaded } | { error: unknown };

interface AddOnlyState<Loaded> {
	settings: RunSettings;
	/** Per key, the members the vendor confirmed (see `unionFact`). */
	memory: NodeState;
	lock: KeyedLock;
	/** Absent when every item has its key. */
	lookup?: Lookup<Loaded>;
}

/** The operation that syncs an add-only, set-valued attribute (see `AddOnlyTarget`). */
export function addOnly<Loaded>(target: AddOnlyTarget<Loaded>): DefinedOperation {
	return defineOperation<AddOnlyState<Loaded>, AddOnlyInput>({
		kind: 'sync',
		description: target.description,
		read: target.read,
		prepare: async (context, settings, inputs) => ({
			settings,
			lookup: await lookUp(context, target, settings, inputs),
			memory: await openMemory(context, await target.namespace(context), settings, {
				additive: true,
			}),
			lock: new KeyedLock(),
		}),
		execute: async (context, itemIndex, { state }, input) => {
			const key = input.key ?? (await resolveKey(context, target, state, input, itemIndex));
			return await state.lock.run(
				key,
				async () => await addMissing(context, target, state, { ...input, key }, itemIndex),
			);
		},
		subject: (_context, _itemIndex, { key, named }) => ({
			...(key === undefined ? {} : { [target.keyField]: key }),
			...named,
		}),
		finish: async (_context, { state }) => await state.memory.close(),
	});
}

/**
 * Reads what finding the missing keys takes, once, before anything is sent, and only when an
 * item has no key. A failure is the error of each item that needed it (the others go on); with
 * On Error → Stop the run would stop at the first of them, so it stops before sending anything.
 */
async function lookUp<Loaded>(
	context: IExecuteFunctions,
	target: AddOnlyTarget<Loaded>,
	settings: RunSettings,
	inputs: AddOnlyInput[],
): Promise<Lookup<Loaded> | undefined> {
	if (!target.resolve || inputs.every((input) => input.key !== undefined)) return undefined;
	const loading = target.resolve.load(context, { policy: settings.policy });
	if (!context.continueOnFail()) return { loaded: await loading };
	return await loading.then(
		(loaded) => ({ loaded }),
		(error: unknown) => ({ error }),
	);
}

async function resolveKey<Loaded>(
	context: IExecuteFunctions,
	target: AddOnlyTarget<Loaded>,
	{ lookup }: AddOnlyState<Loaded>,
	input: AddOnlyInput,
	itemIndex: number,
): Promise<string> {
	if (!target.resolve || !lookup) {
		// read() gave no key, and this operation cannot find one: a mistake in the operation.
		throw new NodeOperationError(context.getNode(), 'The item names no record to add to', {
			itemIndex,
		});
	}
	if ('error' in lookup) throw lookup.error;
	return await target.resolve.key(context, lookup.loaded, input, itemIndex);
}

async function addMissing<Loaded>(
	context: IExecuteFunctions,
	target: AddOnlyTarget<Loaded>,
	{ settings, memory }: AddOnlyState<Loaded>,
	{ key, wanted, named }: AddOnlyInput & { key: string },
	itemIndex: number,
): Promise<IDataObject> {
	const fact = memory.fact(key);
	const { confirmed, missing } = missingMembers(wanted, fact);
	/** The output beyond `action` and `changes`: the target's in full, else only whose set it is. */
	const described = (results: MemberResult[]) => ({
		[target.keyField]: key,
		...named,
		...(settings.fullRecord ? target.output(key, results) : {}),
	});
	const kept: MemberResult[] = confirmed.map((member) => ({
		member,
		outcome: 'present',
		remembered: true,
	}));
	if (missing.length === 0) return { action: 'unchanged', ...described(kept) };
	if (settings.preview) {
		return {
			action: 'updated',
			...described(kept),
			changes: [{ field: target.field, to: missing }],
			preview: true,
		};
	}

	// Adding is idempotent, so resending after a dropped connection is harmless.
	const { results, response } = await target.add(context, key, missing, {
		policy: settings.policy,
		itemIndex,
	});
	// Only what the vendor answered as held is remembered.
	const held = results.filter((result) => result.outcome !== 'refused');
	memory.confirm(
		key,
		unionFact(
			fact,
			held.map((result) => result.member),
		),
	);

	const all = sortedMembers([...kept, ...results]);
	const added = all.filter((result) => result.outcome === 'added').map((result) => result.member);
	const action = added.length > 0 ? 'updated' : 'unchanged';
	const refused = all.filter((result) => result.outcome === 'refused');
	if (refused.length > 0) {
		// The error names every member's outcome, whatever the output's size.
		const output = { action, ...target.output(key, all) };
		throw target.refused(context, refused, output, response, itemIndex);
	}
	const output = { action, ...described(all) };
	return added.length > 0 ? { ...output, changes: [{ field: target.field, to: added }] } : output;
}
