import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

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
