import type { ICredentialDataDecryptedObject, IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { HttpResult, RequestContext } from '../shared/request';
import { asObject, snippet, unexpectedResponse } from '../shared/response';
import { redact, type CredentialSecrets } from '../shared/scrub';
import {
	baseUrlOf,
	serverOf,
	vendorTransport,
	type Vendor,
	type VendorCall,
} from '../shared/transport';
import { DEFAULT_POLICY } from '../shared/options';
import type { Call } from '../shared/operation';
import { VALT_STATUS_ADVICE } from './errors';

export const VALT_CREDENTIAL = 'ivsValtApi';

/**
 * The password, and the session token the credential gets by logging in: it rotates, since the
 * credential logs in again when VALT answers 401 mid-run.
 */
export const VALT_SECRETS: CredentialSecrets = {
	of: (credentials) => [credentials.password, credentials.sessionToken],
	rotate: true,
};

export const VALT: Vendor = {
	vendor: 'IVS VALT',
	credentialType: VALT_CREDENTIAL,
	secrets: VALT_SECRETS,
};

/** The VALT server the credential points at. */
export const valtServer = (context: RequestContext) =>
	serverOf(context, 'IVS VALT', VALT_CREDENTIAL);

/** How the VALT credential logs in: its timing, named and in one place. */
export const LOGIN = {
	/** A login started this recently is shared by the requests that need a token at the same time. */
	reuseMs: 60_000,
	/** Logins kept for sharing (one per credential in use), the oldest dropped first. */
	maxShared: 100,
	/** Outside a node run (the credential test): the node's default Request Timeout. */
	defaultTimeoutMs: DEFAULT_POLICY.timeoutMs,
};

const timeouts = new Map<string, number>();
/** The account a login is for: a VALT server and its user name. */
const accountOf = (credentials: ICredentialDataDecryptedObject) =>
	`${baseUrlOf(credentials)} ${String(credentials.username ?? '')}`;

/**
 * Hands the node's Request Timeout to the logins its requests cause: n8n runs a credential's
 * login with the credential's fields only, so this is how it learns the run's setting.
 */
export function useLoginTimeout(credentials: ICredentialDataDecryptedObject, timeoutMs: number) {
	const account = accountOf(credentials);
	if (!timeouts.has(account) && timeouts.size >= LOGIN.maxShared) {
		timeouts.delete(timeouts.keys().next().value as string);
	}
	timeouts.set(account, timeoutMs);
}

/** The timeout of a login for this credential. */
export const loginTimeoutOf = (credentials: ICredentialDataDecryptedObject) =>
	timeouts.get(accountOf(credentials)) ?? LOGIN.defaultTimeoutMs;

export interface ValtCall extends VendorCall {
	/** What a 404 means, e.g. 'User 48'. */
	notFound?: string;
	/** The user name being saved: VALT answers a bare 500 when it is taken. */
	userName?: string;
}

/** VALT's own words: `{"error":{"message"}}`, or `{"data":"…"}` as the login answers. */
function vendorMessage(body: IDataObject | undefined): string | undefined {
	const error = body?.error as IDataObject | string | undefined;
	if (typeof error === 'object' && error?.message) return String(error.message);
	if (typeof error === 'string') return error;
	if (typeof body?.data === 'string') return body.data;
	return undefined;
}

function errorMessage(status: number, said: string | undefined, call: ValtCall): string {
	if (status === 404 && call.notFound) return `${call.notFound} was not found in IVS VALT`;
	if (status === 500 && call.userName !== undefined) {
		return `IVS VALT could not save the user "${call.userName}": the user name probably exists already`;
	}
	const advice = VALT_STATUS_ADVICE[status] ?? `IVS VALT answered HTTP ${status}`;
	return status === 400 && said ? `${advice}: ${said}` : advice;
}

/** VALT wraps every success in `data`; anything else becomes an error the user can act on. */
function checkResponse(context: RequestContext, result: HttpResult, call: ValtCall): unknown {
	const body = asObject(result.body);
	const httpCode = String(result.statusCode);
	const ok = result.statusCode >= 200 && result.statusCode < 300;
	if (ok && body && body.data !== undefined) return body.data;
	if (!body || (ok && body.data === undefined)) {
		throw unexpectedResponse(
			context,
			'IVS VALT',
			result,
			'Check the Base URL in the credential; if it is right, VALT may be down or behind a proxy page.',
			call.itemIndex,
		);
	}
	const said = vendorMessage(body);
	const description =
		result.statusCode === 500 && call.userName !== undefined
			? `VALT answered "${said ?? 'Internal Server Error'}"; it documents this answer for "User Name already exists". Choose another user name, or use Create or Update.`
			: `VALT said: ${redact(said ?? snippet(body))}`;
	throw new NodeApiError(context.getNode(), { httpCode, message: said ?? null } as JsonObject, {
		message: errorMessage(result.statusCode, said, call),
		description,
		httpCode,
		itemIndex: call.itemIndex,
	});
}

/** Calls the VALT API v3 (`/admin/users`…); the credential logs in and adds the session token. Returns `data`. */
export const valtRequest = vendorTransport({
	...VALT,
	url: (credentials, call: ValtCall) => `${baseUrlOf(credentials)}/api/v3${call.path}`,
	encode: (call) => ({
		method: call.method ?? 'GET',
		headers: {
			Accept: 'application/json',
			...(call.body ? { 'Content-Type': 'application/json' } : {}),
		},
		qs: call.qs,
		body: call.body,
		json: true,
	}),
	check: checkResponse,
	// A request that needs a new session token logs in first: within the same Request Timeout.
	beforeSend: (credentials, call) => useLoginTimeout(credentials, call.policy.timeoutMs),
});

/** VALT's user groups, for Get Many, the dropdowns and the list search alike. */
export async function listUserGroups(context: RequestContext, call: Call): Promise<IDataObject[]> {
	const data = await valtRequest(context, { method: 'GET', path: '/admin/user_groups', ...call });
	return ((data as IDataObject | undefined)?.userGroups as IDataObject[] | undefined) ?? [];
}

/** VALT's interview rooms, for Get Many, the dropdown and the list search alike. */
export async function listRooms(context: RequestContext, call: Call): Promise<IDataObject[]> {
	const data = await valtRequest(context, { method: 'GET', path: '/admin/rooms', ...call });
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}
