/**
 * Issue 11, finding 4: IDs past Number.MAX_SAFE_INTEGER are refused per item, naming the field,
 * and nothing is sent — they would otherwise change silently ("9007199254740993" sent as
 * …992, 25 digits as 1e+25). IDs this large coming from a vendor stay exact (as text).
 */
const { useSandbox, singleNodeWorkflow } = require('../../helpers');
const { NOEL } = require('../Rcams/rcams.fixtures');

const env = useSandbox();

const TWO_POW_53_PLUS_1 = '9007199254740993';
const DIGITS_25 = '1234567890123456789012345';
const DIGITS_30 = '111111111111111111111111111111';
const LIMIT = 'larger than the largest ID that can be sent exactly (9007199254740991): check the value';

const valt = (parameters, items) => singleNodeWorkflow({ type: 'ivsValt', parameters, items });
const rcams = (parameters) => singleNodeWorkflow({ type: 'rcams', parameters });

describe('IVS VALT', () => {
	test.each([TWO_POW_53_PLUS_1, DIGITS_25])('Get by ID %s: refused naming "User ID"; nothing sent', async (id) => {
		const run = await env.engine.run(valt({ resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: id } }));
		expect(run.nodeError('Node').message).toBe(`Invalid input on item 0: "User ID" is ${id}, ${LIMIT}`);
		expect(env.sandbox.valt.requests).toEqual([]);
	});

	test('Create with a 25-digit room and an unsafe primary group, per item with Continue On Fail', async () => {
		const workflow = valt(
			{
				resource: 'user',
				operation: 'create',
				userName: '={{ $json.name }}',
				password: 'Pass-1!',
				additionalFields: { rooms: '={{ $json.rooms }}', userGroup: '={{ $json.group }}' },
			},
			[
				{ name: 'ok1', rooms: '37', group: 2 },
				{ name: 'big-room', rooms: `37,${DIGITS_25}`, group: 2 },
				{ name: 'big-group', rooms: '37', group: TWO_POW_53_PLUS_1 },
				{ name: 'number-1e25', rooms: '37', group: 1e25 },
			],
		);
		workflow.nodes.find((node) => node.name === 'Node').onError = 'continueRegularOutput';
		const run = await env.engine.run(workflow);
		const out = run.json('Node');
		expect(out[0].name).toBe('ok1');
		expect(out[1].error).toBe(`Invalid input on item 1: "Room Names or IDs" is ${DIGITS_25}, ${LIMIT}`);
		expect(out[2].error).toBe(`Invalid input on item 2: "Primary User Group Name or ID" is ${TWO_POW_53_PLUS_1}, ${LIMIT}`);
		expect(out[3].error).toBe(`Invalid input on item 3: "Primary User Group Name or ID" is 1e+25, ${LIMIT}`);
		// Only the valid item was sent.
		const creates = env.sandbox.valt.requests.filter((request) => request.method === 'POST' && request.path === '/api/v3/admin/users');
		expect(creates.map((request) => request.json.name)).toEqual(['ok1']);
	});

	test('a user id VALT sends as digits too large for a number stays exact in the list search', async () => {
		const api = env.sandbox.valt.api;
		const handle = api.handle.bind(api);
		api.handle = (request) =>
			request.path === '/api/v3/admin/users'
				? { status: 200, json: { data: [{ id: TWO_POW_53_PLUS_1, name: 'huge', display_name: '' }] } }
				: handle(request);
		const found = await env.engine.listSearch('n8n-nodes-campus-safety.ivsValt', 'searchUsers');
		expect(found.results).toEqual([{ name: 'huge', value: TWO_POW_53_PLUS_1 }]);
	});
});

describe('RCAMS', () => {
	test('Assign Districts with a 30-digit district: refused naming the field; nothing sent', async () => {
		const run = await env.engine.run(
			rcams({ resource: 'user', operation: 'assignDistricts', user: { __rl: true, mode: 'id', value: NOEL }, districts: `={{ "2,${DIGITS_30}" }}` }),
		);
		expect(run.nodeError('Node').message).toBe(`Invalid input on item 0: "District Names or IDs" is ${DIGITS_30}, ${LIMIT}`);
		expect(env.sandbox.rcams.requests).toEqual([]);
	});

	test('a district id RCAMS sends as digits too large for a number stays exact in outputs and the dropdown', async () => {
		env.sandbox.rcams.api.districts.push({ id: DIGITS_30, name: 'Huge District' });
		const run = await env.engine.run(rcams({ resource: 'district', operation: 'getAll', returnAll: true }));
		expect(run.json('Node').at(-1)).toEqual({ districtId: DIGITS_30, districtName: 'Huge District' });
		const options = await env.engine.loadOptions('n8n-nodes-campus-safety.rcams', 'getDistricts');
		expect(options.at(-1)).toEqual({ name: 'Huge District', value: DIGITS_30 });
	});
});

test('safe IDs still go through as numbers', async () => {
	const run = await env.engine.run(valt({ resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: ' 9007199254740991 ' } }));
	// Accepted and sent exactly; VALT has no such user.
	expect(run.nodeError('Node').message).toBe('User 9007199254740991 was not found in IVS VALT');
	expect(env.sandbox.valt.requests.at(-1).path).toBe('/api/v3/admin/users/9007199254740991');
});
