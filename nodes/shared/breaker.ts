import { sleep as n8nSleep } from 'n8n-workflow';

/**
 * The circuit breaker of one node run and one vendor server: a vendor that is down, or refuses
 * the credential, costs seconds instead of every item's retries. Only failures that say the
 * server or the credential is unusable count; any other answer (a 404 of one user, a 409, a
 * validation error, a 429) shows the server is there and clears the count.
 */

/**
 * Failures that retries cannot fix when they come in a row. 'login': the credential itself
 * refused before anything was sent (a wrong password): that opens the breaker at once, since
 * every further attempt is another failed login an appliance may lock the account for.
 */
export type FailureKind = 'unavailable' | 'unreachable' | 'credential' | 'login';

export interface Failure {
	kind: FailureKind;
	/** In words, e.g. "HTTP 503" or "connection refused". */
	reason: string;
}

/** How one request went, for the breaker. */
export type Health = 'alive' | 'neutral' | Failure;

export interface Opened extends Failure {
	/** Failures in a row when the breaker opened. */
	failures: number;
}

export const BREAKER = {
	/** Failures in a row before requests go one at a time, as probes. */
	suspectAfter: 3,
	/** Failed probes before the run stops sending. */
	probes: 4,
	/** The wait before the first probe, doubled after each failed one (0.5 + 1 + 2 + 4 s). */
	holdMs: 500,
};

/** What a request may do: go, go as the one probe, or not go (the breaker is open). */
export type Turn = 'send' | 'probe' | 'stopped';

export class Breaker {
	private failure?: Failure;
	private inARow = 0;
	private failedProbes = 0;
	private holdUntil = 0;
	private probing = false;
	private readonly waiting: Array<() => void> = [];
	opened?: Opened;

	constructor(
		private readonly now: () => number = Date.now,
		private readonly sleep: (ms: number) => Promise<void> = n8nSleep,
	) {}

	/**
	 * Waits until a request may be sent: 'probe' when it is the only one in flight while the
	 * vendor looks down, 'stopped' once the breaker is open.
	 */
	async beforeSend(): Promise<Turn> {
		for (;;) {
			if (this.opened) return 'stopped';
			if (this.inARow < BREAKER.suspectAfter) return 'send';
			if (this.probing) {
				await new Promise<void>((resolve) => this.waiting.push(resolve));
				continue;
			}
			const wait = this.holdUntil - this.now();
			if (wait <= 0) {
				this.probing = true;
				return 'probe';
			}
			await this.sleep(wait);
		}
	}

	/** Records how a request went (`probe`: what beforeSend returned for it). */
	record(health: Health, probe: boolean) {
		if (probe) this.probing = false;
		if (health === 'alive') {
			this.failure = undefined;
			this.inARow = 0;
			this.failedProbes = 0;
		} else if (health !== 'neutral' && !this.opened) {
			if (health.kind !== this.failure?.kind) {
				this.inARow = 0;
				this.failedProbes = 0;
			}
			this.failure = health;
			this.inARow++;
			if (probe) this.failedProbes++;
			if (this.failedProbes >= BREAKER.probes || health.kind === 'login')
				this.opened = { ...health, failures: this.inARow };
			else if (this.inARow >= BREAKER.suspectAfter)
				this.holdUntil = this.now() + BREAKER.holdMs * 2 ** this.failedProbes;
		}
		for (const wake of this.waiting.splice(0)) wake();
	}
}
