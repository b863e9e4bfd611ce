const { useSandbox } = require('../../helpers');
const { DANA, INTEGRATOR, JACOB, NOEL, rcamsWorkflow } = require('./rcams.fixtures');

const env = useSandbox();

describe('RCAMS User → Get Many', () => {
	test('returns every user in the tidy shape (the list has no login name)', async () => {
		const run = await env.engine.run(rcamsWorkflow({ resource: 'user', operation: 'getAll' }));
		const users = run.json('Node');
		expect(users.map((user) => user.userToken)).toEqual([NOEL, JACOB, DANA, INTEGRATOR]);
		expect(users[1]).toEqual({
			userToken: JACOB,
			fullName: 'Jacob Mata',
			email: 'jacob.mata@rcams.example',
			phone: '555-010-2000',
			pictureUrl: '',
			lastLogin: '2025-04-09 15:46:40',
			enabled: true,
		});
		expect(users[2]).toMatchObject({ lastLogin: null, enabled: false });
		expect(users[0].userName).toBeUndefined();
	});

	test('Limit caps the output', async () => {
		const run = await env.engine.run(
			rcamsWorkflow({ resource: 'user', operation: 'getAll', returnAll: false, limit: 2 }),
		);
		expect(run.json('Node')).toHaveLength(2);
	});

	test('with Simplify off, the list fields are under raw', async () => {
		const run = await env.engine.run(
			rcamsWorkflow({ resource: 'user', operation: 'getAll', simplify: false }),
		);
		expect(run.json('Node')[0].raw).toMatchObject({
			user_token: NOEL,
			user_name: 'Noel Vanegas',
			enable: 'yes',
		});
	});
});
