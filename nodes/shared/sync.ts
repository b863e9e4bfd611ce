import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { comparedBy, readChanges, rememberedEntries, type Change } from './changes';
import {
	readRecord,
	recordProperties,
	validateRecord,
	type Field,
	type RecordTable,
} from './fields';
import { historyEntry, SyncHistory } from './history';
import { ManagedRecords } from './managed';
import type { Operation, RunSettings } from './operation';
import type { RequestPolicy } from './options';

export interface WriteCall {
	policy: RequestPolicy;
	itemIndex: number;
}

/** A record as the vendor holds it after a write, and the vendor's answer. */
export interface Written {
	record: IDataObject;
	response?: IDataObject;
}

/**
 * One kind of vendor record as Create or Update sees it: the field table plus how to find,
 * create and update a record. Everything else (locking duplicates, change detection, preview,
 * the sync history, the output vocabulary) is the engine's. Every write operation of the three
 * nodes says what it did in `action`: created, updated, unchanged or removed.
 */
export interface SyncTarget {
	table: RecordTable;
	/** The person's key, as the vendor matches it (e.g. a user name in lower case). */
	keyOf: (values: IDataObject, itemIndex: number, context: IExecuteFunctions) => string;
	/** Keeps the history of one vendor instance apart from another's. */
	namespace: (context: IExecuteFunctions) => Promise<string>;
	/**
	 * The vendor's records, read once per run. Vendors without a read API (OPSCOM) leave it out:
	 * a record then counts as existing once the sync history has it.
	 */
	list?: (context: IExecuteFunctions, policy: RequestPolicy) => Promise<IDataObject[]>;
	/** The key of a listed record, comparable with keyOf. */
	recordKeyOf?: (record: IDataObject) => string | undefined;
	/** A lookup beyond the list (RCAMS finds logins with one Get per candidate). */
	find?: (
		context: IExecuteFunctions,
		run: { listed: IDataObject[]; cache: Map<string, unknown> },
		values: IDataObject,
		call: WriteCall,
	) => Promise<IDataObject | undefined>;
	/** A stable id of the record for the sync history; before creation, the key. */
	recordId: (record: IDataObject | undefined, key: string) => string;
	create: (context: IExecuteFunctions, values: IDataObject, call: WriteCall) => Promise<Written>;
	update: (
		context: IExecuteFunctions,
		record: IDataObject,
		values: IDataObject,
		changed: string[],
		call: WriteCall,
	) => Promise<Written>;
	/**
	 * Whether the workflow remembers the records this Create or Update created or matched, so a
	 * Remove Leavers of the same workflow may consider them (vendors with a documented delete).
	 */
	tracksManaged?: boolean;
	/** What the node outputs about the record (never a password); `extra` is what `readExtra` read. */
	output: (
		values: IDataObject,
		record: IDataObject | undefined,
		written: Written | undefined,
		extra: IDataObject,
	) => IDataObject;
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
	/** Per-item settings the output needs (e.g. RCAMS's Simplify). */
	extra: IDataObject;
}

export interface SyncState {
	namespace: string;
	settings: RunSettings;
	history: SyncHistory;
	listed: IDataObject[];
	/** Records by key: listed or found, then as written in this run (duplicates see the first write). */
	records: Map<string, IDataObject>;
	/** For the target's lookups within one run. */
	cache: Map<string, unknown>;
	lock: KeyedLock;
	/** Records created or matched in this run (see SyncTarget.tracksManaged). */
	managed: string[];
}

/** Settings of a Create or Update operation beyond its record fields. */
export interface UpsertOptions {
	/** Extra editor fields shown before the record's fields (e.g. "Match On"). */
	before?: INodeProperties[];
	/** Extra editor fields shown after them (e.g. "Update Existing Passwords"). */
	after?: INodeProperties[];
	/** Reads whether write-only values go to existing records (VALT's "Update Existing Passwords"). */
	sendWriteOnly?: (context: IExecuteFunctions, itemIndex: number) => boolean;
	/** Reads per-item settings for the output. */
	readExtra?: (context: IExecuteFunctions, itemIndex: number) => IDataObject;
}

const PRESENT = 'present';

