/**
 * Soak: a few thousand people through IVS VALT Create or Update against a sandbox injecting
 * every fault kind, with the session token expiring mid-run. Creates are not idempotent
 * (a second create of a name is a 500): lost answers must be checked, never repeated.
 */
const { useSandbox } = require('../helpers');
const { valtWorkflow } = require('../nodes/IvsValt/valt.fixtures');
const { EVERY_FAULT, roster } = require('./soak.fixtures');

const env = useSandbox();

test('1500 people through VALT under every fault kind and a token expiry: one user each', async () => {
	const people = roster(1500, (i) => ({ name: `student${i}`, password: `Pass-${i}!`, card: `00${i}`, group: 2 }));
	people[500].group = 'Investigators'; // cannot succeed: a group name where an id is needed
	const seedUsers = env.sandbox.valt.api.snapshot().users.length;
	env.sandbox.valt.faults.configure(EVERY_FAULT);
	// Expire the session once the run is under way: the node must log in again, once.
	let requests = 0;
	const roll = env.sandbox.valt.faults.roll.bind(env.sandbox.valt.faults);
	env.sandbox.valt.faults.roll = () => {
		if (++requests === 700) env.sandbox.valt.api.admin('expire-tokens');
		return roll();
	};

	const run = await env.engine.run(
		valtWorkflow(
			{
				resource: 'user',
				operation: 'createOrUpdate',
				userName: '={{ $json.name }}',
				password: '={{ $json.password }}',
				additionalFields: { cardNumber: '={{ $json.card }}', userGroup: '={{ $json.group }}' },
				options: { concurrency: 10, maxRetries: 8, timeout: 5 },
			},
			people,
			{ continueOnFail: true },
		),
	);

	const items = run.items('Node');
	expect(items).toHaveLength(people.length);
	expect(items.map((item) => item.pairedItem.item)).toEqual(people.map((_, i) => i));
	const failed = items.filter((item) => item.json.error !== undefined);
	expect(failed.map((item) => item.pairedItem.item)).toEqual([500]);
	expect(failed[0].json.error).toMatch(/item 500.*Primary User Group/);

	const users = env.sandbox.valt.api.snapshot().users;
	const names = users.map((user) => user.name).filter((name) => name.startsWith('student'));
	expect(names.sort()).toEqual(people.filter((_, i) => i !== 500).map((p) => p.name).sort());
	expect(users).toHaveLength(seedUsers + people.length - 1);
	// Leading zeros of card numbers survive.
	expect(users.find((user) => user.name === 'student7').card_number).toBe('007');
	expect(env.sandbox.valt.api.snapshot().logins).toBe(2);
	for (const count of Object.values(env.sandbox.valt.faults.counts)) expect(count).toBeGreaterThan(0);
}, 300_000);
