import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DefinedOperation, OperationKind, OperationMap } from './operation';
import { isMapped } from './mapping';
import { readPolicy, requestOptionsDescription, type RequestPolicy } from './options';

/** How one run of a node behaves: how it sends, and for write operations what it may write. */
export interface RunSettings {
	policy: RequestPolicy;
	/** Reads are allowed, writes are not: the output says what the run would do. */
	preview: boolean;
	/** changed: only what differs from the vendor (or from what this node last sent); all: everyone. */
	syncMode: 'changed' | 'all';
	/**
	 * Whether a write's output carries every field sent and the vendor's record (Output Full
	 * Record), or only what an admin needs: `action`, the person's key, the record's id, `changes`.
	 */
	fullRecord: boolean;
}

/**
 * Whether the node is of a version whose writes output lean by default and say `action: "failed"`
 * on errors: version 2, the one that maps fields (mapping.ts). Version 1 nodes keep the full
 * output of saved workflows unless the option says otherwise.
 */
export const isLeanVersion = isMapped;

/** The kinds of operation that offer Preview, and those that also offer Sync Mode. */
const PREVIEWED: OperationKind[] = ['write', 'sync', 'remove'];
const SYNCED: OperationKind[] = ['sync'];
/** The kinds of operation whose output may be lean (those with a `subject`, see operation.ts). */
const WRITTEN: OperationKind[] = ['write', 'sync'];

/**
 * The names of a node's operations of these kinds. n8n shows an option by operation name alone,
 * so a name must mean the same kind under every resource of the node: otherwise this throws,
 * which fails the node's tests the moment such an operation is added.
 */
function operationsOf(
	operations: OperationMap,
	kinds: OperationKind[],
	/** Of those, only the operations that also pass this (e.g. those with a lean output). */
	also: (operation: DefinedOperation) => boolean = () => true,
): string[] {
	const names = new Map<string, boolean>();
	for (const [resource, byName] of Object.entries(operations)) {
		for (const [name, operation] of Object.entries(byName)) {
			const included = kinds.includes(operation.kind) && also(operation);
			if (names.has(name) && names.get(name) !== included) {
				throw new Error(
					`Operation "${name}" of "${resource}" differs in kind or output from another "${name}": rename one`,
				);
			}
			names.set(name, included);
		}
	}
	return [...names]
		.filter(([, included]) => included)
		.map(([name]) => name)
		.sort();
}

/** Options of write operations, shown inside each node's "Options" collection. */
function runSettingsOptions(operations: OperationMap): INodeProperties[] {
	return [
		{
			displayName: 'Preview (Dry Run)',
			name: 'preview',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/operation': operationsOf(operations, PREVIEWED) } },
			description:
				'Whether to only report what the run would do, without writing anything to the vendor. Reads (lists, lookups) still happen. Each output item says its "action" and, for updates, the "changes", with "preview": true.',
		},
		{
			displayName: 'Sync Mode',
			name: 'syncMode',
			type: 'options',
			default: 'changed',
			displayOptions: { show: { '/operation': operationsOf(operations, SYNCED) } },
			options: [
				{
					name: 'Only Changes',
					value: 'changed',
					description:
						'Send only people whose fields differ from the vendor (or, where the vendor cannot be read, from what this node last sent)',
				},
				{
					name: 'Everyone',
					value: 'all',
					description:
						'Send every person with every field, changed or not, e.g. after the vendor was restored from a backup; this also replaces what the node remembers',
				},
			],
			description: 'Which people are sent to the vendor',
		},
		{
			displayName: 'Output Full Record',
			name: 'fullRecord',
			type: 'boolean',
			default: false,
			displayOptions: {
				show: { '/operation': operationsOf(operations, WRITTEN, (operation) => operation.lean) },
			},
			description:
				"Whether to output every field sent and the vendor's record, not only action, key, ID and changes: n8n holds and saves every output item for the whole run. Version 1 nodes do unless this option is added and off.",
		},
	];
}

/** The "Options" collection of a node, for its operations, sorted as n8n sorts them. */
export function optionsDescription(operations: OperationMap): INodeProperties {
	return {
		...requestOptionsDescription,
		options: [
			...(requestOptionsDescription.options as INodeProperties[]),
			...runSettingsOptions(operations),
		].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export function readRunSettings(context: IExecuteFunctions): RunSettings {
	const options = context.getNodeParameter('options', 0, {}) as {
		preview?: unknown;
		syncMode?: unknown;
		fullRecord?: unknown;
	};
	const preview = options.preview ?? false;
	if (typeof preview !== 'boolean') {
		throw new NodeOperationError(
			context.getNode(),
			`The option "Preview (Dry Run)" must be true or false, not ${JSON.stringify(preview)}`,
		);
	}
	const syncMode = options.syncMode ?? 'changed';
	if (syncMode !== 'changed' && syncMode !== 'all') {
		throw new NodeOperationError(
			context.getNode(),
			`The option "Sync Mode" must be "changed" or "all", not ${JSON.stringify(syncMode)}`,
		);
	}
	// Absent: version 1 nodes keep the full output saved workflows were built on.
	const fullRecord = options.fullRecord ?? !isLeanVersion(context);
	if (typeof fullRecord !== 'boolean') {
		throw new NodeOperationError(
			context.getNode(),
			`The option "Output Full Record" must be true or false, not ${JSON.stringify(fullRecord)}`,
		);
	}
	return { policy: readPolicy(context), preview, syncMode, fullRecord };
}
