import { sleep as n8nSleep } from 'n8n-workflow';

/**
 * Adaptive concurrency: how many requests one vendor server gets at once, found while sending.
 * AIMD as TCP does it, with a latency check as Netflix's concurrency-limits: start low, double
 * per round trip until the first sign of overload (slow start), then grow by one per round trip;
 * on a 429, 5xx or timeout, or answers twice as slow as the fastest seen, shrink (by half the
 * first time, by a tenth after) once per round trip. Sends are spread over the round trip
 * (paced, as TCP BBR does) rather than sent in bursts.
 */

/** What one request said about the server's load. */
export type LoadSignal = 'ok' | 'overloaded' | 'none';

/** Handed out when a request may go; given back when its answer (or failure) is in. */
export interface Slot {
	sentAt: number;
	/** Requests in flight when it was sent, itself included, and the limit then. */
	inFlight: number;
	limit: number;
}

export const PACE = {
	start: 2,
	max: 50,
	/** Later decreases keep 90 %: a 429 costs a retry, an empty slot costs throughput. */
	backoff: 0.9,
	/**
	 * No probing for more once the run's remaining requests take less than this at the current
	 * pace: a 429 then delays the run's end by the vendor's Retry-After (often a second or more),
	 * while the most probing could still gain is a few requests.
	 */
	endSeconds: 1,
	/** Answers this many times slower than the fastest, on average, mean the server is queueing. */
	latencyTolerance: 2,
	/**
	 * Sends go out at most this many times faster than the limit per round trip allows. Without
	 * pacing, answers read in a batch release their slots in a burst, the burst comes back as
	 * one, and the answers of a vendor that just went down wait behind it while more are sent.
	 */
	pacingGain: 1.5,
};

export class AdaptiveLimit {
	private value = PACE.start;
	private inFlight = 0;
	private slowStart = true;
	private fastestMs = Infinity;
	/** Recent answers' time, smoothed: one slow answer (a pause of this process) is not a trend. */
	private recentMs?: number;
	private lastDecrease = -Infinity;
	/** The earliest the next request may go (pacing). */
	private nextSendAt = -Infinity;
	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly now: () => number = Date.now,
		private readonly sleep: (ms: number) => Promise<void> = n8nSleep,
	) {}

	/** Requests that may be in flight now. */
	get limit(): number {
		return Math.floor(this.value);
	}

	/** Requests per second at the current limit and recent answer time (0 before any answer). */
	get perSecond(): number {
		return this.recentMs ? (this.limit * 1000) / this.recentMs : 0;
	}

	get busy(): boolean {
		return this.inFlight > 0 || this.waiting.length > 0;
	}

	/** Waits for a free slot (first come, first served), then for its turn in the pacing. */
	async acquire(): Promise<Slot> {
		for (;;) {
			if (this.inFlight < this.limit && this.waiting.length === 0) this.inFlight++;
			else await new Promise<void>((resolve) => this.waiting.push(resolve));
			// An overload read while it waited its turn shrank the limit: then it waits again.
			if (!(await this.paced()) || this.inFlight <= this.limit) break;
			this.inFlight--;
		}
		return { sentAt: this.now(), inFlight: this.inFlight, limit: this.limit };
	}

	/** Spaces sends by a round trip over the limit (divided by the pacing gain); true if it waited. */
	private async paced(): Promise<boolean> {
		if (!this.recentMs) return false;
		const now = this.now();
		const at = Math.max(now, this.nextSendAt);
		this.nextSendAt = at + this.recentMs / (this.value * PACE.pacingGain);
		// Timers cannot wait less than a millisecond: shorter gaps go out together.
		if (at - now < 1) return false;
		await this.sleep(at - now);
		return true;
	}

	/**
	 * Gives the slot back and learns from how the request went; `mayGrow` false keeps it from
	 * probing for more (it still backs off).
	 */
	release(slot: Slot, signal: LoadSignal, mayGrow = true) {
		// A limit less than half used says nothing about whether the server could take more.
		const used = Math.max(slot.inFlight, this.inFlight + this.waiting.length) * 2 > slot.limit;
		this.inFlight--;
		this.learn(slot, signal, this.now() - slot.sentAt, used && mayGrow);
		while (this.inFlight < this.limit && this.waiting.length > 0) {
			this.inFlight++;
			this.waiting.shift()!();
		}
	}

	private learn(slot: Slot, signal: LoadSignal, elapsedMs: number, grow: boolean) {
		if (signal === 'none') return;
		if (signal === 'ok') {
			this.fastestMs = Math.min(this.fastestMs, elapsedMs);
			this.recentMs = (this.recentMs ?? elapsedMs) * 0.9 + elapsedMs * 0.1;
		}
		const slow = signal === 'ok' && this.recentMs! > this.fastestMs * PACE.latencyTolerance;
		if (signal === 'overloaded' || slow) {
			// Requests sent before the last decrease saw the old limit: one decrease per round trip.
			if (slot.sentAt < this.lastDecrease) return;
			this.value = Math.max(1, this.value * (this.slowStart ? 0.5 : PACE.backoff));
			this.slowStart = false;
			this.lastDecrease = this.now();
			return;
		}
		if (!grow) return;
		this.value = Math.min(PACE.max, this.value + (this.slowStart ? 1 : 1 / this.value));
	}
}

/** Limits unused this long are dropped: the execution that made them has ended. */
const IDLE_MS = 10 * 60_000;
const MAX_SHARED = 200;
const shared = new Map<string, { limit: AdaptiveLimit; usedAt: number }>();

/**
 * The limit of one vendor server within one execution, shared by its nodes (three nodes on
 * one server share it). Keyed by origin, never by credential, so it holds no secret.
 */
export function sharedLimit(executionId: string, origin: string): AdaptiveLimit {
	const key = `${executionId} ${origin}`;
	const now = Date.now();
	let entry = shared.get(key);
	if (!entry) {
		for (const [old, { limit, usedAt }] of shared) {
			if (shared.size < MAX_SHARED && now - usedAt < IDLE_MS) break;
			if (!limit.busy) shared.delete(old);
		}
		entry = { limit: new AdaptiveLimit(), usedAt: now };
	}
	entry.usedAt = now;
	// Re-inserted so the map stays ordered by last use and the oldest are checked first.
	shared.delete(key);
	shared.set(key, entry);
	return entry.limit;
}
