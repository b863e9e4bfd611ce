import type { IAuthenticateRuleResponseCode, ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { RequestContext } from './request';

const cache = new WeakMap<RequestContext, Map<string, Promise<ICredentialDataDecryptedObject>>>();

/**
 * The credential's fields, read once per node run rather than once per item: n8n decrypts
 * and resolves the credential on every read, which adds up over thousands of items.
 */
export async function getCredentialsOnce(
	context: RequestContext,
	type: string,
): Promise<ICredentialDataDecryptedObject> {
	let byType = cache.get(context);
	if (!byType) {
		byType = new Map();
		cache.set(context, byType);
	}
	let credentials = byType.get(type);
	if (!credentials) {
		credentials = context.getCredentials(type);
		byType.set(type, credentials);
	}
	return await credentials;
}

/** The redirect statuses a credential test can meet. */
const REDIRECT_STATUSES = [300, 301, 302, 303, 307, 308];

/**
 * Rules for a credential test request sent with NO_REDIRECTS (request.ts): a redirect fails the
 * test with advice instead of n8n's bare status text ("Found"). The test cannot name the target,
 * since rules are fixed text; the node's error does.
 */
export function redirectRules(vendor: string): IAuthenticateRuleResponseCode[] {
	return REDIRECT_STATUSES.map((value) => ({
		type: 'responseCode',
		properties: {
			value,
			message: `The Base URL answered with a redirect (HTTP ${value}), which is not followed, so nothing was sent to the other address. Set the Base URL to the ${vendor} server's own address (for example https instead of http).`,
		},
	}));
}
