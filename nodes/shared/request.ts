import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { Health } from './breaker';
import type { RequestPolicy } from './options';
import type { LoadSignal } from './pace';
import type { Lane, Pass } from './traffic';
import { countCredentialUse, redact } from './scrub';

export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

/** What came back from the vendor, whatever the status code. */
export interface HttpResult {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

export interface SendOptions {
	/** The vendor's name, for error messages. */
	vendor: string;
	credentialType: string;
	policy: RequestPolicy;
	itemIndex?: number;
	/**
	 * Whether the request may be sent again after a failure that may have reached the
	 * server (a dropped connection or a timeout). Reads, upserts and edits are; creates are not.
	 */
	idempotent: boolean;
	/**
	 * For requests that are not idempotent: called before sending again after such a failure,
	 * it returns the result when the first attempt did take effect, or undefined to resend.
	 */
	recover?: () => Promise<HttpResult | undefined>;
	/** Whether an answer refuses the credential (beyond 401 and 403), for the circuit breaker. */
	refusesCredential?: (result: HttpResult) => boolean;
}

/** Statuses that mean "try again later" rather than "this request is wrong". */
export const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);
/** Network failures where the request never reached the server: always safe to resend. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** Network failures where the server may have acted on the request before the line dropped. */
const MAYBE_SENT_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

const BASE_DELAY_MS = 250;
/** 429s an item may wait out per Max Retries (5 → 20). */
const RATE_LIMIT_RETRIES_PER_RETRY = 4;

const isPlainObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' &&
	value !== null &&
	!Array.isArray(value) &&
	value.constructor === Object;
const MAX_DELAY_MS = 15_000;

interface Failure {
	response?: { status: number; headers: IDataObject; data: unknown };
	code?: string;
	/** With neither response nor code: the innermost message (the credential's own words). */
	message: string;
}

/** Finds the HTTP response or network error code inside n8n's wrapped request errors. */
function inspect(error: unknown): Failure {
	let current = error as {
		response?: Failure['response'];
		code?: unknown;
		cause?: unknown;
		message?: string;
	};
	const message = String(current?.message ?? error);
	let innermost = message;
	for (let depth = 0; current && depth < 5; depth++) {
		if (current.response && typeof current.response.status === 'number') {
			return { response: current.response, message };
		}
		if (typeof current.code === 'string' && current.code !== '') {
			return { code: current.code, message: String(current.message ?? message) };
		}
		// n8n wraps errors (NodeApiError keeps the original as `cause`): the deepest words are the cause's own.
		if (typeof current.message === 'string' && current.message) innermost = current.message;
		current = current.cause as typeof current;
	}
	if (/socket hang up|terminated/i.test(message)) return { code: 'ECONNRESET', message };
	if (/timeout/i.test(message)) return { code: 'ETIMEDOUT', message };
	return { message: innermost };
}

/**
 * Every request of the package goes to the credential's Base URL and nowhere else: a redirect
 * is not followed (n8n's helpers would otherwise send the Authorization header along to another
 * host, and a JSON body with the token along on 307/308) but reported by redirectError().
 * Credential tests and credentials that log in set the same options.
 */
export const NO_REDIRECTS = {
	disableFollowRedirect: true,
	sendCredentialsOnCrossOriginRedirect: false,
} as const;

export const isRedirect = (status: number) => status >= 300 && status < 400;

/** Where a redirect pointed, as an absolute address when the server gave a relative one. */
export function redirectTarget(headers: IDataObject | undefined, requestUrl?: string): string {
	const location = headers?.location ?? headers?.Location;
	if (typeof location !== 'string' || location.trim() === '') return '(no Location given)';
	try {
		return new URL(location.trim(), requestUrl).toString();
	} catch {
		return location.trim();
	}
}

/** The error for a 3xx answer: names where it pointed, says that nothing went there and what to fix. */
function redirectError(
	context: RequestContext,
	options: SendOptions,
	request: IHttpRequestOptions,
	result: HttpResult,
): NodeApiError {
	const target = redact(redirectTarget(result.headers, request.url));
	const httpCode = String(result.statusCode);
	return new NodeApiError(context.getNode(), { httpCode, location: target } as JsonObject, {
		message: `${options.vendor} answered with a redirect (HTTP ${httpCode}) to ${target}; it was not followed`,
		description: `Requests go only to the Base URL in the credential, so its secrets never reach another address. Fix the Base URL in the ${options.vendor} credential: if ${target} is the server's own new address, use it (for example https instead of http).`,
		httpCode,
		itemIndex: options.itemIndex,
	});
}

/** Retry-After as milliseconds (seconds or an HTTP date), or undefined. */
function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Exponential backoff with "equal jitter": half fixed, half random, so clients spread out. */
function backoffMs(attempt: number): number {
	const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Network codes in words. n8n replaces any error message containing a raw code such as
 * ECONNRESET with its own generic text ("You can retry the request immediately"), which
 * would drop the vendor's name and is wrong advice for a create that may have taken effect.
 */
const CODE_WORDS: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	EPIPE: 'the connection broke while sending',
	UND_ERR_SOCKET: 'the connection closed unexpectedly',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	EAI_AGAIN: 'name lookup failed',
	ENOTFOUND: 'server name not found',
};

