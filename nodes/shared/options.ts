import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { Traffic } from './traffic';
import { numberInRange, shown } from './validation';

/** How requests are sent: shared by the three nodes and set in each node's "Options". */
export interface RequestPolicy {
	/**
	 * 'adaptive': the pace is found per vendor server (pace.ts); a number: at most that many
	 * items at once, as the user set it.
	 */
	concurrency: number | 'adaptive';
	timeoutMs: number;
	maxRetries: number;
	maxRetryTimeMs: number;
	/** The run's pace and circuit breaker per vendor server; absent outside a node run (dropdowns). */
	traffic?: Traffic;
}

/** "Max Concurrent Requests" 0 (the default): find the vendor's pace. */
export const ADAPTIVE = 0;
/** Items in progress at once when adaptive: the pace, not this, bounds requests in flight. */
export const ADAPTIVE_ITEMS = 50;

/** How many items run at once: the fixed value, or enough for the adaptive pace to use. */
export const itemsAtOnce = (policy: RequestPolicy) =>
	policy.concurrency === 'adaptive' ? ADAPTIVE_ITEMS : policy.concurrency;

/** How many look-ups one item sends together: the fixed value, or 5 when adaptive. */
export const lookupBatch = (policy: RequestPolicy) =>
	policy.concurrency === 'adaptive' ? 5 : policy.concurrency;

export const DEFAULT_POLICY: RequestPolicy = {
	concurrency: 'adaptive',
	timeoutMs: 30_000,
	maxRetries: 5,
	maxRetryTimeMs: 120_000,
};

/**
 * The numeric options: editor label and the accepted range, used by the editor field and by the
 * check run before anything is sent (an expression can give any value, NaN included).
 */
const LIMITS = {
	concurrency: { label: 'Max Concurrent Requests', min: ADAPTIVE, max: 50, integer: true },
	maxRetries: { label: 'Max Retries', min: 0, max: 20, integer: true },
	maxRetryTime: { label: 'Max Retry Time (Seconds)', min: 0, max: 3600, integer: false },
	timeout: { label: 'Request Timeout (Seconds)', min: 1, max: 600, integer: false },
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
			displayName: LIMITS.concurrency.label,
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: LIMITS.concurrency.min, maxValue: LIMITS.concurrency.max },
			default: ADAPTIVE,
			description:
				'How many requests are sent to the server at the same time. 0 (adaptive): start with 2, grow while the server keeps up, slow down on 429, 503, timeouts or rising latency; nodes of one execution share the pace per server. A number fixes it. Output order always matches input order.',
		},
		{
			displayName: LIMITS.maxRetries.label,
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: LIMITS.maxRetries.min, maxValue: LIMITS.maxRetries.max },
			default: 5,
			description:
				'How many times a request is retried when the server is busy or unreachable; a rate limit (429) may be waited out four times as often. Retries wait longer each time and honour Retry-After.',
		},
		{
			displayName: LIMITS.maxRetryTime.label,
			name: 'maxRetryTime',
			type: 'number',
			typeOptions: { minValue: LIMITS.maxRetryTime.min, maxValue: LIMITS.maxRetryTime.max },
			default: 120,
			description: 'The longest one item may spend waiting between retries before it fails',
		},
		{
			displayName: LIMITS.timeout.label,
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: LIMITS.timeout.min, maxValue: LIMITS.timeout.max },
			default: 30,
			description:
				'How long to wait for the server to answer, or to send more of its answer, before the request is given up and retried',
		},
	],
};

const optionsSchema = z.object(
	Object.fromEntries(
		Object.entries(LIMITS).map(([name, limits]) => [name, numberInRange(limits).optional()]),
	) as Record<keyof typeof LIMITS, z.ZodOptional<ReturnType<typeof numberInRange>>>,
);

/**
 * The node's options as a policy. A value that is not a number in range fails the node,
 * naming the option and the value, before anything is sent.
 */
export function readPolicy(context: IExecuteFunctions): RequestPolicy {
	const options = context.getNodeParameter('options', 0, {}) as Record<string, unknown>;
	const result = optionsSchema.safeParse(options);
	if (!result.success) {
		const [issue] = result.error.issues;
		const name = String(issue.path[0]) as keyof typeof LIMITS;
		throw new NodeOperationError(
			context.getNode(),
			`Invalid option "${LIMITS[name].label}": ${shown(options[name])} ${issue.message}`,
			{
				description: `Nothing was sent. Fix the value in the node's Options, or the expression that fills it.${name === 'concurrency' ? ' 0 lets the node find the pace the server keeps up with.' : ''}`,
			},
		);
	}
	const { concurrency, maxRetries, maxRetryTime, timeout } = result.data;
	return {
		concurrency: concurrency === undefined || concurrency === ADAPTIVE ? 'adaptive' : concurrency,
		maxRetries: maxRetries ?? DEFAULT_POLICY.maxRetries,
		maxRetryTimeMs:
			maxRetryTime === undefined ? DEFAULT_POLICY.maxRetryTimeMs : maxRetryTime * 1000,
		timeoutMs: timeout === undefined ? DEFAULT_POLICY.timeoutMs : timeout * 1000,
	};
}
