const { useSandbox } = require('../../helpers');
const { valtWorkflow, apiCalls, person, createParameters, faultOnce } = require('./valt.fixtures');

const env = useSandbox();

const allFields = {
	displayName: 'John Doe',
	userGroup: 7,
	cardNumber: '0032650',
	rooms: [37, 39, 43],
	videoAccessUsers: '1',
	videoAccessUserGroups: [1, 3],
};

describe('IVS VALT User → Create', () => {
	test('sends every documented field in VALT wire format and outputs the new id', async () => {
		const run = await env.engine.run(
			valtWorkflow(createParameters({ additionalFields: allFields }), [person(3)]),
		);
		expect(run.status).toBe('success');

		const [create] = apiCalls(env.sandbox);
		expect(create.method).toBe('POST');
		expect(create.path).toBe('/api/v3/admin/users');
		expect(create.headers['content-type']).toMatch(/application\/json/);
		expect(create.json).toEqual({
			name: 'jdoe3',
			password: 'Pass-3!',
			display_name: 'John Doe',
			user_group: 7,
			card_number: '0032650',
			rooms: [37, 39, 43],
			video_access: { users: [1], user_groups: [1, 3] },
		});
		// The token travels in the query string, not in the body or a header.
		expect(Object.keys(create.query)).toEqual(['access_token']);

		const [output] = run.json('Node');
		expect(output).toEqual({
			action: 'created',
			id: 48,
			name: 'jdoe3',
			display_name: 'John Doe',
			user_group: 7,
			card_number: '0032650',
			rooms: [37, 39, 43],
			video_access: { users: [1], user_groups: [1, 3] },
		});
		const stored = env.sandbox.valt.api.users.get(48);
		expect(stored).toMatchObject({
			name: 'jdoe3',
			user_group: 7,
			card_number: '0032650',
			rooms: [37, 39, 43],
		});
	});

	test('only the fields given are sent', async () => {
		await env.engine.run(valtWorkflow(createParameters(), [person(1)]));
		expect(apiCalls(env.sandbox)[0].json).toEqual({ name: 'jdoe1', password: 'Pass-1!' });
	});

	test('ids given by expressions work, as numbers, digit strings, lists or comma-separated text', async () => {
		const parameters = createParameters({
			additionalFields: {
				userGroup: '={{ $json.group }}',
				rooms: '={{ $json.rooms }}',
				videoAccessUsers: '={{ $json.watch }}',
				videoAccessUserGroups: '={{ $json.watchGroups }}',
				cardNumber: '={{ $json.card }}',
			},
		});
		const run = await env.engine.run(
			valtWorkflow(parameters, [
				person(1, { group: '3', rooms: ['37', 43], watch: '1, 1', watchGroups: 2, card: '000123' }),
				person(2, { group: 2, rooms: '39', watch: [1], watchGroups: '1,7', card: 456 }),
			]),
		);
		expect(run.status).toBe('success');
		const bodies = apiCalls(env.sandbox).map((request) => request.json);
		expect(bodies[0]).toMatchObject({
			user_group: 3,
			rooms: [37, 43],
			video_access: { users: [1, 1], user_groups: [2] },
			card_number: '000123',
		});
		// A card number that reaches the node as a number is sent as text (its zeros were already lost upstream).
		expect(bodies[1]).toMatchObject({
			user_group: 2,
			rooms: [39],
			video_access: { users: [1], user_groups: [1, 7] },
			card_number: '456',
		});
	});

	test.each([
		['userGroup', 'abc', 'Primary User Group Name or ID'],
		['userGroup', 2.5, 'Primary User Group Name or ID'],
		['rooms', '37, x', 'Room Names or IDs'],
		['videoAccessUsers', '1,-4', 'Video Access User IDs'],
		['videoAccessUserGroups', '={{ [1, "two"] }}', 'Video Access User Group Names or IDs'],
	])('a non-integer %s (%p) is rejected before anything is sent', async (field, value, label) => {
		const run = await env.engine.run(
			valtWorkflow(createParameters({ additionalFields: { [field]: value } }), [person(1)]),
		);
		expect(run.status).toBe('error');
		const error = run.nodeError('Node');
		expect(error.message).toContain(`"${label}"`);
		expect(error.message).toContain('item 0');
		expect(error.description).toContain('Nothing was sent');
		expect(apiCalls(env.sandbox)).toHaveLength(0);
	});

	test('user name and password are required', async () => {
		const noPassword = await env.engine.run(valtWorkflow(createParameters(), [{ name: 'x' }]));
		expect(noPassword.nodeError('Node').message).toBe(
			'Invalid input on item 0: "Password" is required',
		);
		const noName = await env.engine.run(valtWorkflow(createParameters(), [{ password: 'p' }]));
		expect(noName.nodeError('Node').message).toMatch(
			/^Invalid input on item 0: "User Name" is required/,
		);
		expect(apiCalls(env.sandbox)).toHaveLength(0);
	});

	test('a taken user name (VALT answers a bare 500) says the name probably exists', async () => {
		const run = await env.engine.run(
			valtWorkflow(createParameters(), [{ name: 'Admin', password: 'x' }]),
		);
		expect(run.status).toBe('error');
		const error = run.nodeError('Node');
		expect(error.message).toBe(
			'IVS VALT could not save the user "Admin": the user name probably exists already',
		);
		expect(error.description).toContain('Internal Server Error');
		expect(error.description).toContain('Create or Update');
		// A 500 is an answer, not an outage: it is not retried.
		expect(apiCalls(env.sandbox)).toHaveLength(1);
	});

	test("VALT's 400 message reaches the user", async () => {
		const run = await env.engine.run(
			valtWorkflow(createParameters({ additionalFields: { rooms: [999] } }), [person(1)]),
		);
		expect(run.nodeError('Node').message).toBe(
			'IVS VALT rejected the request: The selected rooms.0 is invalid.',
		);
	});

	test('a create whose answer was lost is found by name, not sent twice', async () => {
		// Request 1 is the login, 2 the create: VALT stores the user, then the connection drops.
		faultOnce(env.sandbox, 2, 'lostResponse');
		const run = await env.engine.run(valtWorkflow(createParameters(), [person(5)]));
		expect(run.status).toBe('success');
		expect(run.json('Node')).toEqual([{ action: 'created', id: 48, name: 'jdoe5' }]);
		const calls = apiCalls(env.sandbox).map((request) => `${request.method} ${request.path}`);
		expect(calls).toEqual(['POST /api/v3/admin/users', 'GET /api/v3/admin/users']);
		expect(
			[...env.sandbox.valt.api.users.values()].filter((user) => user.name === 'jdoe5'),
		).toHaveLength(1);
	});

	test('a create that never reached VALT is sent again', async () => {
		faultOnce(env.sandbox, 2, 'error5xx');
		const run = await env.engine.run(valtWorkflow(createParameters(), [person(6)]));
		expect(run.json('Node')).toEqual([{ action: 'created', id: 48, name: 'jdoe6' }]);
		expect(env.sandbox.valt.api.users.size).toBe(2);
	});

	test('continue on fail: one error item per failed input, paired with it, the others created', async () => {
		const items = [
			person(1),
			{ name: 'admin', password: 'x' },
			person(3, { group: 'x' }),
			person(4),
		];
		const run = await env.engine.run(
			valtWorkflow(
				createParameters({ additionalFields: { userGroup: '={{ $json.group ?? 1 }}' } }),
				items,
				{
					continueOnFail: true,
				},
			),
		);
		expect(run.status).toBe('success');
		const output = run.items('Node');
		expect(output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(output[0].json).toMatchObject({ name: 'jdoe1', id: expect.any(Number) });
		expect(output[1].json.error).toContain('probably exists already');
		expect(output[2].json.error).toBe(
			'Invalid input on item 2: "Primary User Group Name or ID" must be a whole-number ID, e.g. 7',
		);
		expect(output[3].json).toMatchObject({ name: 'jdoe4', id: expect.any(Number) });
	});

	test('many users: output order is input order under concurrency, each paired with its input', async () => {
		env.sandbox.valt.faults.configure({ latencyMs: 15 });
		const people = Array.from({ length: 25 }, (_, i) => person(i + 1));
		const run = await env.engine.run(
			valtWorkflow(createParameters({ options: { concurrency: 6 } }), people),
		);
		const output = run.items('Node');
		expect(output.map((item) => item.json.name)).toEqual(people.map((p) => p.name));
		expect(output.map((item) => item.pairedItem)).toEqual(people.map((_, i) => ({ item: i })));
		expect(env.sandbox.valt.load.maxInFlight).toBe(6);
		// Each output id is the id VALT gave that very user.
		for (const { json } of output)
			expect(env.sandbox.valt.api.users.get(json.id).name).toBe(json.name);
	});
});
