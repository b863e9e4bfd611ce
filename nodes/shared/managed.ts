import type { IExecuteFunctions } from 'n8n-workflow';

import { historyEntry } from './history';

/**
 * The vendor records a workflow's sync manages: those its Create or Update created or matched.
 * Kept in n8n's deduplication store at workflow scope, so every node of the workflow (the
 * Create or Update that marks them, the Remove Leavers that may remove them) sees the same set,
 * and it outlives the clear-and-rebuild of each node's own history.
 */
const OPTIONS = { mode: 'entries' as const };
const SCOPE = 'workflow' as const;
const MANAGED = 'managed';

export class ManagedRecords {
	constructor(
		private readonly context: IExecuteFunctions,
		private readonly namespace: string,
	) {}

	private marker(recordId: string) {
		return historyEntry(this.namespace, recordId, MANAGED);
	}

	private get available(): boolean {
		return typeof this.context.helpers.checkProcessedAndRecord === 'function';
	}

	/** Marks records as managed (those already marked stay so). */
	async add(recordIds: string[]): Promise<void> {
		if (!this.available || recordIds.length === 0) return;
		await this.context.helpers.checkProcessedAndRecord(
			recordIds.map((id) => this.marker(id)),
			SCOPE,
			OPTIONS,
		);
	}

	/** Which of these records are managed; leaves the store as it was. */
	async which(recordIds: string[]): Promise<Set<string>> {
		if (!this.available || recordIds.length === 0) return new Set();
		const byMarker = new Map(recordIds.map((id) => [this.marker(id), id]));
		const result = await this.context.helpers.checkProcessedAndRecord(
			[...byMarker.keys()],
			SCOPE,
			OPTIONS,
		);
		// The look-up recorded the markers it did not know: take them out again.
		if (result.new.length > 0)
			await this.context.helpers.removeProcessed(result.new, SCOPE, OPTIONS);
		return new Set(result.processed.map((marker) => byMarker.get(String(marker)) as string));
	}

	/** Forgets records that no longer exist. */
	async remove(recordIds: string[]): Promise<void> {
		if (!this.available || recordIds.length === 0) return;
		await this.context.helpers.removeProcessed(
			recordIds.map((id) => this.marker(id)),
			SCOPE,
			OPTIONS,
		);
	}
}