/** The Create or Update operation of a record kind, built from its sync target. */
export function createOrUpdate(
	sync: SyncTarget,
	displayOptions: { show: Record<string, string[]> },
	options: UpsertOptions = {},
): Operation<SyncState, SyncInput> {
	return {
		description: [
			...(options.before ?? []),
			...recordProperties(sync.table, displayOptions, 'upsert'),
			...(options.after ?? []),
		],

		read(this: IExecuteFunctions, itemIndex: number): SyncInput {
			const values = readRecord(this, itemIndex, sync.table, 'upsert');
			return {
				values,
				key: sync.keyOf(values, itemIndex, this),
				sendWriteOnly: options.sendWriteOnly?.(this, itemIndex) ?? false,
				extra: options.readExtra?.(this, itemIndex) ?? {},
			};
		},

		async prepare(this: IExecuteFunctions, settings: RunSettings, inputs: SyncInput[]) {
			const namespace = await sync.namespace(this);
			const listed = sync.list ? await sync.list(this, settings.policy) : [];
			const records = new Map<string, IDataObject>();
			for (const record of listed) {
				const key = sync.recordKeyOf?.(record);
				if (key !== undefined && !records.has(key)) records.set(key, record);
			}
			const history = new SyncHistory(this, { preview: settings.preview, namespace });
			// One look-up for the whole run: every remembered value of every person ("Everyone"
			// sends them all anyway, so then only whether the node has sent the person before).
			const everyone = settings.syncMode === 'all';
			await history.probe(
				inputs.flatMap(({ values, key }) => {
					const id = sync.recordId(records.get(key), key);
					if (!everyone) return historyEntries(sync, namespace, id, values);
					return sync.list ? [] : [historyEntry(namespace, id, PRESENT)];
				}),
			);
			return {
				namespace,
				settings,
				history,
				listed,
				records,
				cache: new Map(),
				lock: new KeyedLock(),
				managed: [],
			};
		},

		async execute(this: IExecuteFunctions, itemIndex, { state }, input) {
			return await state.lock.run(
				input.key,
				async () => await upsert(this, sync, state, input, itemIndex),
			);
		},

		async finish(this: IExecuteFunctions, { state }) {
			if (sync.tracksManaged && !state.settings.preview) {
				await new ManagedRecords(this, state.namespace).add(state.managed);
			}
			await state.history.close();
		},
	};
}

/** A record's history entries: its remembered values and, without a read API, that it exists. */
function historyEntries(
	sync: SyncTarget,
	namespace: string,
	recordId: string,
	values: IDataObject,
) {
	const remembered = rememberedEntries(sync.table, namespace, recordId, values).map((r) => r.entry);
	return sync.list ? remembered : [historyEntry(namespace, recordId, PRESENT), ...remembered];
}

/** What an update would change: read fields against the record, remembered ones against the history. */
function detectChanges(
	sync: SyncTarget,
	state: SyncState,
	record: IDataObject,
	recordId: string,
	{ values, sendWriteOnly }: SyncInput,
): { changes: Change[]; changed: string[] } {
	const updatable = sync.table.fields.filter(
		(field) => field.updatable !== false && values[field.name] !== undefined,
	);
	if (state.settings.syncMode === 'all') {
		const sent = updatable.filter((field) => comparedBy(field) !== 'never' || sendWriteOnly);
		return {
			changes: sent.map((field) => ({ field: field.name, to: shown(field, values) })),
			changed: sent.map((field) => field.name),
		};
	}
	const { changes, changed } = readChanges(updatable, values, record);
	for (const { field, entry } of rememberedEntries(sync.table, state.namespace, recordId, values)) {
		if (state.history.has(entry)) continue;
		changed.push(field.name);
		changes.push({ field: field.name, to: values[field.name] });
	}
	if (sendWriteOnly) {
		for (const field of updatable.filter((f) => comparedBy(f) === 'never')) {
			changed.push(field.name);
			changes.push({ field: field.name, to: shown(field, values) });
		}
	}
	return { changes, changed };
}

/** A value as the output may show it: write-only values (passwords) never are. */
const shown = (field: Field, values: IDataObject) =>
	comparedBy(field) === 'never' ? '(set)' : values[field.name];

async function upsert(
	context: IExecuteFunctions,
	sync: SyncTarget,
	state: SyncState,
	input: SyncInput,
	itemIndex: number,
): Promise<IDataObject> {
	const { settings, history, namespace } = state;
	const { values, key, extra } = input;
	const call = { policy: settings.policy, itemIndex };
	const preview = settings.preview ? { preview: true } : {};
	const keep = (record: IDataObject) => {
		const recordId = sync.recordId(record, key);
		history.keep(recordId, historyEntries(sync, namespace, recordId, values));
		state.managed.push(recordId);
	};

	let record = state.records.get(key);
	if (!record && sync.find) {
		record = await sync.find(context, state, values, call);
		if (record) state.records.set(key, record);
	}
	if (!record && !sync.list) {
		// No read API: the history says whether this node has sent the person before.
		const known = history.has(historyEntry(namespace, sync.recordId(undefined, key), PRESENT));
		if (known) record = {};
	}

	if (!record) {
		const valid = validateRecord(context, itemIndex, sync.table, 'create', values);
		if (settings.preview) {
			state.records.set(key, {});
			return { action: 'created', ...sync.output(valid, undefined, undefined, extra), ...preview };
		}
		const written = await sync.create(context, valid, call);
		state.records.set(key, written.record);
		keep(written.record);
		return { action: 'created', ...sync.output(valid, written.record, written, extra) };
	}

	const { changes, changed } = detectChanges(
		sync,
		state,
		record,
		sync.recordId(record, key),
		input,
	);
	if (changed.length === 0) {
		keep(record);
		return { action: 'unchanged', ...sync.output(values, record, undefined, extra) };
	}
	if (settings.preview) {
		return {
			action: 'updated',
			...sync.output(values, record, undefined, extra),
			changes,
			...preview,
		};
	}
	const written = await sync.update(context, record, values, changed, call);
	state.records.set(key, written.record);
	keep(written.record);
	return { action: 'updated', ...sync.output(values, written.record, written, extra), changes };
}
