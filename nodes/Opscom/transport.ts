import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { HttpResult, RequestContext } from '../shared/request';
import { asObject, snippet, unexpectedResponse } from '../shared/response';
import {
	baseUrlOf,
	serverOf,
	vendorTransport,
	type Vendor,
	type VendorCall,
} from '../shared/transport';
import { OPSCOM_ERROR_MESSAGES } from './errors';

export const OPSCOM_CREDENTIAL = 'opscomApi';

/** OPSCOM: the API token travels in every request body. */
export const OPSCOM: Vendor = {
	vendor: 'OPSCOM',
	credentialType: OPSCOM_CREDENTIAL,
	secrets: { of: (credentials) => [credentials.apiToken], rotate: false },
};

/** The OPSCOM controller and client code the credential points at. */
export const opscomServer = (context: RequestContext) =>
	serverOf(context, 'OPSCOM', OPSCOM_CREDENTIAL, (credentials) => [
		String(credentials.clientCode ?? ''),
	]);

/** Client code unknown, token missing, token not allowed: every request of the run would fail. */
const CREDENTIAL_CODES = new Set([9000, 9001, 9002]);

/** OPSCOM reports failure in the body (ErrorCode, or a status other than "success") whatever the HTTP code. */
function checkResponse(context: RequestContext, result: HttpResult, call: VendorCall): IDataObject {
	const body = asObject(result.body);
	const httpCode = String(result.statusCode);
	const { itemIndex } = call;
	if (!body) {
		throw unexpectedResponse(
			context,
			'OPSCOM',
			result,
			'Check the Base URL in the credential; if it is right, OPSCOM may be down.',
			itemIndex,
		);
	}
	if (body.ErrorCode !== undefined) {
		const code = Number(body.ErrorCode);
		const advice = OPSCOM_ERROR_MESSAGES[code] ?? 'OPSCOM refused the request';
		throw new NodeApiError(context.getNode(), body as JsonObject, {
			message: `OPSCOM error ${code}: ${advice}`,
			description: `OPSCOM said: ${String(body.ErrorMessage ?? 'no message')}`,
			httpCode,
			itemIndex,
		});
	}
	if (body.status !== 'success' || result.statusCode >= 400) {
		throw new NodeApiError(context.getNode(), body as JsonObject, {
			message: `OPSCOM did not accept the request (HTTP ${httpCode}, status "${String(body.status ?? 'missing')}")`,
			description: `Response: ${snippet(body)}`,
			httpCode,
			itemIndex,
		});
	}
	return body;
}

/**
 * POSTs to an OPSCOM API route (`profiles/push`); the credential adds the token to the body.
 * Returns the answer's body.
 */
export const opscomRequest = vendorTransport({
	...OPSCOM,
	url: (credentials, call) =>
		`${baseUrlOf(credentials)}/api/${encodeURIComponent(String(credentials.clientCode ?? 'OC_TOMA'))}/v1/${call.path}`,
	encode: (call) => ({
		method: 'POST',
		headers: {
			Accept: 'application/json',
			'Content-Type': 'application/json',
			'Cache-Control': 'no-cache',
		},
		body: call.body ?? {},
	}),
	check: checkResponse,
	refusesCredential: (result) =>
		CREDENTIAL_CODES.has(Number(asObject(result.body)?.ErrorCode ?? Number.NaN)),
});
