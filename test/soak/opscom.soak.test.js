/**
 * Soak: a few thousand people through the OPSCOM node against a sandbox that injects
 * every fault kind. Nothing may be lost: one output per input, paired to it, and the
 * sandbox ends holding exactly the valid part of the roster.
 */
const { useSandbox } = require('../helpers');
const { pushWorkflow } = require('../nodes/Opscom/opscom.fixtures');
const { EVERY_FAULT, roster } = require('./soak.fixtures');

const env = useSandbox();

test('2000 people through OPSCOM under every fault kind: nothing lost, nothing duplicated', async () => {
	const people = roster(2000, (i) => ({
		id: `S${String(i).padStart(6, '0')}`,
		first: `First${i}`,
		last: `Last${i}`,
		email: `person${i}@school.edu`,
	}));
	// People who truly cannot succeed: invalid input, and a login source OPSCOM refuses.
	people[17].email = 'not-an-email';
	people[1234].loginSource = 'KERBEROS';
	env.sandbox.opscom.faults.configure(EVERY_FAULT);

	const run = await env.engine.run(
		pushWorkflow(people, {}, { continueOnFail: true, options: { concurrency: 10, maxRetries: 8, timeout: 5 } }),
	);

	expect(run.status).toBe('success');
	const items = run.items('Node');
	expect(items).toHaveLength(people.length);
	expect(items.map((item) => item.pairedItem.item)).toEqual(people.map((_, i) => i));

	const failed = items.filter((item) => item.json.error !== undefined);
	expect(failed.map((item) => item.pairedItem.item)).toEqual([17, 1234]);
	expect(failed[0].json.error).toMatch(/^Invalid input on item 17: "Email" is not a valid email address/);
	expect(failed[1].json.error).toMatch(/^OPSCOM error 9015: The login source is not one OPSCOM knows/);

	const expected = people.filter((_, i) => i !== 17 && i !== 1234).map((p) => p.id).sort();
	const stored = [...env.sandbox.opscom.api.profiles.keys()].sort();
	expect(stored).toEqual(expected);
	// Every fault kind really happened during the run.
	expect(env.sandbox.opscom.faults.counts).toEqual(
		expect.objectContaining({ error5xx: expect.any(Number), rateLimited: expect.any(Number), reset: expect.any(Number), html: expect.any(Number), slowBody: expect.any(Number), lostResponse: expect.any(Number) }),
	);
	for (const count of Object.values(env.sandbox.opscom.faults.counts)) expect(count).toBeGreaterThan(0);
}, 300_000);
