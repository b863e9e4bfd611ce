/**
 * n8n's deduplication store for the in-process engine: the semantics of n8n 2.41's
 * DeduplicationHelper (packages/cli/src/deduplication) in "entries" mode, kept in memory
 * instead of the processed_data table. Values are MD5-hashed (base64) as n8n does, one list
 * per workflow and context ("n:<node id>" for scope node, "" for scope workflow).
 */
const { createHash } = require('node:crypto');
const { DataDeduplicationService } = require('n8n-core');

const hash = (value) => createHash('md5').update(value.toString()).digest('base64');

class InMemoryDeduplicator {
	constructor() {
		/** `${workflowId}|${context}` → { mode, data: string[] } */
		this.rows = new Map();
		/** Every call, for tests that count database round trips. */
		this.calls = [];
		/** Per method, how many of its next calls fail (as SQLite's "database is locked" does). */
		this.failures = {};
	}

	/** Makes the next call of `method` fail once. */
	failNext(method, times = 1) {
		this.failures[method] = (this.failures[method] ?? 0) + times;
	}

	fault(method) {
		if (!this.failures[method]) return;
		this.failures[method] -= 1;
		throw new Error('SQLITE_BUSY: database is locked');
	}

	key(scope, { workflow, node }) {
		const context = scope === 'node' ? `n:${node.id}` : '';
		return `${workflow.id}|${context}`;
	}

	async checkProcessedAndRecord(items, scope, contextData, options) {
		this.fault('checkProcessedAndRecord');
		this.calls.push({ method: 'checkProcessedAndRecord', count: items.length });
		if (options.mode !== 'entries')
			throw new Error('the test store only implements mode "entries"');
		const key = this.key(scope, contextData);
		const hashed = items.map(hash);
		const row = this.rows.get(key);
		if (!row) {
			if (options.maxEntries) hashed.splice(0, hashed.length - options.maxEntries);
			this.rows.set(key, { mode: options.mode, data: hashed });
			return { new: items, processed: [] };
		}
		const known = new Set(row.data);
		const result = { new: [], processed: [] };
		hashed.forEach((value, index) => {
			if (known.has(value)) result.processed.push(items[index]);
			else {
				result.new.push(items[index]);
				row.data.push(value);
			}
		});
		if (options.maxEntries) row.data.splice(0, row.data.length - options.maxEntries);
		return result;
	}

	async removeProcessed(items, scope, contextData) {
		this.fault('removeProcessed');
		this.calls.push({ method: 'removeProcessed', count: items.length });
		const row = this.rows.get(this.key(scope, contextData));
		if (!row) return;
		for (const value of items.map(hash)) {
			const index = row.data.indexOf(value);
			if (index !== -1) row.data.splice(index, 1);
		}
	}

	async clearAllProcessedItems(scope, contextData) {
		this.fault('clearAllProcessedItems');
		this.calls.push({ method: 'clearAllProcessedItems' });
		this.rows.delete(this.key(scope, contextData));
	}

	async getProcessedDataCount(scope, contextData) {
		this.fault('getProcessedDataCount');
		this.calls.push({ method: 'getProcessedDataCount' });
		return this.rows.get(this.key(scope, contextData))?.data.length ?? 0;
	}

	/** How many entries a workflow's node scope holds (for tests). */
	size(nodeId, workflowId = 'test-workflow') {
		return this.rows.get(`${workflowId}|n:${nodeId}`)?.data.length ?? 0;
	}
}

/** One store per test process, as n8n has one per instance; DataDeduplicationService is a singleton. */
let store;
function deduplicationStore() {
	if (!store) {
		store = new InMemoryDeduplicator();
		void DataDeduplicationService.init(store);
	}
	return store;
}

module.exports = { deduplicationStore, InMemoryDeduplicator };
