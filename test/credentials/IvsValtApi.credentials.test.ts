/**
 * The VALT login (credentials/IvsValtApi.credentials.ts) waits as long as the node's Request
 * Timeout says, which the node hands it through nodes/IvsValt/transport.ts before each request.
 */
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { IvsValtApi } from '../../credentials/IvsValtApi.credentials';
import { LOGIN, useLoginTimeout } from '../../nodes/IvsValt/transport';

/** Logs in once against a stub that records the request and hands out a token. */
async function loginWith(
	credentials: ICredentialDataDecryptedObject,
): Promise<IHttpRequestOptions> {
	const sent: IHttpRequestOptions[] = [];
	const helper = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				sent.push(options);
				return { statusCode: 200, headers: {}, body: { data: { access_token: 'token-1' } } };
			},
		},
	} as unknown as IHttpRequestHelper;
	await new IvsValtApi().preAuthentication.call(helper, credentials);
	return sent[0];
}

test("a login waits as long as the node's Request Timeout", async () => {
	const credentials = { baseUrl: 'https://valt-a.test', username: 'api', password: 'pw-1' };
	useLoginTimeout(credentials, 5_000);
	expect((await loginWith(credentials)).timeout).toBe(5_000);
});

test('a login no node run has told (the credential test) waits the default Request Timeout', async () => {
	const credentials = { baseUrl: 'https://valt-b.test', username: 'api', password: 'pw-2' };
	expect((await loginWith(credentials)).timeout).toBe(LOGIN.defaultTimeoutMs);
	expect(LOGIN.defaultTimeoutMs).toBe(30_000);
});
