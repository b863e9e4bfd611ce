import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** How requests are sent: shared by the three nodes and set in each node's "Options". */
export interface RequestPolicy {
	concurrency: number;
	timeoutMs: number;
	maxRetries: number;
	maxRetryTimeMs: number;
}

export const DEFAULT_POLICY: RequestPolicy = {
	concurrency: 5,
	timeoutMs: 30_000,
	maxRetries: 5,
	maxRetryTimeMs: 120_000,
};

/** The "Options" collection every operation of every node offers. */
export const requestOptionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Concurrent Requests',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 5,
			description:
				'How many items are sent to the server at the same time. Output order always matches input order.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 5,
			description:
				'How many times a request is retried when the server is busy, rate-limiting (429) or unreachable. Retries wait longer each time and honour Retry-After.',
		},
		{
			displayName: 'Max Retry Time (Seconds)',
			name: 'maxRetryTime',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: 'The longest one item may spend waiting between retries before it fails',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description:
				'How long to wait for the server to answer, or to send more of its answer, before the request is given up and retried',
		},
	],
};

export function readPolicy(context: IExecuteFunctions): RequestPolicy {
	const options = context.getNodeParameter('options', 0, {}) as {
		concurrency?: number;
		maxRetries?: number;
		maxRetryTime?: number;
		timeout?: number;
	};
	return {
		concurrency: Math.max(1, Math.floor(options.concurrency ?? DEFAULT_POLICY.concurrency)),
		maxRetries: Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_POLICY.maxRetries)),
		maxRetryTimeMs: Math.max(
			0,
			(options.maxRetryTime ?? DEFAULT_POLICY.maxRetryTimeMs / 1000) * 1000,
		),
		timeoutMs: Math.max(1, options.timeout ?? DEFAULT_POLICY.timeoutMs / 1000) * 1000,
	};
}
