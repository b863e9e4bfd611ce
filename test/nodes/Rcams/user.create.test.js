const { useSandbox, SANDBOX_SECRETS } = require('../../helpers');
const { NOEL, calls, person, personFields, rcamsWorkflow } = require('./rcams.fixtures');

const env = useSandbox();

const createWorkflow = (people, extra = {}, settings = {}) =>
	rcamsWorkflow(
		{ resource: 'user', operation: 'create', ...personFields, ...extra },
		{ items: people, ...settings },
	);

describe('RCAMS User → Create', () => {
	test('a numeric password from an expression is sent as text, as IVS VALT accepts it', async () => {
		const run = await env.engine.run(createWorkflow([person(1, { password: 20240917 })], { password: '={{ $json.password }}' }));
		expect(run.status).toBe('success');
		const [request] = calls(env.sandbox, 'user.php', 'insert');
		expect(request.json.password).toBe('20240917');
		expect(JSON.stringify(run.json('Node'))).not.toContain('20240917');
	});

	test('creates a user and outputs the tidy shape, never the password', async () => {
		const run = await env.engine.run(
			createWorkflow([person(1, { password: 'S3cret-Pass!' })], {
				additionalFields: {
					phone: '555-123-4567',
					pictureUrl: 'https://example.com/p.jpg',
					notes: 'Front office',
				},
			}),
		);
		expect(run.status).toBe('success');
		const [output] = run.json('Node');
		expect(output).toEqual({
			action: 'created',
			userToken: expect.stringMatching(/^[0-9a-f]{64}$/),
			userName: 'user.1',
			fullName: 'First1 Last1',
			firstName: 'First1',
			lastName: 'Last1',
			email: 'user1@school.edu',
			phone: '555-123-4567',
			pictureUrl: 'https://example.com/p.jpg',
			notes: 'Front office',
		});
		expect(JSON.stringify(output)).not.toContain('S3cret-Pass!');

		const [request] = calls(env.sandbox, 'user.php', 'insert');
		expect(request.json).toEqual({
			action: 'insert',
			first_name: 'First1',
			last_name: 'Last1',
			user_name: 'user.1',
			email: 'user1@school.edu',
			password: 'S3cret-Pass!',
			phone: '555-123-4567',
			picture_url: 'https://example.com/p.jpg',
			notes: 'Front office',
		});
		const stored = env.sandbox.rcams.api.users.get(output.userToken);
		expect(stored).toMatchObject({
			user_name: 'user.1',
			email: 'user1@school.edu',
			notes: 'Front office',
		});
	});

	test('with Simplify off, the vendor response is under raw', async () => {
		const run = await env.engine.run(createWorkflow([person(2)], { simplify: false }));
		const [output] = run.json('Node');
		expect(output.raw).toEqual({
			status: 'OK',
			message: 'User created successfully',
			user_token: output.userToken,
		});
	});

	test('invalid items fail before sending, naming the field and the item', async () => {
		const run = await env.engine.run(
			createWorkflow(
				[person(1), person(2, { email: 'not-an-email' }), person(3, { last: '  ' })],
				{},
				{ continueOnFail: true },
			),
		);
		const outputs = run.json('Node');
		expect(outputs[0].userToken).toBeDefined();
		expect(outputs[1].error).toBe(
			'Invalid input on item 1: "Email" is not a valid email address (expected something like name@school.edu)',
		);
		expect(outputs[2].error).toBe(
			'Invalid input on item 2: "Last Name" is required: it cannot be empty',
		);
		expect(outputs[2].details).toMatch(/Nothing was sent for this item/);
		expect(calls(env.sandbox, 'user.php', 'insert')).toHaveLength(1);
	});

	test('an invalid picture URL is refused before sending', async () => {
		const run = await env.engine.run(
			createWorkflow([person(1)], { additionalFields: { pictureUrl: 'photo.png' } }),
		);
		expect(run.nodeError('Node').message).toMatch(/"Picture URL" is not a web address/);
		expect(env.sandbox.rcams.requests).toHaveLength(0);
	});

	test('a duplicate user name fails with the vendor message', async () => {
		const run = await env.engine.run(createWorkflow([person(1, { login: 'noel.vanegas' })]));
		const error = run.nodeError('Node');
		expect(error.message).toBe('RCAMS: Username already exists');
		expect(error.description).toMatch(/user names must be unique/);
	});

	test('a create whose answer was lost is confirmed by email, not sent twice', async () => {
		const api = env.sandbox.rcams.api;
		const handle = api.handle.bind(api);
		// The server acts on the insert, then the connection drops before the answer.
		env.sandbox.rcams.faults.configure({ errorRates: { lostResponse: 1 } });
		api.handle = (request) => {
			const response = handle(request);
			if (request.json?.action === 'insert') env.sandbox.rcams.faults.configure({});
			return response;
		};
		const run = await env.engine.run(createWorkflow([person(9)]));
		expect(run.status).toBe('success');
		const [output] = run.json('Node');
		expect(calls(env.sandbox, 'user.php', 'insert')).toHaveLength(1);
		// The recovery looked the user up instead of resending.
		expect(calls(env.sandbox, 'user.php', 'list')).toHaveLength(1);
		const created = [...api.users.values()].filter((user) => user.email === 'user9@school.edu');
		expect(created).toHaveLength(1);
		expect(output.userToken).toBe(created[0].token);
	});

	test("a lost create answer while another user holds the email: the item fails naming the conflict, that user is not adopted", async () => {
		const api = env.sandbox.rcams.api;
		const handle = api.handle.bind(api);
		// RCAMS refuses the insert (the email is Noel's), then the connection drops before the answer.
		env.sandbox.rcams.faults.configure({ errorRates: { lostResponse: 1 } });
		api.handle = (request) => {
			const response = handle(request);
			if (request.json?.action === 'insert') env.sandbox.rcams.faults.configure({});
			return response;
		};
		const before = api.users.size;
		const run = await env.engine.run(
			createWorkflow([person(9, { email: 'Noel.Vanegas@rcams.example' })], {}, { continueOnFail: true }),
		);
		const [output] = run.json('Node');
		expect(output.action).toBeUndefined();
		expect(output.userToken).toBeUndefined();
		expect(output.error).toBe(
			'RCAMS already has a user with email Noel.Vanegas@rcams.example whose user name is "noel.vanegas", not "user.9"',
		);
		expect(output.details).toMatch(/not taken for the new user/);
		expect(JSON.stringify(output)).not.toContain(NOEL);
		// The recovery read Noel's login instead of trusting the email alone, and sent nothing again.
		expect(calls(env.sandbox, 'user.php', 'get')).toHaveLength(1);
		expect(calls(env.sandbox, 'user.php', 'insert')).toHaveLength(1);
		expect(api.users.size).toBe(before);
	});

	test('a lost create answer is confirmed only when email and user name both match', async () => {
		const api = env.sandbox.rcams.api;
		const handle = api.handle.bind(api);
		env.sandbox.rcams.faults.configure({ errorRates: { lostResponse: 1 } });
		api.handle = (request) => {
			const response = handle(request);
			if (request.json?.action === 'insert') env.sandbox.rcams.faults.configure({});
			return response;
		};
		const run = await env.engine.run(createWorkflow([person(8)]));
		expect(run.status).toBe('success');
		const [output] = run.json('Node');
		const [created] = [...api.users.values()].filter((user) => user.email === 'user8@school.edu');
		expect(output).toMatchObject({ action: 'created', userToken: created.token, userName: 'user.8' });
		expect(calls(env.sandbox, 'user.php', 'get')).toHaveLength(1);
	});

	test('many users: one output each, in order, paired with its input', async () => {
		const people = Array.from({ length: 20 }, (_, i) => person(i + 1));
		const run = await env.engine.run(createWorkflow(people, {}, { options: { concurrency: 6 } }));
		const items = run.items('Node');
		expect(items.map((item) => item.json.userName)).toEqual(people.map((p) => p.login));
		expect(items.map((item) => item.pairedItem)).toEqual(people.map((_, i) => ({ item: i })));
		expect(env.sandbox.rcams.api.users.size).toBe(24);
		expect(JSON.stringify(env.sandbox.rcams.requests.map((r) => r.json))).not.toContain(
			SANDBOX_SECRETS.rcams.password,
		);
	});
});
