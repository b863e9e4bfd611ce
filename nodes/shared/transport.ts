import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { getCredentialsOnce } from './credentials';
import type { Call } from './operation';
import { sendRequest, type HttpResult, type RequestContext } from './request';
import type { CredentialSecrets } from './scrub';

/** One call to a vendor API: a Call (the run's policy and the item) and what is sent. */
export interface VendorCall extends Call {
	/** The route below the API root, e.g. `profiles/push` or `/admin/users`. */
	path: string;
	method?: IHttpRequestMethods;
	body?: IDataObject;
	qs?: IDataObject;
	/**
	 * Whether the call may be sent again after a failure that may have reached the server
	 * (a dropped connection, a timeout). Reads, upserts and edits may; creates may not.
	 */
	idempotent?: boolean;
	/**
	 * For creates: after such a failure, looks for what the first attempt may have made and
	 * returns it as the call's result, or undefined to send again.
	 */
	recover?: () => Promise<unknown>;
}

/** What shared code knows of a vendor: its name, its credential, and that credential's secrets. */
export interface Vendor {
	/** The vendor's name in messages. */
	vendor: string;
	credentialType: string;
	/** Masked in every output item and error the node lets out (scrub.ts); required, never guessed. */
	secrets: CredentialSecrets;
}

/** What makes a vendor different: where its API lives, how a call is encoded and read. */
export interface VendorApi<Call extends VendorCall, Result> extends Vendor {
	/** The call's full URL, from the credential's fields. */
	url: (credentials: ICredentialDataDecryptedObject, call: Call) => string;
	/** Method, headers and body encoding. */
	encode: (call: Call) => Omit<IHttpRequestOptions, 'url'>;
	/** The answer's payload on success; otherwise throws an error a campus admin can act on. */
	check: (context: RequestContext, result: HttpResult, call: Call) => Result;
	/** Whether an answer refuses the credential although its status is not 401 or 403. */
	refusesCredential?: (result: HttpResult) => boolean;
	/** Before each request, with the credential's fields (e.g. to tell a login the run's timeout). */
	beforeSend?: (credentials: ICredentialDataDecryptedObject, call: Call) => void;
}

/** A credential's base URL without trailing slashes or spaces. */
export const baseUrlOf = (credentials: ICredentialDataDecryptedObject) =>
	String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');

/**
 * Which vendor server a credential points at (name, Base URL and any `parts`), e.g. to keep the
 * state (what a sync remembers) of a test server apart from production's.
 */
export async function serverOf(
	context: RequestContext,
	vendor: string,
	credentialType: string,
	parts: (credentials: ICredentialDataDecryptedObject) => string[] = () => [],
): Promise<string> {
	const credentials = await getCredentialsOnce(context, credentialType);
	return [vendor, baseUrlOf(credentials), ...parts(credentials)].join(' ');
}

const RECOVERED: HttpResult = { statusCode: 200, headers: {}, body: undefined };

/** The request function of a vendor: credential, retries and recovery shared, the rest from `api`. */
export function vendorTransport<Call extends VendorCall, Result>(api: VendorApi<Call, Result>) {
	return async function vendorRequest(context: RequestContext, call: Call): Promise<Result> {
		const credentials = await getCredentialsOnce(context, api.credentialType);
		api.beforeSend?.(credentials, call);
		let recovered: Result | undefined;
		const result = await sendRequest(
			context,
			{ url: api.url(credentials, call), ...api.encode(call) },
			{
				vendor: api.vendor,
				credentialType: api.credentialType,
				policy: call.policy,
				itemIndex: call.itemIndex,
				idempotent: call.idempotent ?? true,
				refusesCredential: api.refusesCredential,
				recover: call.recover
					? async () => {
							recovered = (await call.recover!()) as Result | undefined;
							return recovered === undefined ? undefined : RECOVERED;
						}
					: undefined,
			},
		);
		return result === RECOVERED ? (recovered as Result) : api.check(context, result, call);
	};
}
