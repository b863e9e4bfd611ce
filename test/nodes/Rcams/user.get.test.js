const { useSandbox } = require('../../helpers');
const { NOEL, rcamsWorkflow, userRef } = require('./rcams.fixtures');

const env = useSandbox();

const getWorkflow = (user, extra = {}, settings = {}) =>
	rcamsWorkflow({ resource: 'user', operation: 'get', user, ...extra }, settings);

describe('RCAMS User → Get', () => {
	test('returns the user in the tidy shape: login, full name, district ids', async () => {
		const run = await env.engine.run(getWorkflow(userRef(NOEL)));
		expect(run.json('Node')).toEqual([
			{
				userToken: NOEL,
				userName: 'noel.vanegas',
				fullName: 'Noel Vanegas',
				email: 'noel.vanegas@rcams.example',
				phone: '',
				pictureUrl: 'https://rcams.example/images/noel.png',
				lastLogin: '2025-04-14 09:02:34',
				districtIds: [1, 3],
			},
		]);
	});

	test('with Simplify off, the vendor fields are under raw', async () => {
		const run = await env.engine.run(getWorkflow(userRef(NOEL), { simplify: false }));
		expect(run.json('Node')[0].raw).toEqual({
			user_tokenid: NOEL,
			user_names: 'Noel Vanegas',
			user_name: 'noel.vanegas',
			user_email: 'noel.vanegas@rcams.example',
			user_phone: '',
			user_picture_url: 'https://rcams.example/images/noel.png',
			last_login: '2025-04-14 09:02:34',
			districts: '1,3',
		});
	});

	test('a token typed "By Token" in upper case works', async () => {
		const run = await env.engine.run(getWorkflow(userRef(NOEL.toUpperCase(), 'id')));
		expect(run.json('Node')[0].userToken).toBe(NOEL);
	});

	test('a malformed token typed in the editor is flagged by n8n before the run', async () => {
		await expect(env.engine.run(getWorkflow(userRef('1234', 'id')))).rejects.toThrow(
			/An RCAMS user token is 64 characters/,
		);
		expect(env.sandbox.rcams.requests).toHaveLength(0);
	});

	test('a malformed token from an expression fails before sending, naming the field and the item', async () => {
		const run = await env.engine.run(
			getWorkflow(
				userRef('={{ $json.token }}', 'id'),
				{},
				{ items: [{ token: NOEL }, { token: '1234' }], continueOnFail: true },
			),
		);
		const [ok, bad] = run.json('Node');
		expect(ok.userToken).toBe(NOEL);
		expect(bad.error).toBe(
			'Invalid input on item 1: "User" must be an RCAMS user token (64 characters, 0-9 and a-f): pick the user from the list',
		);
		expect(env.sandbox.rcams.requests).toHaveLength(1);
	});

	test('tokens from input items, in order, each paired with its input', async () => {
		const tokens = [NOEL, '9865d065a4ec09e3de4755d02affdec5f6559833857df332c5c78efd48605a9a', NOEL];
		const run = await env.engine.run(
			getWorkflow(
				userRef('={{ $json.token }}', 'id'),
				{},
				{ items: tokens.map((token) => ({ token })) },
			),
		);
		const items = run.items('Node');
		expect(items.map((item) => item.json.userToken)).toEqual(tokens);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});
