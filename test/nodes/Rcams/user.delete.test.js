const { useSandbox } = require('../../helpers');
const { DANA, calls, rcamsWorkflow, userRef } = require('./rcams.fixtures');

const env = useSandbox();

describe('RCAMS User → Delete', () => {
	test('removes the user and returns {"deleted": true}', async () => {
		const run = await env.engine.run(
			rcamsWorkflow({ resource: 'user', operation: 'delete', user: userRef(DANA) }),
		);
		expect(run.json('Node')).toEqual([{ action: 'removed', userToken: DANA, deleted: true }]);
		expect(calls(env.sandbox, 'user.php', 'remove')[0].json).toEqual({
			action: 'remove',
			usr_tokenid: DANA,
		});
		expect(env.sandbox.rcams.api.users.has(DANA)).toBe(false);
	});

	test('deleting a user that is gone fails with the vendor message, or an error item with continue-on-fail', async () => {
		await env.engine.run(
			rcamsWorkflow({ resource: 'user', operation: 'delete', user: userRef(DANA) }),
		);
		const run = await env.engine.run(
			rcamsWorkflow(
				{ resource: 'user', operation: 'delete', user: userRef(DANA) },
				{ continueOnFail: true },
			),
		);
		expect(run.json('Node')[0]).toMatchObject({ error: 'RCAMS: User not found' });
	});
});
