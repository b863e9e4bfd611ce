const { useSandbox } = require('../../helpers');
const { JACOB, calls, rcamsWorkflow, userRef } = require('./rcams.fixtures');

const env = useSandbox();

const updateWorkflow = (extra) =>
	rcamsWorkflow({ resource: 'user', operation: 'update', user: userRef(JACOB), ...extra });

describe('RCAMS User → Update', () => {
	test('sends the names and only the optional fields that are set', async () => {
		const run = await env.engine.run(
			updateWorkflow({
				firstName: 'Jake',
				lastName: 'Mata',
				additionalFields: { phone: '555-999-0000' },
			}),
		);
		expect(run.json('Node')).toEqual([
			{
				action: 'updated',
				userToken: JACOB,
				fullName: 'Jake Mata',
				firstName: 'Jake',
				lastName: 'Mata',
				phone: '555-999-0000',
			},
		]);
		expect(calls(env.sandbox, 'user.php', 'update')[0].json).toEqual({
			action: 'update',
			usr_tokenid: JACOB,
			first_name: 'Jake',
			last_name: 'Mata',
			phone: '555-999-0000',
		});
		// Notes were not sent, so RCAMS kept them.
		expect(env.sandbox.rcams.api.users.get(JACOB)).toMatchObject({
			first_name: 'Jake',
			phone: '555-999-0000',
			notes: 'Night shift',
		});
	});

	test('first and last name are required by RCAMS, so an empty one fails before sending', async () => {
		const run = await env.engine.run(
			updateWorkflow({ firstName: 'Jake', lastName: '={{ "  " }}' }),
		);
		expect(run.nodeError('Node').message).toBe(
			'Invalid input on item 0: "Last Name" is required: it cannot be empty',
		);
		expect(env.sandbox.rcams.requests).toHaveLength(0);
	});

	test('an unknown user fails with the vendor message', async () => {
		const run = await env.engine.run(
			rcamsWorkflow({
				resource: 'user',
				operation: 'update',
				user: userRef('b'.repeat(64), 'id'),
				firstName: 'A',
				lastName: 'B',
			}),
		);
		expect(run.nodeError('Node').message).toBe('RCAMS: User not found');
	});
});
