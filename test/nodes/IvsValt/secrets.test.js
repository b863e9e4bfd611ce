const { useSandbox } = require('../../helpers');
const { visible } = require('../../secrets.fixtures');
const {
	TYPE,
	valtWorkflow,
	person,
	createParameters,
	SANDBOX_SECRETS,
} = require('./valt.fixtures');

const env = useSandbox();

/** Every session token VALT handed out during the test. */
const issuedTokens = () =>
	new Set([
		...env.sandbox.valt.api.tokens,
		...env.sandbox.valt.requests.map((request) => request.query.access_token).filter(Boolean),
	]);

describe('IVS VALT secrets never leak', () => {
	let logged;
	beforeEach(() => {
		logged = [];
		for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
			jest.spyOn(console, method).mockImplementation((...args) => logged.push(visible(args)));
		}
	});
	afterEach(() => jest.restoreAllMocks());

	test('not in outputs, error items, node errors, dropdown errors or logs', async () => {
		const seen = []; // whole runs: credential secrets must appear nowhere
		const outputs = []; // what the IVS VALT node itself produced: no user password either
		const record = (run) => {
			seen.push(visible(run.raw));
			outputs.push(visible(run.runData.Node));
		};
		const api = env.sandbox.valt.api;

		// Successes and every kind of per-item failure, with continue-on-fail.
		const mixed = await env.engine.run(
			valtWorkflow(
				createParameters({ additionalFields: { rooms: '={{ $json.rooms ?? [] }}' } }),
				[
					person(1),
					{ name: 'admin', password: 'x' },
					person(2, { rooms: [999] }),
					person(3, { rooms: ['x'] }),
				],
				{ continueOnFail: true },
			),
		);
		record(mixed);
		for (const parameters of [
			{ resource: 'user', operation: 'get', userId: '4711' },
			{ resource: 'user', operation: 'getAll', returnAll: true },
			{
				resource: 'user',
				operation: 'update',
				userId: '48',
				updateFields: { password: 'Changed-1' },
			},
		]) {
			record(await env.engine.run(valtWorkflow(parameters)));
		}

		// Expired tokens mid-run, then a server that refuses every session.
		api.admin('expire-tokens');
		record(await env.engine.run(valtWorkflow({ resource: 'room', operation: 'getAll', limit: 1 })));
		const handle = api.handle.bind(api);
		api.handle = (request) =>
			request.path === '/api/v3/login'
				? handle(request)
				: { status: 401, json: { error: { code: 401, message: 'Invalid API key' } } };
		const refused = await env.engine.run(
			valtWorkflow({ resource: 'userGroup', operation: 'getAll', limit: 1 }),
		);
		expect(refused.status).toBe('error');
		record(refused);
		api.handle = handle;

		// A wrong password: node, dropdown and credential test.
		env.engine.store.ivsValtApi.password = 'Wrong-Pass-77';
		env.engine.store.ivsValtApi.sessionToken = '';
		const wrong = await env.engine.run(valtWorkflow(createParameters(), [person(9)]));
		record(wrong);
		const dropdown = await env.engine.loadOptions(TYPE, 'getRooms').catch((error) => error);
		seen.push(visible(dropdown));
		seen.push(visible(await env.engine.testCredential('ivsValtApi', env.engine.store.ivsValtApi)));

		const tokens = issuedTokens();
		expect(tokens.size).toBeGreaterThanOrEqual(2);
		const everything = [...seen, ...logged].join('\n');
		for (const token of tokens) expect(everything).not.toContain(token);
		for (const password of [SANDBOX_SECRETS.valt.password, 'Wrong-Pass-77']) {
			expect(everything).not.toContain(password);
		}
		// The roster holds the new users' passwords; the node's outputs and errors must not repeat them.
		for (const password of ['Pass-1!', 'Pass-2!', 'Changed-1'])
			expect(outputs.join('\n')).not.toContain(password);
		// The outputs do say what happened.
		expect(mixed.json('Node').map((item) => item.error ?? item.name)).toEqual([
			'jdoe1',
			'IVS VALT could not save the user "admin": the user name probably exists already',
			'IVS VALT rejected the request: The selected rooms.0 is invalid.',
			'Invalid input on item 3: "Room Names or IDs" must be a whole-number ID, e.g. 7',
		]);
	});
});
