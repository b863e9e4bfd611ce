import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { redirectRules } from '../nodes/shared/credentialTest';
import { NO_REDIRECTS } from '../nodes/shared/request';

export class RcamsApi implements ICredentialType {
	name = 'rcamsApi';

	displayName = 'RCAMS API';

	icon: Icon = { light: 'file:../icons/rcams.svg', dark: 'file:../icons/rcams.dark.svg' };

	documentationUrl = 'https://github.com/campus-safety/n8n-nodes-campus-safety#rcams';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://rcamsapi.spheronomics.com/api/v2',
			description: 'Address of the RCAMS API, up to and including /api/v2',
		},
		{
			displayName: 'API User Name',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description:
				'The integrator user name your RCAMS administrator issued. It needs administrator rights to manage users.',
		},
		{
			displayName: 'API Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The password that goes with the API user name',
		},
	];

	// RCAMS checks HTTP Basic auth on every call, so no login or session is needed.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.username}}',
				password: '={{$credentials.password}}',
			},
		},
	};

	// Listing users is a harmless read that needs the administrator rights the node needs.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(new RegExp("/+$"), "")}}',
			url: '/user.php',
			method: 'POST',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			// RCAMS reads the body as a JSON string.
			body: '{"action":"list"}',
			// The Basic Authorization header must not follow a redirect to another host.
			...NO_REDIRECTS,
		},
		// n8n reads rules of both kinds from one list; its type only spells out lists of one kind.
		rules: [
			...redirectRules('RCAMS'),
			{
				// RCAMS answers HTTP 200 with status "ERROR" when it refuses a call.
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'ERROR',
					message: 'RCAMS refused the request: check that the API user has administrator rights',
				},
			},
		] as ICredentialTestRequest['rules'],
	};
}
