import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { getCredentialsOnce } from '../shared/credentials';
import type { RequestPolicy } from '../shared/options';
import { sendRequest, type HttpResult, type RequestContext } from '../shared/request';
import { asObject, snippet, unexpectedResponse } from '../shared/response';
import { OPSCOM_ERROR_MESSAGES } from './errors';

export const OPSCOM_CREDENTIAL = 'opscomApi';

interface OpscomCall {
	policy: RequestPolicy;
	itemIndex?: number;
	/**
	 * Whether the call may be sent again after a dropped connection (see SendOptions.idempotent).
	 * True for the profile push, an upsert; false for creates such as the vehicle push, which
	 * OPSCOM gives no way to look up: they fail saying the record may exist instead of resending.
	 */
	idempotent?: boolean;
}

/** OPSCOM reports failure in the body (ErrorCode, or a status other than "success") whatever the HTTP code. */
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

/** POSTs to an OPSCOM API route; the credential adds the token to the body. */
export async function opscomRequest(
	context: RequestContext,
	route: string,
	body: IDataObject,
	{ policy, itemIndex, idempotent = true }: OpscomCall,
): Promise<IDataObject> {
	const credentials = await getCredentialsOnce(context, OPSCOM_CREDENTIAL);
	const baseUrl = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	const clientCode = encodeURIComponent(String(credentials.clientCode ?? 'OC_TOMA'));
	const result = await sendRequest(
		context,
		{
			method: 'POST',
			url: `${baseUrl}/api/${clientCode}/v1/${route}`,
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
				'Cache-Control': 'no-cache',
			},
			body,
		},
		{ vendor: 'OPSCOM', credentialType: OPSCOM_CREDENTIAL, policy, itemIndex, idempotent },
	);
	return checkResponse(context, result, itemIndex);
}
