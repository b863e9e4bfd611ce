/**
 * Soak: a few thousand people through RCAMS Create or Update, then Assign Districts, against
 * a sandbox injecting every fault kind. Creates are not idempotent: a create whose answer was
 * lost must be checked, not repeated, so the sandbox must end with exactly one user per person.
 */
const { useSandbox } = require('../helpers');
const { rcamsWorkflow, personFields, person } = require('../nodes/Rcams/rcams.fixtures');
const { EVERY_FAULT, roster } = require('./soak.fixtures');

const env = useSandbox();
const options = { concurrency: 10, maxRetries: 8, timeout: 5 };

test('1500 people through RCAMS under every fault kind: one user each, districts granted', async () => {
	const people = roster(1500, (i) => person(i));
	people[99].email = 'broken@'; // cannot succeed: invalid input
	const seedUsers = env.sandbox.rcams.api.snapshot().users.length;
	env.sandbox.rcams.faults.configure(EVERY_FAULT);

	const upsert = await env.engine.run(
		rcamsWorkflow({ resource: 'user', operation: 'createOrUpdate', matchOn: 'email', ...personFields }, { items: people, continueOnFail: true, options }),
	);
	const items = upsert.items('Node');
	expect(items).toHaveLength(people.length);
	expect(items.map((item) => item.pairedItem.item)).toEqual(people.map((_, i) => i));
	const failed = items.filter((item) => item.json.error !== undefined);
	expect(failed.map((item) => item.pairedItem.item)).toEqual([99]);
	expect(failed[0].json.error).toMatch(/item 99.*Email/);

	const users = env.sandbox.rcams.api.snapshot().users;
	const emails = users.map((user) => user.email).filter((email) => email.endsWith('@school.edu'));
	expect(emails.sort()).toEqual(people.filter((_, i) => i !== 99).map((p) => p.email).sort());
	expect(users).toHaveLength(seedUsers + people.length - 1);
	for (const count of Object.values(env.sandbox.rcams.faults.counts)) expect(count).toBeGreaterThan(0);

	// Then grant two districts to everyone created, by the token each upsert returned.
	const created = items.filter((item) => !item.json.error).map((item) => ({ token: item.json.userToken }));
	env.sandbox.rcams.faults.configure({ ...EVERY_FAULT, seed: 7 });
	const grant = await env.engine.run(
		rcamsWorkflow(
			{ resource: 'user', operation: 'assignDistricts', user: { __rl: true, mode: 'id', value: '={{ $json.token }}' }, districts: '1,2' },
			{ items: created, continueOnFail: true, options },
		),
	);
	const grants = grant.items('Node');
	expect(grants).toHaveLength(created.length);
	expect(grants.filter((item) => item.json.error !== undefined)).toEqual([]);
	const granted = env.sandbox.rcams.api.snapshot().users.filter((user) => user.email.endsWith('@school.edu'));
	expect(granted.every((user) => JSON.stringify(user.districts.map(String)) === '["1","2"]')).toBe(true);
}, 300_000);
