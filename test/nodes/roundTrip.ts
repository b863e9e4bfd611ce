/**
 * For the round-trip tests of each vendor's field table: an item's node parameters built from
 * editor values, and a stubbed request function answered by the vendor's sandbox emulator
 * in-process (no HTTP, no faults).
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { RecordTable } from '../../nodes/shared/fields';
import type { SentRequest } from './shared/fakeContext';

/** The node parameters that give these values: top-level fields by name, the others in their collection. */
export function editorItem(table: RecordTable, values: IDataObject): IDataObject {
	const item: IDataObject = {};
	for (const field of table.fields) {
		if (values[field.name] === undefined) continue;
		if (field.collection === undefined) item[field.name] = values[field.name];
		else
			item[field.collection] = {
				...(item[field.collection] as IDataObject),
				[field.name]: values[field.name],
			};
	}
	return item;
}

interface SandboxApi {
	handle(request: IDataObject): { status: number; json?: unknown; text?: string };
}

/** A request as a sandbox emulator reads it, with what the credential would add. */
export function sandboxResponder(
	api: SandboxApi,
	authenticate: (request: IHttpRequestOptions) => {
		headers?: IDataObject;
		query?: IDataObject;
		body?: unknown;
	},
) {
	return ({ options }: SentRequest) => {
		const url = new URL(options.url);
		const added = authenticate(options);
		const body = added.body ?? options.body;
		const answer = api.handle({
			method: options.method ?? 'GET',
			path: url.pathname,
			query: {
				...Object.fromEntries(url.searchParams.entries()),
				...(options.qs as IDataObject),
				...added.query,
			},
			headers: { ...(options.headers as IDataObject), ...added.headers },
			rawBody: typeof body === 'string' ? body : JSON.stringify(body ?? {}),
			json: typeof body === 'string' ? JSON.parse(body || '{}') : body,
		});
		return { statusCode: answer.status, body: answer.json ?? answer.text };
	};
}

/** The JSON body of a request as sent (RCAMS sends it as a string). */
export const bodyOf = (request: SentRequest): IDataObject =>
	(typeof request.options.body === 'string'
		? JSON.parse(request.options.body)
		: request.options.body) as IDataObject;
