import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { redirectRules } from '../nodes/shared/credentials';
import { NO_REDIRECTS } from '../nodes/shared/request';

export class OpscomApi implements ICredentialType {
	name = 'opscomApi';

	displayName = 'OPSCOM API';

	icon: Icon = { light: 'file:../icons/opscom.svg', dark: 'file:../icons/opscom.dark.svg' };

	documentationUrl = 'https://opscom.wiki/books/api-documentation';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://controller.operationscommander.io',
			description: 'Address of your OPSCOM controller, without the /api path',
		},
		{
			displayName: 'Client Code',
			name: 'clientCode',
			type: 'string',
			default: 'OC_TOMA',
			description:
				'The client code in the API path (/api/&lt;code&gt;/v1/…). Keep OC_TOMA unless OPSCOM gave you another.',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API token from OPSCOM (API access is a paid OPSCOM feature)',
		},
	];

	// OPSCOM has no auth header: the token travels in the JSON body of every call. A function
	// rather than a generic expression, since it runs once per request of large syncs.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const body = (typeof requestOptions.body === 'object' && requestOptions.body) || {};
		return { ...requestOptions, body: { ...(body as IDataObject), apiToken: credentials.apiToken } };
	}

	// Listing user types is a harmless read that proves the token works.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}/api/{{$credentials.clientCode}}/v1',
			url: '/profiles/types/list',
			method: 'POST',
			headers: { Accept: 'application/json', 'Cache-Control': 'no-cache' },
			body: {},
			// The token travels in the body: a 307/308 would carry it to wherever it points.
			...NO_REDIRECTS,
		},
		// n8n reads rules of both kinds from one list; its type only spells out lists of one kind.
		rules: [
			...redirectRules('OPSCOM'),
			{
				type: 'responseSuccessBody',
				properties: { key: 'ErrorCode', value: 9001, message: 'The API token is missing' },
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'ErrorCode',
					value: 9002,
					message: 'The API token is not valid or has no API permission',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'ErrorCode',
					value: 9000,
					message: 'The client code is not known to OPSCOM',
				},
			},
		] as ICredentialTestRequest['rules'],
	};
}
