import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

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
