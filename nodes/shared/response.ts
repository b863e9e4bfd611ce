import type { IDataObject } from 'n8n-workflow';

/** The body as an object, or undefined for HTML pages, empty bodies and other non-JSON. */
export function asObject(body: unknown): IDataObject | undefined {
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as IDataObject) : undefined;
}

/** A short, tag-free excerpt of a response body for error descriptions. */
export function snippet(body: unknown): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	const plain = text
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return plain === '' ? '(empty body)' : plain.slice(0, 200);
}
