/**
 * Issue 11, finding 3: a numeric option that is not a number in range (NaN from an expression,
 * text, negative, huge) fails the node naming the option and the value, before anything is
 * sent — for the shared Options of all three nodes and the Limit of Get Many.
 */
const http = require('node:http');
const { useSandbox, singleNodeWorkflow } = require('../../helpers');
const { createEngine } = require('../../engine');
const { credentialsAt } = require('../../secrets.fixtures');

const env = useSandbox();

/** A request of each node that would reach its sandbox (VALT's logs in first). */
const WORKFLOWS = {
	opscom: (options, extra = {}) =>
		singleNodeWorkflow({
			type: 'opscom',
			items: [{ id: 'S1' }, { id: 'S2' }, { id: 'S3' }],
			parameters: {
				resource: 'profile',
				operation: 'createOrUpdate',
				uniqueId: '={{ $json.id }}',
				loginSource: 'OPSCOM',
				firstName: 'First',
				lastName: 'Last',
				email: '={{ $json.id }}@school.edu',
				options,
				...extra,
			},
		}),
	ivsValt: (options, extra = {}) =>
		singleNodeWorkflow({ type: 'ivsValt', parameters: { resource: 'room', operation: 'getAll', returnAll: true, options, ...extra } }),
	rcams: (options, extra = {}) =>
		singleNodeWorkflow({ type: 'rcams', parameters: { resource: 'district', operation: 'getAll', returnAll: true, options, ...extra } }),
};
const SANDBOX_OF = { opscom: 'opscom', ivsValt: 'valt', rcams: 'rcams' };

/** Bad values per option: expressions as an editor would hold them, and plain numbers. */
const BAD = {
	concurrency: ['={{ NaN }}', '={{ "abc" }}', '={{ parseInt("") }}', -1, -3, 51, 2.5, 1e9],
	maxRetries: ['={{ NaN }}', '={{ "abc" }}', -1, 21, 1.5, '={{ Infinity }}'],
	maxRetryTime: ['={{ NaN }}', '={{ "abc" }}', -1, 1e9],
	timeout: ['={{ NaN }}', '={{ "abc" }}', 0, -5, 1e9],
};
const LABELS = {
	concurrency: 'Max Concurrent Requests',
	maxRetries: 'Max Retries',
	maxRetryTime: 'Max Retry Time (Seconds)',
	timeout: 'Request Timeout (Seconds)',
};
/** How the error shows each value. */
const shown = (value) =>
	({ '={{ NaN }}': 'NaN', '={{ "abc" }}': '"abc"', '={{ parseInt("") }}': 'NaN', '={{ Infinity }}': 'Infinity' })[value] ?? String(value);

const cases = Object.keys(WORKFLOWS).flatMap((node) =>
	Object.entries(BAD).flatMap(([option, values]) => values.map((value) => [node, option, value])),
);

test.each(cases)('%s: %s = %p fails the node naming the option; nothing is sent', async (node, option, value) => {
	const run = await env.engine.run(WORKFLOWS[node]({ [option]: value }));
	expect(run.status).toBe('error');
	const error = run.nodeError('Node');
	expect(error.message.startsWith(`Invalid option "${LABELS[option]}": ${shown(value)} is not valid: it must be `)).toBe(true);
	expect(env.sandbox[SANDBOX_OF[node]].requests).toEqual([]);
});

test('the message states the accepted range', async () => {
	const run = await env.engine.run(WORKFLOWS.opscom({ concurrency: '={{ NaN }}' }));
	expect(run.nodeError('Node').message).toBe(
		'Invalid option "Max Concurrent Requests": NaN is not valid: it must be a whole number from 0 to 50',
	);
	const timeout = await env.engine.run(WORKFLOWS.rcams({ timeout: -5 }));
	expect(timeout.nodeError('Node').message).toBe(
		'Invalid option "Request Timeout (Seconds)": -5 is not valid: it must be a number from 1 to 600',
	);
});

test('with Continue On Fail nothing is sent, and each input becomes an error item naming the option', async () => {
	const workflow = WORKFLOWS.opscom({ concurrency: '={{ NaN }}' });
	workflow.nodes.find((n) => n.name === 'Node').onError = 'continueRegularOutput';
	const run = await env.engine.run(workflow);
	expect(run.status).toBe('success');
	const items = run.items('Node');
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	for (const item of items) {
		expect(item.json).toEqual({
			error: 'Invalid option "Max Concurrent Requests": NaN is not valid: it must be a whole number from 0 to 50',
			details:
				"Nothing was sent. Fix the value in the node's Options, or the expression that fills it. 0 lets the node find the pace the server keeps up with.",
		});
	}
	expect(env.sandbox.opscom.requests).toEqual([]);
});

test('valid values in range, digits from an expression included, still work', async () => {
	const run = await env.engine.run(WORKFLOWS.opscom({ concurrency: '={{ "2" }}', maxRetries: 0, maxRetryTime: 0.5, timeout: 600 }));
	expect(run.status).toBe('success');
	expect(run.json('Node')).toHaveLength(3);
});

test('NaN Max Retries and Max Retry Time against a server that always answers 503, Retry-After: 0: no request at all', async () => {
	let requests = 0;
	const server = http.createServer((req, res) => {
		requests++;
		res.writeHead(503, { 'Retry-After': '0', 'Content-Type': 'application/json' });
		res.end('{"error":"Service Unavailable"}');
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const engine = createEngine(credentialsAt(`http://127.0.0.1:${server.address().port}`));
		const run = await engine.run(WORKFLOWS.opscom({ maxRetries: '={{ NaN }}', maxRetryTime: '={{ NaN }}' }));
		expect(run.status).toBe('error');
		expect(run.nodeError('Node').message).toMatch(/^Invalid option "Max Retries": NaN/);
		expect(requests).toBe(0);
	} finally {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
});

describe('Limit of Get Many', () => {
	test.each(Object.keys(WORKFLOWS).filter((node) => node !== 'opscom'))('%s: NaN, text, 0, negative, fractional fail the item naming "Limit"; nothing is sent', async (node) => {
		for (const limit of ['={{ NaN }}', '={{ "abc" }}', 0, -5, 2.5]) {
			const run = await env.engine.run(WORKFLOWS[node](undefined, { returnAll: false, limit }));
			expect(run.status).toBe('error');
			expect(run.nodeError('Node').message).toBe(
				`Invalid input on item 0: "Limit" ${shown(limit)} is not valid: it must be a whole number of 1 or more`,
			);
			expect(env.sandbox[SANDBOX_OF[node]].requests).toEqual([]);
		}
	});

	test('OPSCOM user types: the same check', async () => {
		const run = await env.engine.run(
			singleNodeWorkflow({ type: 'opscom', parameters: { resource: 'userType', operation: 'getAll', limit: '={{ NaN }}' } }),
		);
		expect(run.nodeError('Node').message).toBe('Invalid input on item 0: "Limit" NaN is not valid: it must be a whole number of 1 or more');
		expect(env.sandbox.opscom.requests).toEqual([]);
	});

	test('a valid Limit still cuts the list', async () => {
		const run = await env.engine.run(WORKFLOWS.rcams(undefined, { returnAll: false, limit: '={{ "2" }}' }));
		expect(run.json('Node')).toHaveLength(2);
	});
});
