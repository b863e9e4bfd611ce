import type {
	IDataObject,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { LOGIN, loginTimeoutOf, VALT_SECRETS } from '../nodes/IvsValt/transport';
import { redirectRules } from '../nodes/shared/credentials';
import {
	isRedirect,
	NO_REDIRECTS,
	redirectTarget,
	TLS_FAILURE,
	TRANSIENT_STATUSES,
} from '../nodes/shared/request';
import { Scrubber, secretsOf } from '../nodes/shared/scrub';
import { baseUrlOf } from '../nodes/shared/transport';

/**
 * Logins shared between requests that ask for a new token at the same time. Every item of a
 * run starts with the same (empty or expired) token, so without this each concurrent request
 * would log in on its own: one login per stale token is enough, and a wrong password then costs
 * one failed login, not one per item (appliances may lock the account).
 *
 * An entry is keyed on the whole credential (see loginKey), so a token is only ever handed to a
 * credential with the very password, account, server and settings that produced it.
 */
const logins = new Map<string, { startedAt: number; token: Promise<string> }>();

/** The login cache key: a hash of every field, so no password is kept in clear in memory. */
const loginKey = (credentials: ICredentialDataDecryptedObject) =>
	createHash('sha256')
		.update(
			JSON.stringify([
				baseUrlOf(credentials),
				String(credentials.username ?? ''),
				String(credentials.password ?? ''),
				credentials.ignoreSslIssues === true,
				String(credentials.sessionToken ?? ''),
			]),
		)
		.digest('hex');

/**
 * Network failures in words. Raw codes such as ECONNREFUSED are avoided on purpose: n8n replaces
 * any error message containing one with its own generic text, which would drop the advice.
 */
const NETWORK_REASONS: Array<[RegExp, string]> = [
	[/ECONNREFUSED/, 'the server refused the connection'],
	[/ENOTFOUND|EAI_AGAIN|getaddrinfo/i, 'the host name could not be found'],
	[/ETIMEDOUT|ECONNABORTED|timeout/i, 'the server did not answer in time'],
	[/ECONNRESET|socket hang up/i, 'the server closed the connection'],
	[/EHOSTUNREACH|ENETUNREACH/, 'the server is unreachable'],
];

function busyError(status: number, headers: IDataObject = {}): Error {
	const message = `IVS VALT is busy or unavailable (HTTP ${status}): try again later`;
	return Object.assign(new Error(`Could not log in to IVS VALT: ${message}`), {
		// Shaped like an HTTP client error so retries honour it; no request data inside.
		response: { status, statusText: message, headers: { 'retry-after': headers['retry-after'] } },
	});
}

/** A login answered with a redirect: it is not followed, or the password would go along. */
function redirectedLoginError(
	status: number,
	headers: IDataObject | undefined,
	url: string,
	credentials: ICredentialDataDecryptedObject,
): Error {
	const scrubber = new Scrubber(secretsOf(VALT_SECRETS, credentials));
	const target = scrubber.text(redirectTarget(headers, url));
	return new Error(
		`Could not log in to IVS VALT: the login answered with a redirect (HTTP ${status}) to ${target}, which is not followed, so the user name and password were not sent there. Fix the Base URL in the credential: if that is the VALT server's own new address, use it (for example https instead of http).`,
	);
}

/** Why the login failed, in words a campus admin can act on; never the password or the body sent. */
function loginError(status: number | undefined, reason: string): Error {
	if (status === 401 || status === 403) {
		return new Error(
			'IVS VALT rejected the user name or password: check User Name and Password in the IVS VALT credential',
		);
	}
	if (status !== undefined) {
		return new Error(
			`Could not log in to IVS VALT: the login answered HTTP ${status} without a session token. Check the Base URL in the credential.`,
		);
	}
	if (TLS_FAILURE.test(reason)) {
		return new Error(
			'Could not log in to IVS VALT: its TLS certificate could not be verified. For an appliance with a self-signed certificate, turn on "Ignore SSL Issues" in the credential.',
		);
	}
	const words =
		NETWORK_REASONS.find(([pattern]) => pattern.test(reason))?.[1] ?? 'the connection failed';
	return new Error(`Could not log in to IVS VALT: ${words}. Check the Base URL in the credential.`);
}

async function login(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	let response: { statusCode: number; headers?: IDataObject; body: unknown };
	const url = `${baseUrlOf(credentials)}/api/v3/login`;
	try {
		response = (await helpers.httpRequest({
			method: 'POST',
			url,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: { username: credentials.username, password: credentials.password },
			json: true,
			timeout: loginTimeoutOf(credentials),
			skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			...NO_REDIRECTS,
		})) as typeof response;
	} catch (error) {
		// Only the network reason: the request error carries the login body, password included.
		const { code, message } = error as { code?: string; message?: string };
		throw loginError(undefined, `${code ?? ''} ${message ?? ''}`);
	}
	const token = (response.body as { data?: { access_token?: unknown } } | undefined)?.data
		?.access_token;
	if (
		response.statusCode >= 200 &&
		response.statusCode < 300 &&
		typeof token === 'string' &&
		token
	) {
		return token;
	}
	if (isRedirect(response.statusCode)) {
		throw redirectedLoginError(response.statusCode, response.headers, url, credentials);
	}
	// "Try later" answers: the node's retry logic sees the status and backs off.
	if (TRANSIENT_STATUSES.has(response.statusCode))
		throw busyError(response.statusCode, response.headers);
	throw loginError(response.statusCode, '');
}

export class IvsValtApi implements ICredentialType {
	name = 'ivsValtApi';

	displayName = 'IVS VALT API';

	icon: Icon = { light: 'file:../icons/valt.svg', dark: 'file:../icons/valt.dark.svg' };

	documentationUrl = 'https://github.com/campus-safety/n8n-nodes-campus-safety#ivs-valt';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://valt.example.edu',
			description: 'Address of your own VALT server (http or https), without the /api/v3 path',
		},
		{
			displayName: 'User Name',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'A VALT account allowed to manage users, e.g. a dedicated API administrator',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Ignore SSL Issues',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the TLS certificate cannot be verified, e.g. an appliance with a self-signed certificate',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { password: true, expirable: true },
			default: '',
		},
	];

	/** n8n calls this when the token is empty or a request got 401, then retries once. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const key = loginKey(credentials);
		const now = Date.now();
		let entry = logins.get(key);
		if (!entry || now - entry.startedAt > LOGIN.reuseMs) {
			entry = { startedAt: now, token: login(this.helpers, credentials) };
			if (logins.size >= LOGIN.maxShared) logins.delete(logins.keys().next().value as string);
			logins.set(key, entry);
			const started = entry;
			// A failed login is not reused: fixing the password must work at once.
			started.token.catch(() => {
				if (logins.get(key) === started) logins.delete(key);
			});
		}
		return { sessionToken: await entry.token };
	}

	/** The token travels as the access_token query parameter; TLS checking follows the credential. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			qs: { ...requestOptions.qs, access_token: credentials.sessionToken },
			skipSslCertificateValidation:
				requestOptions.skipSslCertificateValidation === true ||
				credentials.ignoreSslIssues === true,
		};
	}

	// Listing user groups is a harmless read that needs a working login and admin rights.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(new RegExp("/+$"), "")}}/api/v3',
			url: '/admin/user_groups',
			method: 'GET',
			headers: { Accept: 'application/json' },
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}',
			// The session token travels in the query: a redirect must not take it elsewhere.
			...NO_REDIRECTS,
		},
		rules: [
			...redirectRules('IVS VALT'),
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'IVS VALT accepted the login but refused the session: check the account',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'This VALT account is not allowed to manage users: use an administrator account',
				},
			},
		],
	};
}
