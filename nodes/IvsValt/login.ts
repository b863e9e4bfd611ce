import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEFAULT_POLICY } from '../shared/options';
import { baseUrlOf } from '../shared/transport';

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
const serverOf = (credentials: ICredentialDataDecryptedObject) =>
	`${baseUrlOf(credentials)} ${String(credentials.username ?? '')}`;

/**
 * Hands the node's Request Timeout to the logins its requests cause: n8n runs a credential's
 * login with the credential's fields only, so this is how it learns the run's setting.
 */
export function useLoginTimeout(credentials: ICredentialDataDecryptedObject, timeoutMs: number) {
	const server = serverOf(credentials);
	if (!timeouts.has(server) && timeouts.size >= LOGIN.maxShared) {
		timeouts.delete(timeouts.keys().next().value as string);
	}
	timeouts.set(server, timeoutMs);
}

/** The timeout of a login for this credential. */
export const loginTimeoutOf = (credentials: ICredentialDataDecryptedObject) =>
	timeouts.get(serverOf(credentials)) ?? LOGIN.defaultTimeoutMs;
