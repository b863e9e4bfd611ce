import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { HttpResult, RequestContext } from './request';
import { TRUNCATION_MARK } from './scrub';

/** The body as an object, or undefined for HTML pages, empty bodies and other non-JSON. */
export function asObject(body: unknown): IDataObject | undefined {
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return typeof body === 'object' && body !== null && !Array.isArray(body)
		? (body as IDataObject)
		: undefined;
}

/**
 * A short, tag-free excerpt of a response body for error descriptions. A cut excerpt ends with
 * TRUNCATION_MARK, so the scrubber can also mask a secret the cut left only partly visible.
 */
export function snippet(body: unknown): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	const plain = text
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (plain === '') return '(empty body)';
	return plain.length > 200 ? `${plain.slice(0, 200)}${TRUNCATION_MARK}` : plain;
}

/** The error for an answer that is not JSON: an HTML error page, a proxy's login page, nothing. */
export function unexpectedResponse(
	context: RequestContext,
	vendor: string,
	result: HttpResult,
	hint: string,
	itemIndex?: number,
): NodeApiError {
	const httpCode = String(result.statusCode);
	return new NodeApiError(
		context.getNode(),
		{ httpCode, body: snippet(result.body) } as JsonObject,
		{
			message: `${vendor} sent an unexpected response (HTTP ${httpCode}) instead of JSON`,
			description: `Response: ${snippet(result.body)}. ${hint}`,
			httpCode,
			itemIndex,
		},
	);
}

/** What a value is, in words, for an error about the shape of an answer. */
export function kindOf(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return 'text';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * The error for a JSON answer whose shape is not the documented one: a list that is not a list,
 * a listed record without the key the node compares by. Such an answer is never read as "none":
 * an empty or partial user list would make present people look new (created twice) or gone.
 */
export function unexpectedShape(
	context: RequestContext,
	message: string,
	shown: unknown,
	hint: string,
	itemIndex?: number,
): NodeApiError {
	return new NodeApiError(context.getNode(), { message, body: snippet(shown) } as JsonObject, {
		message,
		description: `${hint} ${shown === undefined ? '' : `Response: ${snippet(shown)}`}`.trim(),
		itemIndex,
	});
}
