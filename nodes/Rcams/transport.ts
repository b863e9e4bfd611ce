import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { RequestPolicy } from '../shared/options';
import type { HttpResult, RequestContext } from '../shared/request';
import { asObject, snippet, unexpectedResponse } from '../shared/response';
import { baseUrlOf, serverOf, vendorTransport, type VendorCall } from '../shared/transport';
import { adviceFor } from './errors';

export const RCAMS_CREDENTIAL = 'rcamsApi';

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
	vendor: 'RCAMS',
	credentialType: RCAMS_CREDENTIAL,
	url: (credentials, call: VendorCall) => `${baseUrlOf(credentials)}/${call.path}`,
	encode: (call) => ({
		method: 'POST',
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		body: JSON.stringify(call.body ?? {}),
		json: false,
	}),
	check: (context, result, call) => checkResponse(context, result, call.itemIndex),
});

/**
 * A whole RCAMS list (`action: "list"`): the array under `key`, or none. The lists have no
 * pagination, and their `total` is not to be trusted: the array is.
 */
export async function rcamsList(
	context: RequestContext,
	path: string,
	key: string,
	call: { policy: RequestPolicy; itemIndex?: number },
): Promise<IDataObject[]> {
	const response = await rcamsRequest(context, { path, body: { action: 'list' }, ...call });
	const list = response[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/** Every RCAMS user, as list returns them. */
export async function listUsers(
	context: RequestContext,
	call: { policy: RequestPolicy; itemIndex?: number },
): Promise<IDataObject[]> {
	return await rcamsList(context, 'user.php', 'users', call);
}

/** Every RCAMS district. */
export async function listDistricts(
	context: RequestContext,
	call: { policy: RequestPolicy; itemIndex?: number },
): Promise<IDataObject[]> {
	return await rcamsList(context, 'district.php', 'districts', call);
}
