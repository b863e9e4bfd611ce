/** Every fault kind at once, a few percent each, deterministic. */
const EVERY_FAULT = {
	errorRates: { error5xx: 0.03, rateLimited: 0.02, reset: 0.02, html: 0.02, slowBody: 0.01, lostResponse: 0.02 },
	retryAfterSeconds: 1,
	slowBodyMs: 300,
	seed: 2026,
};

const roster = (size, person) => Array.from({ length: size }, (_, i) => person(i));

module.exports = { EVERY_FAULT, roster };
