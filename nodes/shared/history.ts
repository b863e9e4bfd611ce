import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * What a node last wrote, kept in n8n's deduplication store (`this.helpers`, scope "node",
 * so it follows the node, survives renames, lives in n8n's database and is shared by queue-mode
 * workers). It answers "has the vendor already accepted exactly this value?" for attributes
 * the vendor cannot read back (all of OPSCOM; VALT rooms and video access; RCAMS notes and
 * district grants).
 *
 * n8n stores a set of MD5 fingerprints, not a map, so an old value cannot be looked up or
 * deleted on its own. To keep "changed back to an earlier value" from looking unchanged, the
 * history is rebuilt at the end of every run from exactly what is true then: the entries that
 * were confirmed or written in this run. It therefore holds what the node's latest run accepted.
 */
const OPTIONS = { mode: 'entries' as const };
const SCOPE = 'node' as const;
const SEPARATOR = '\u001f';

export interface HistorySettings {
	/** Leaves the store exactly as it was (a preview writes nothing, not even here). */
	preview: boolean;
	/** Keeps the histories of two vendor instances apart (e.g. test and production). */
	namespace: string;
}

/** One history entry: a record's attribute value, or the record itself when `value` is omitted. */
export function historyEntry(namespace: string, recordId: string, key?: string, value?: string) {
	return [namespace, recordId, key, value].filter((part) => part !== undefined).join(SEPARATOR);
}

export class SyncHistory {
	private readonly known = new Set<string>();

	/** Entries the probe added to the store, to take out again after a preview. */
	private readonly probed: string[] = [];

	/** Per record, the entries that are true after this run. */
	private readonly kept = new Map<string, string[]>();

	private used = false;

	/** The store was empty before a preview: emptying it again is the exact (and fast) undo. */
	private emptyBefore = false;

	constructor(
		private readonly context: IExecuteFunctions,
		readonly settings: HistorySettings,
	) {}

	private get helpers() {
		return this.context.helpers;
	}

	/** n8n before 1.7x has no deduplication store for nodes: everything then counts as changed. */
	private get available(): boolean {
		return typeof this.helpers.checkProcessedAndRecord === 'function';
	}

	/** Looks up many entries at once (one database read and write for the whole run). */
	async probe(entries: string[]): Promise<void> {
		const unique = [...new Set(entries)].filter((entry) => !this.known.has(entry));
		if (!this.available || unique.length === 0) return;
		if (this.settings.preview && !this.used) {
			this.emptyBefore = (await this.helpers.getProcessedDataCount(SCOPE, OPTIONS)) === 0;
		}
		this.used = true;
		const result = await this.helpers.checkProcessedAndRecord(unique, SCOPE, OPTIONS);
		for (const entry of result.processed) this.known.add(String(entry));
		for (const entry of result.new) this.probed.push(String(entry));
	}

	has(entry: string): boolean {
		return this.known.has(entry);
	}

	/** Records that these are a record's current entries (confirmed unchanged, or just written). */
	keep(recordId: string, entries: string[]): void {
		this.kept.set(recordId, entries);
		for (const entry of entries) this.known.add(entry);
		this.used = true;
	}

	/** Saves the history: the entries kept in this run replace what was there before. */
	async close(): Promise<void> {
		if (!this.used || !this.available) return;
		if (this.settings.preview) {
			if (this.emptyBefore) await this.helpers.clearAllProcessedItems(SCOPE, OPTIONS);
			else if (this.probed.length > 0)
				await this.helpers.removeProcessed(this.probed, SCOPE, OPTIONS);
			return;
		}
		await this.helpers.clearAllProcessedItems(SCOPE, OPTIONS);
		const entries = [...this.kept.values()].flat();
		if (entries.length > 0) await this.helpers.checkProcessedAndRecord(entries, SCOPE, OPTIONS);
	}
}