function describe(failure: Failure): string {
	if (failure.response) return `HTTP ${failure.response.status}`;
	if (failure.code === 'ECONNABORTED' || failure.code === 'ETIMEDOUT')
		return 'no answer before the timeout';
	if (failure.code === 'ECONNREFUSED') return 'connection refused';
	if (failure.code) return `connection failed (${CODE_WORDS[failure.code] ?? failure.code})`;
	return redact(failure.message);
}

/**
 * Sends one request through the credential, retrying transient failures with backoff
 * (honouring Retry-After) within the policy's limits. Every non-transient answer is
 * returned for the vendor's transport to interpret; only exhausted retries and
 * unrecoverable network failures throw.
 */
export async function sendRequest(
	context: RequestContext,
	request: IHttpRequestOptions,
	options: SendOptions,
): Promise<HttpResult> {
	const { policy } = options;
	const lane = policy.traffic?.lane(String(request.url), options.vendor);
	const startedAt = Date.now();
	let lastFailure: Failure | undefined;
	let mayHaveReachedServer = false;
	let retried = 0;
	let waitedOutRateLimit = 0;

	let attempt = 0;
	for (; ; attempt++) {
		if (mayHaveReachedServer && !options.idempotent && options.recover) {
			const recovered = await options.recover();
			if (recovered) return recovered;
		}

		let answer: HttpResult | undefined;
		const pass = await enterLane(context, options, lane, lastFailure);
		let failure: Failure | undefined;
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				options.credentialType,
				{
					...request,
					// A fresh copy each attempt: the credential writes secrets into the body it is given,
					// and the caller's body object is what the node outputs.
					body: isPlainObject(request.body) ? { ...request.body } : request.body,
					timeout: policy.timeoutMs,
					returnFullResponse: true,
					...NO_REDIRECTS,
				},
			)) as { statusCode: number; headers: IDataObject; body: unknown };
			answer = {
				statusCode: response.statusCode,
				headers: response.headers ?? {},
				body: response.body,
			};
		} catch (error) {
			failure = inspect(error);
			lastFailure = failure;
			const status = failure.response?.status;
			if (failure.response && !TRANSIENT_STATUSES.has(failure.response.status)) {
				answer = {
					statusCode: failure.response.status,
					headers: failure.response.headers ?? {},
					body: failure.response.data,
				};
			} else {
				// Neither an answer nor a network failure: the credential (login, token, settings)
				// raised it before anything was sent. Its own words say what to fix.
				if (!failure.response && !failure.code) {
					lane?.leave(pass!, { kind: 'login', reason: redact(failure.message) }, 'none');
					throw notSentError(context, options, failure);
				}
				lane?.leave(pass!, ...judge(failure, undefined, options));
				const transient =
					status !== undefined ||
					NOT_SENT_CODES.has(failure.code ?? '') ||
					MAYBE_SENT_CODES.has(failure.code ?? '');
				if (!transient) break;
				if (MAYBE_SENT_CODES.has(failure.code ?? '')) {
					mayHaveReachedServer = true;
					// Without a way to check, a create that may have happened must not be sent twice.
					if (!options.idempotent && !options.recover) break;
				}

				const wait = retryAfterMs(failure.response?.headers) ?? backoffMs(attempt);
				const elapsed = Date.now() - startedAt;
				// A 429 says "wait", not "failed": while the pace finds the vendor's limit some requests
				// meet it, so a 429 has a budget of its own (Max Retry Time bounds both).
				const rateLimited = status === 429;
				const used = rateLimited ? waitedOutRateLimit : retried;
				const budget = policy.maxRetries * (rateLimited ? RATE_LIMIT_RETRIES_PER_RETRY : 1);
				if (used >= budget || elapsed + wait > policy.maxRetryTimeMs) break;
				if (rateLimited) waitedOutRateLimit++;
				else retried++;
				await sleep(wait);
			}
		} finally {
			// Ended: whatever it brought back, a new session token included, is now known to be possible.
			countCredentialUse(context);
		}
		if (answer) {
			lane?.leave(pass!, ...judge(failure, answer, options));
			if (isRedirect(answer.statusCode)) throw redirectError(context, options, request, answer);
			return answer;
		}
	}

	throw failureError(context, options, lastFailure, attempt, Date.now() - startedAt);
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ERR_SOCKET_CONNECTION_TIMEOUT']);
const UNREACHABLE_CODES = new Set([...NOT_SENT_CODES, 'ENOTFOUND']);

/**
 * What one attempt says about the vendor, for the circuit breaker (is it usable?) and for the
 * pace (is it overloaded?). A 429 means busy but there; any other answer that is not a 5xx or a
 * refused credential (a 404, a 409, a validation error) means the vendor works.
 */
