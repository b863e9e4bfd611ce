const { useSandbox } = require('../../helpers');
const {
	valtWorkflow,
	apiCalls,
	logins,
	person,
	createParameters,
	faultOnce,
} = require('./valt.fixtures');

const env = useSandbox();

const people = (n) => Array.from({ length: n }, (_, i) => person(i + 1));

describe('IVS VALT session token', () => {
	test('one login serves a run of many items, sent concurrently', async () => {
		env.sandbox.valt.faults.configure({ latencyMs: 10 });
		const run = await env.engine.run(valtWorkflow(createParameters(), people(20)));
		expect(run.status).toBe('success');
		expect(run.json('Node')).toHaveLength(20);
		expect(logins(env.sandbox)).toBe(1);
		// Every call carried the one token n8n stored on the credential.
		const tokens = new Set(apiCalls(env.sandbox).map((request) => request.query.access_token));
		expect([...tokens]).toEqual([env.engine.store.ivsValtApi.sessionToken]);
	});

	test('the stored token is reused by the next run without logging in again', async () => {
		await env.engine.run(valtWorkflow(createParameters(), people(3)));
		await env.engine.run(valtWorkflow({ resource: 'room', operation: 'getAll', returnAll: true }));
		expect(logins(env.sandbox)).toBe(1);
	});

	test('a stale stored token costs exactly one extra login, and every item succeeds', async () => {
		env.engine.store.ivsValtApi.sessionToken = 'expired0000000000000000000000000';
		const run = await env.engine.run(
			valtWorkflow(createParameters({ options: { concurrency: 5 } }), people(12)),
		);
		expect(run.status).toBe('success');
		expect(run.json('Node').map((user) => user.name)).toEqual(people(12).map((p) => p.name));
		expect(logins(env.sandbox)).toBe(1);
		expect(env.sandbox.valt.api.users.size).toBe(13);
		expect(env.engine.store.ivsValtApi.sessionToken).not.toBe('expired0000000000000000000000000');
	});

	test('tokens expiring mid-run cost exactly one extra login; no item fails or is created twice', async () => {
		env.sandbox.valt.faults.configure({ latencyMs: 10 });
		const api = env.sandbox.valt.api;
		const handle = api.handle.bind(api);
		let creates = 0;
		api.handle = (request) => {
			const response = handle(request);
			// VALT forgets every session after the 8th user is created, while others are in flight.
			if (request.path === '/api/v3/admin/users' && request.method === 'POST' && ++creates === 8) {
				api.admin('expire-tokens');
			}
			return response;
		};
		const run = await env.engine.run(
			valtWorkflow(createParameters({ options: { concurrency: 5 } }), people(20)),
		);
		expect(run.status).toBe('success');
		expect(run.json('Node')).toHaveLength(20);
		expect(logins(env.sandbox)).toBe(2);
		const names = [...api.users.values()].map((user) => user.name);
		expect(names).toHaveLength(21);
		expect(new Set(names).size).toBe(21);
	});

	test('expiring via the sandbox admin URL between runs: the next run logs in once more', async () => {
		await env.engine.run(valtWorkflow(createParameters(), people(2)));
		const response = await fetch(`${env.sandbox.valt.url}/__sandbox/expire-tokens`, {
			method: 'POST',
		});
		expect(await response.json()).toEqual({ expired: 1 });
		const run = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'getAll', returnAll: true }),
		);
		expect(run.json('Node')).toHaveLength(3);
		expect(logins(env.sandbox)).toBe(2);
	});

	test('a 401 even after logging in again fails with a clear authorization message', async () => {
		const api = env.sandbox.valt.api;
		const handle = api.handle.bind(api);
		// An account that may log in but not use the admin API.
		api.handle = (request) =>
			request.path === '/api/v3/login'
				? handle(request)
				: { status: 401, json: { error: { code: 401, message: 'Invalid API key' } } };
		const run = await env.engine.run(
			valtWorkflow({ resource: 'user', operation: 'get', userId: '1' }),
		);
		const error = run.nodeError('Node');
		expect(error.message).toBe(
			'IVS VALT refused the session even after logging in again: check that the account in the credential may use the API',
		);
		expect(error.description).toBe('VALT said: Invalid API key');
		expect(logins(env.sandbox)).toBe(2);
	});

	test('a busy VALT at login (503) is retried with backoff, then the run succeeds', async () => {
		faultOnce(env.sandbox, 1, 'error5xx');
		const run = await env.engine.run(valtWorkflow(createParameters(), [person(1)]));
		expect(run.status).toBe('success');
		expect(logins(env.sandbox)).toBe(1);
		expect(
			env.sandbox.valt.requests.filter((request) => request.path === '/api/v3/login'),
		).toHaveLength(1);
	});
});
