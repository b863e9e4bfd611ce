import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readPolicy, requestOptionsDescription, type RequestPolicy } from './options';

/** How one run of a node behaves: how it sends, and for write operations what it may write. */
export interface RunSettings {
	policy: RequestPolicy;
	/** Reads are allowed, writes are not: the output says what the run would do. */
	preview: boolean;
	/** changed: only what differs from the vendor (or from what this node last sent); all: everyone. */
	syncMode: 'changed' | 'all';
}

/** The write operations of the three nodes: where Preview and Sync Mode appear in Options. */
const WRITE_OPERATIONS = [
	'assignDistricts',
	'create',
	'createOrUpdate',
	'delete',
	'removeApproved',
	'removeLeavers',
	'update',
];
const SYNC_OPERATIONS = ['assignDistricts', 'createOrUpdate'];

/** Options of write operations, shown inside each node's "Options" collection. */
const runSettingsOptions: INodeProperties[] = [
	{
		displayName: 'Preview (Dry Run)',
		name: 'preview',
		type: 'boolean',
		default: false,
		displayOptions: { show: { '/operation': WRITE_OPERATIONS } },
		description:
			'Whether to only report what the run would do, without writing anything to the vendor. Reads (lists, lookups) still happen. Each output item says its "action" and, for updates, the "changes", with "preview": true.',
	},
	{
		displayName: 'Sync Mode',
		name: 'syncMode',
		type: 'options',
		default: 'changed',
		displayOptions: { show: { '/operation': SYNC_OPERATIONS } },
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
];

/** The "Options" collection every operation of every node offers, sorted as n8n sorts them. */
export const optionsDescription: INodeProperties = {
	...requestOptionsDescription,
	options: [
		...(requestOptionsDescription.options as INodeProperties[]),
		...runSettingsOptions,
	].sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

export function readRunSettings(context: IExecuteFunctions): RunSettings {
	const options = context.getNodeParameter('options', 0, {}) as {
		preview?: unknown;
		syncMode?: unknown;
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
	return { policy: readPolicy(context), preview, syncMode };
}
