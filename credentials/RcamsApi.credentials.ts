import type {
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { redirectRules } from '../nodes/shared/credentials';
import { NO_REDIRECTS } from '../nodes/shared/request';

const NOT_OK =
	'RCAMS did not answer status "OK": check the Base URL (it should end in /api/v2) and that the API user has administrator rights';

const notOk = (key: string, value: unknown): IAuthenticateRuleResponseSuccessBody => ({
	type: 'responseSuccessBody',
	properties: { key, value, message: NOT_OK },
});

/** Every 7-bit ASCII character. */
const ASCII = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));

/**
 * RCAMS promises status "OK" for success and nothing for failure (HTTP 200 either way), so the
 * test must fail on any other status. n8n's rules can only say "the value at this path equals
 * this value" (lodash get, then ===; a function-based test exists only for nodes' testedBy), so
 * "not OK" is spelled out as paths into the status text:
 * - `status.1` is undefined: no status, not text, empty or one character (or no JSON at all);
 * - `status.2.length` is 1: a third character exists, so any longer word (ERROR, FAIL, error);
 * - a two-character status whose first character is not O or second is not K, for every ASCII
 *   character. Left uncovered: a two-character status with a non-ASCII character (e.g. "ÖK").
 */
function statusRules(): IAuthenticateRuleResponseSuccessBody[] {
	return [
		{
			// RCAMS's usual refusal, e.g. for an API user without administrator rights.
			type: 'responseSuccessBody',
			properties: {
				key: 'status',
				value: 'ERROR',
				message: 'RCAMS refused the request: check that the API user has administrator rights',
			},
		},
		notOk('status.1', undefined),
		notOk('status.2.length', 1),
		...ASCII.filter((char) => char !== 'O').map((char) => notOk('status.0', char)),
		...ASCII.filter((char) => char !== 'K').map((char) => notOk('status.1', char)),
	];
}

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
	// A function, as OPSCOM's and VALT's: n8n evaluates each expression of a generic
	// authenticate on every request (two here, about 0.4 ms each in n8n 2.x).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			auth: { username: String(credentials.username), password: String(credentials.password) },
		};
	}

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
		rules: [...redirectRules('RCAMS'), ...statusRules()] as ICredentialTestRequest['rules'],
	};
}
