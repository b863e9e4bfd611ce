'use strict';
/**
 * Fault injection for the sandbox: latency, errors by kind and a rate limit,
 * deterministic for a given seed so a soak test fails the same way twice.
 */
const FAULT_KINDS = ['error5xx', 'rateLimited', 'reset', 'html', 'slowBody', 'lostResponse'];
/** mulberry32: a tiny seeded PRNG, good enough for fault dice. */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
class FaultInjector {
	config = {};
	random = seededRandom(1);
	tokens = 0;
	lastRefill = Date.now();
	constructor(config = {}) {
		this.configure(config);
	}
	configure(config) {
		this.config = { ...config };
		this.random = seededRandom(config.seed ?? 1);
		this.tokens = config.rateLimitPerSecond ?? 0;
		this.lastRefill = Date.now();
		/** How often each fault fired since the last configure (rate-limit 429s as 'rateLimit'). */
		this.counts = {};
		/** Requests seen since the last configure (for `failAfter`). */
		this.seen = 0;
		this.capacityTokens = this.burst;
		this.capacityRefill = Date.now();
		/** When the vendor went down (`failAfter`), and requests that arrived after that. */
		this.downSince = undefined;
		/** Requests that got past every fault to the emulator: how many, the first and last time. */
		this.accepted = { count: 0, firstAt: undefined, lastAt: undefined };
	}
	/** Counts a request that got past every fault (the benchmark's pace over time). */
	accept() {
		const now = Date.now();
		this.accepted.count += 1;
		this.accepted.firstAt ??= now;
		this.accepted.lastAt = now;
	}
	/** `capacityPerSecond`: what the vendor serves; a fifth of a second of it may come at once. */
	get burst() {
		return Math.max(1, (this.config.capacityPerSecond ?? 0) / 5);
	}
	/** The latency of a request arriving with `inFlight` requests (itself included) being served. */
	latencyUnderLoad(inFlight) {
		return this.latencyMs + (this.config.latencyPerInFlightMs ?? 0) * Math.max(0, inFlight - 1);
	}
	/** True when a request arriving now is beyond `capacityPerSecond` (answered 429 + Retry-After). */
	overCapacity() {
		const perSecond = this.config.capacityPerSecond;
		if (!perSecond) return false;
		const now = Date.now();
		const refill = ((now - this.capacityRefill) / 1000) * perSecond;
		this.capacityTokens = Math.min(this.burst, this.capacityTokens + refill);
		this.capacityRefill = now;
		if (this.capacityTokens < 1) {
			this.counts.overCapacity = (this.counts.overCapacity ?? 0) + 1;
			return true;
		}
		this.capacityTokens -= 1;
		return false;
	}
	/** Counts a request arriving after the vendor went down. */
	arrived() {
		if (this.downSince !== undefined)
			this.counts.sentAfterDown = (this.counts.sentAfterDown ?? 0) + 1;
	}
	/** The status a vendor that is down answers (`failWith`, default 503). */
	get downStatus() {
		return this.config.failWith ?? 503;
	}
	get current() {
		return { ...this.config };
	}
	get latencyMs() {
		return this.config.latencyMs ?? 0;
	}
	get retryAfterSeconds() {
		return this.config.retryAfterSeconds ?? 1;
	}
	get slowBodyMs() {
		return this.config.slowBodyMs ?? 1500;
	}
	/** True when the rate limit is exceeded for a request arriving now. */
	rateLimited() {
		const perSecond = this.config.rateLimitPerSecond;
		if (!perSecond) return false;
		const now = Date.now();
		this.tokens = Math.min(perSecond, this.tokens + ((now - this.lastRefill) / 1000) * perSecond);
		this.lastRefill = now;
		if (this.tokens < 1) {
			this.counts.rateLimit = (this.counts.rateLimit ?? 0) + 1;
			return true;
		}
		this.tokens -= 1;
		return false;
	}
	/** Rolls the dice once per request; at most one fault kind fires. `failAfter: N`: every
	 * request after the first N answers `failWith` (503 unless set: a vendor that goes down). */
	roll() {
		this.seen += 1;
		if (this.config.failAfter !== undefined && this.seen > this.config.failAfter) {
			this.downSince ??= Date.now();
			this.counts.down = (this.counts.down ?? 0) + 1;
			return 'down';
		}
		const rates = this.config.errorRates ?? {};
		const dice = this.random();
		let threshold = 0;
		for (const kind of FAULT_KINDS) {
			threshold += rates[kind] ?? 0;
			if (dice < threshold) {
				this.counts[kind] = (this.counts[kind] ?? 0) + 1;
				return kind;
			}
		}
		return undefined;
	}
}

module.exports = { FAULT_KINDS, FaultInjector };