function judge(
	failure: Failure | undefined,
	answer: HttpResult | undefined,
	options: SendOptions,
): [Health, LoadSignal] {
	const status = answer?.statusCode ?? failure?.response?.status;
	if (status !== undefined) {
		if (status === 429) return ['alive', 'overloaded'];
		if (TRANSIENT_STATUSES.has(status))
			return [{ kind: 'unavailable', reason: `HTTP ${status}` }, 'overloaded'];
		if (status === 401 || status === 403)
			return [{ kind: 'credential', reason: `HTTP ${status}` }, 'ok'];
		if (answer && options.refusesCredential?.(answer))
			return [{ kind: 'credential', reason: `credential refused, HTTP ${status}` }, 'ok'];
		return ['alive', 'ok'];
	}
	const code = failure?.code ?? '';
	if (TIMEOUT_CODES.has(code)) return ['neutral', 'overloaded'];
	if (UNREACHABLE_CODES.has(code))
		return [{ kind: 'unreachable', reason: describe(failure!) }, 'none'];
	return ['neutral', 'none'];
}

/** Errors of requests the circuit breaker kept from being sent at all. */
const notSentByBreaker = new WeakSet<object>();

/** Whether the circuit breaker kept this error's request from being sent. */
export const keptFromSending = (error: unknown) =>
	typeof error === 'object' && error !== null && notSentByBreaker.has(error);

/** Waits for the lane (pace and breaker); once the breaker is open, fails the request. */
async function enterLane(
	context: RequestContext,
	options: SendOptions,
	lane: Lane | undefined,
	lastFailure: Failure | undefined,
): Promise<Pass | undefined> {
	const turn = await lane?.enter();
	if (turn === 'halted') {
		// Only for a run that already failed with another error: this one is never shown.
		throw new NodeOperationError(context.getNode(), 'Not sent: the run had already failed', {
			itemIndex: options.itemIndex,
		});
	}
	if (turn === 'stopped') {
		const { failures, reason } = lane!.breaker.opened!;
		const why = `the run stopped sending to ${options.vendor} after ${failures} failures in a row (${reason})`;
		const message = lastFailure
			? `${options.vendor} did not complete the request: ${describe(lastFailure)} (${why})`
			: `Not sent: ${why}`;
		const stopped = new NodeApiError(context.getNode(), { message } as JsonObject, {
			message,
			description: `${options.vendor} failed in the same way ${failures} times in a row, so no more requests were sent.`,
			itemIndex: options.itemIndex,
		});
		if (!lastFailure) notSentByBreaker.add(stopped);
		throw stopped;
	}
	return turn;
}

function notSentError(
	context: RequestContext,
	options: SendOptions,
	failure: Failure,
): NodeApiError {
	const message = redact(failure.message);
	return new NodeApiError(context.getNode(), { message } as JsonObject, {
		message,
		description: `Nothing was sent to ${options.vendor}: the credential could not prepare the request. Fix the credential and run again.`,
		itemIndex: options.itemIndex,
	});
}

/** A failure to verify the server's TLS certificate, by code or message. */
export const TLS_FAILURE = /CERT|SSL|TLS|SELF[-_ ]SIGNED|UNABLE_TO_VERIFY/i;

function failureError(
	context: RequestContext,
	options: SendOptions,
	failure: Failure | undefined,
	retries: number,
	elapsedMs: number,
): NodeApiError {
	const reason = failure ? describe(failure) : 'unknown failure';
	const httpCode = failure?.response?.status;
	let message = `${options.vendor} did not complete the request: ${reason}`;
	let description =
		'The server was unreachable, overloaded or rate-limiting. Try again later, or raise "Max Retries" / "Max Retry Time" in the node options.';
	if (retries > 0)
		message += ` (gave up after ${retries} retries in ${Math.round(elapsedMs / 1000)} s)`;
	if (failure && TLS_FAILURE.test(`${failure.code ?? ''} ${failure.message}`)) {
		message = `${options.vendor}'s TLS certificate could not be verified: ${redact(failure.message)}`;
		description =
			'For an on-premises server with a self-signed certificate, turn on "Ignore SSL Issues" in the credential.';
	} else if (failure?.code === 'ENOTFOUND') {
		message = `${options.vendor} server not found: check the Base URL in the credential`;
		description = redact(failure.message);
	} else if (
		failure &&
		!options.idempotent &&
		MAYBE_SENT_CODES.has(failure.code ?? '') &&
		!options.recover
	) {
		description =
			'The connection dropped after the request was sent, so it may have taken effect. It was not sent again to avoid a duplicate: check the record in the vendor system.';
	}
	return new NodeApiError(
		context.getNode(),
		{ message: reason, httpCode: httpCode ?? null } as JsonObject,
		{
			message,
			description,
			httpCode: httpCode ? String(httpCode) : undefined,
			itemIndex: options.itemIndex,
		},
	);
}
