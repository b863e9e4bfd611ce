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
	 * request after the first N answers 503 (a vendor that goes down). */
	roll() {
		this.seen += 1;
		if (this.config.failAfter !== undefined && this.seen > this.config.failAfter) {
			this.counts.error5xx = (this.counts.error5xx ?? 0) + 1;
			return 'error5xx';
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
