import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Call } from '../shared/operation';
import type { HttpResult, RequestContext } from '../shared/request';
import { asObject, kindOf, snippet, unexpectedResponse, unexpectedShape } from '../shared/response';
import { basicAuthValue } from '../shared/scrub';
import {
	baseUrlOf,
	serverOf,
	vendorTransport,
	type Vendor,
	type VendorCall,
} from '../shared/transport';
import { adviceFor } from './errors';

export const RCAMS_CREDENTIAL = 'rcamsApi';

/** RCAMS: HTTP Basic on every call, so the password and the header made of it are the secrets. */
export const RCAMS: Vendor = {
	vendor: 'RCAMS',
	credentialType: RCAMS_CREDENTIAL,
	secrets: {
		of: (credentials) => {
			const basic = basicAuthValue(credentials.username, credentials.password);
			return [credentials.password, basic, `Basic ${basic}`];
		},
		rotate: false,
	},
};

/** The RCAMS API the credential points at. */
export const rcamsServer = (context: RequestContext) =>
	serverOf(context, 'RCAMS', RCAMS_CREDENTIAL);

export const MASK = '********';

const SECRET_KEY = /pass(word)?$|^psk$|wifi_key|ssid_key/i;

/**
 * Masks Wi-Fi (and any other) passwords wherever they appear in a response, so they never
 * reach workflow data, logs or error details.
 */
export function maskSecrets<T>(value: T): T {
	if (Array.isArray(value)) return value.map(maskSecrets) as T;
	if (typeof value !== 'object' || value === null) return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, inner]) => [
			key,
			SECRET_KEY.test(key) && inner !== '' && inner !== null ? MASK : maskSecrets(inner),
		]),
	) as T;
}

/** RCAMS reports the outcome in the body (status "OK" or not), whatever the HTTP code. */
function checkResponse(
	context: RequestContext,
	result: HttpResult,
	itemIndex?: number,
): IDataObject {
	const body = asObject(result.body);
	const httpCode = String(result.statusCode);
	if (!body) {
		throw unexpectedResponse(
			context,
			'RCAMS',
			result,
			'Check the Base URL in the credential (it should end in /api/v2); if it is right, RCAMS may be down.',
			itemIndex,
		);
	}
	const masked = maskSecrets(body);
	if (masked.status !== 'OK') {
		const vendorMessage = String(
			masked.message ?? `status "${String(masked.status ?? 'missing')}"`,
		);
		const advice = adviceFor(vendorMessage);
		throw new NodeApiError(context.getNode(), masked as JsonObject, {
			message: `RCAMS: ${vendorMessage}`,
			description: advice ? `${advice} (HTTP ${httpCode})` : `Response: ${snippet(masked)}`,
			httpCode,
			itemIndex,
		});
	}
	return masked;
}

/**
 * POSTs one action to an RCAMS endpoint (`path: 'user.php'`). The body goes as a JSON string,
 * as the vendor's own helper sends it; the credential adds HTTP Basic auth. Returns the answer.
 */
export const rcamsRequest = vendorTransport({
	...RCAMS,
	url: (credentials, call: VendorCall) => `${baseUrlOf(credentials)}/${call.path}`,
	encode: (call) => ({
		method: 'POST',
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		body: JSON.stringify(call.body ?? {}),
		json: false,
	}),
	check: (context, result, call) => checkResponse(context, result, call.itemIndex),
});

const NOT_ACTED_ON = 'Nothing was created, updated or removed on the strength of this answer:';

/**
 * A whole RCAMS list (`action: "list"`): the array under `key`. The lists have no pagination.
 * An answer without that array, or whose `total` says it holds more than it sent, fails: read
 * as the whole truth, a short list would make the people missing from it look new or gone.
 * A `total` below the array's length is ignored (the docs' own example disagrees with itself).
 */
export async function rcamsList(
	context: RequestContext,
	path: string,
	key: string,
	call: Call,
): Promise<IDataObject[]> {
	const response = await rcamsRequest(context, { path, body: { action: 'list' }, ...call });
	const list = response[key];
	const noun = key.replace(/s$/, '');
	if (!Array.isArray(list)) {
		const kind = kindOf(list);
		throw unexpectedShape(
			context,
			`RCAMS sent the ${noun} list in an unexpected shape: "${key}" is ${kind}${kind === 'missing' ? '' : ', not a list'}`,
			response,
			`${NOT_ACTED_ON} read as "no ${key}", it would make everyone look new or gone. Check the Base URL in the credential; if it is right, show this answer to the RCAMS administrator.`,
			call.itemIndex,
		);
	}
	const total = typeof response.total === 'string' ? response.total.trim() : response.total;
	if (
		(typeof total === 'number' || (typeof total === 'string' && total !== '')) &&
		Number(total) > list.length
	) {
		throw unexpectedShape(
			context,
			`RCAMS reported ${Number(total)} ${key} but returned ${list.length}; nothing was created or removed`,
			undefined,
			`RCAMS lists ${key} without paging, so the ${key} it did not send are missing from the list, and would look new (created again) or gone (removed). ${NOT_ACTED_ON} run again later; if it persists, ask the RCAMS administrator why ${path} lists fewer ${key} than its "total".`,
			call.itemIndex,
		);
	}
	return list as IDataObject[];
}

/** What a listed user needs for the node to compare it with the roster. */
const USER_KEYS = ['user_token', 'user_email'];
const present = (value: unknown) =>
	(typeof value === 'string' && value.trim() !== '') || typeof value === 'number';

/**
 * Every RCAMS user, as list returns them. A user without a token or an email fails the list: it
 * could not be matched with the roster, and would look new or gone.
 */
export async function listUsers(context: RequestContext, call: Call): Promise<IDataObject[]> {
	const users = await rcamsList(context, 'user.php', 'users', call);
	for (const user of users) {
		const missing = USER_KEYS.find((key) => !present(user?.[key]));
		if (missing === undefined) continue;
		throw unexpectedShape(
			context,
			`RCAMS listed a user without "${missing}"`,
			user,
			`The node compares users by "user_token" and "user_email": a user without one cannot be matched with the roster. ${NOT_ACTED_ON} ask the RCAMS administrator to check that user.`,
			call.itemIndex,
		);
	}
	return users;
}

/** Every RCAMS district. */
export async function listDistricts(context: RequestContext, call: Call): Promise<IDataObject[]> {
	return await rcamsList(context, 'district.php', 'districts', call);
}
