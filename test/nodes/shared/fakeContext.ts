/**
 * A stand-in for n8n's IExecuteFunctions, enough for the shared engines: node parameters per
 * item, the workflow's static data, n8n's deduplication store, and a stubbed request function
 * (what the credential's `httpRequestWithAuthentication` would send) that the test answers.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

export interface SentRequest {
	credentialType: string;
	options: IHttpRequestOptions;
}

export interface FakeOptions {
	/** Per item, the node's parameters (the first item's also stand for node-wide ones). */
	items: IDataObject[];
	/** Answers a request as `{ statusCode, body }`; by default a 404. */
	respond?: (request: SentRequest) => { statusCode: number; body: unknown };
	credentials?: Record<string, IDataObject>;
	continueOnFail?: boolean;
	staticData?: IDataObject;
	/** The node's version (1 unless given) and its On Error setting. */
	typeVersion?: number;
	onError?: INode['onError'];
}

export interface Fake {
	context: IExecuteFunctions;
	sent: SentRequest[];
	staticData: IDataObject;
}

const NODE: INode = {
	id: 'node-1',
	name: 'Node',
	type: 'test.node',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export function fakeContext(options: FakeOptions): Fake {
	const sent: SentRequest[] = [];
	const staticData = options.staticData ?? {};
	const processed = new Set<string>();
	const credentials = options.credentials ?? {};
	const node: INode = {
		...NODE,
		typeVersion: options.typeVersion ?? NODE.typeVersion,
		...(options.onError ? { onError: options.onError } : {}),
		credentials: Object.fromEntries(
			Object.keys(credentials).map((type) => [type, { id: type, name: type }]),
		),
	};
	const parameter = (name: string, itemIndex: number, fallback?: unknown) => {
		const value = options.items[itemIndex]?.[name];
		if (value !== undefined) return value;
		// Node-wide options such as "options" are read from item 0.
		return fallback;
	};
	const context = {
		getNode: () => node,
		getExecutionId: () => 'fake-execution',
		getInputData: () => options.items.map((json) => ({ json })),
		continueOnFail: () => options.continueOnFail ?? false,
		getNodeParameter: (
			name: string,
			itemIndex: number,
			fallback?: unknown,
			extra?: IDataObject,
		) => {
			const value = parameter(name, itemIndex, fallback);
			if (extra?.extractValue && typeof value === 'object' && value !== null && 'value' in value) {
				return (value as IDataObject).value;
			}
			return value;
		},
		getCredentials: async (type: string) => credentials[type],
		getWorkflowStaticData: () => staticData,
		logger: { warn: () => undefined, info: () => undefined, debug: () => undefined },
		helpers: {
			httpRequestWithAuthentication: async (
				credentialType: string,
				request: IHttpRequestOptions,
			) => {
				const entry = { credentialType, options: request };
				sent.push(entry);
				const answer = options.respond?.(entry) ?? {
					statusCode: 404,
					body: { message: 'not found' },
				};
				return { statusCode: answer.statusCode, headers: {}, body: answer.body };
			},
			checkProcessedAndRecord: async (values: string[]) => {
				const already = values.filter((value) => processed.has(value));
				values.forEach((value) => processed.add(value));
				return { new: values.filter((value) => !already.includes(value)), processed: already };
			},
			getProcessedDataCount: async () => processed.size,
		},
	};
	return { context: context as unknown as IExecuteFunctions, sent, staticData };
}
