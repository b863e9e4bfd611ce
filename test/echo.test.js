/**
 * Issue 11, finding 2: a vendor that echoes the request back — in JSON or an HTML error page, in
 * its message or elsewhere in the body, with HTTP 400 or 500 — must not get the credential's
 * secrets into anything the run produces: messages, descriptions, errorResponse, n8n's
 * `messages`, causes, stacks, error items (continue-on-fail on and off), dropdown errors.
 */
const crypto = require('node:crypto');
const { createEngine } = require('./engine');
const { SANDBOX_SECRETS } = require('./helpers');
const { startServer, credentialsAt, NODE_WORKFLOWS, visible, credentialSecrets, expectNoSecrets } = require('./secrets.fixtures');

const { opscom, rcams } = SANDBOX_SECRETS;
const BASIC = Buffer.from(`${rcams.username}:${rcams.password}`).toString('base64');

/**
 * An HTML error page quoting `text`, padded so that `secret` straddles the 200-character cut of
 * the node's response excerpt (tags dropped, white space collapsed): only its first 6
 * characters fall before the cut.
 */
function pageCutting(text, secret) {
	const page = (pad) =>
		`<html><head><title>500 Internal Server Error</title></head><body><p>${'x'.repeat(pad)}</p><pre>${text
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')}</pre></body></html>`;
	const plain = (html) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	const pad = 1 + 194 - plain(page(1)).indexOf(secret);
	if (pad < 1 || plain(page(pad)).indexOf(secret) !== 194) throw new Error('pageCutting: cannot place the secret at the cut');
	return page(pad);
}

/** The secret each "cut by the excerpt" case places across the cut. */
const CUT_SECRET = { opscom: opscom.apiToken, rcams: BASIC };

const query = (request) => new URL(request.url, 'http://x').searchParams;

/** Per node, the ways a vendor can echo a request: each returns the response to send. */
const ECHOES = {
	opscom: {
		'JSON 400, the body quoted in ErrorMessage and kept whole': (request) => ({
			status: 400,
			body: { ErrorCode: 9003, ErrorMessage: `Could not parse ${request.body}`, request: JSON.parse(request.body) },
		}),
		'JSON 500 without an error code, the token quoted in message': (request) => ({
			status: 500,
			body: { status: 'error', message: `Token ${JSON.parse(request.body).apiToken} failed while handling ${request.body}` },
		}),
		'HTML 500 quoting the body, the token cut by the excerpt': (request) => ({
			status: 500,
			body: pageCutting(request.body, opscom.apiToken),
		}),
	},
	ivsValt: {
		'JSON 400, the session token quoted in the message and kept whole': (request) => ({
			status: 400,
			body: {
				error: { code: 400, message: `Session "${query(request).get('access_token')}" may not do this` },
				request: { query: Object.fromEntries(query(request)) },
			},
		}),
		'JSON 500, the query URL-encoded in the message': (request) => ({
			status: 500,
			body: { error: { code: 500, message: `Failed: ${encodeURIComponent(request.url)}` } },
		}),
		'HTML 500 quoting the request line and the token': (request) => ({
			status: 500,
			body: `<html><body><h1>Whoops</h1><pre>GET ${request.url}\ntoken: ${query(request).get('access_token')}</pre></body></html>`,
		}),
	},
	rcams: {
		'JSON 400, the Authorization header quoted in message': (request) => ({
			status: 400,
			body: { status: 'ERROR', message: `Invalid API credentials: ${request.headers.authorization}` },
		}),
		'JSON 500, the decoded user name and password in message and the headers kept whole': (request) => ({
			status: 500,
			body: {
				status: 'ERROR',
				message: `Login ${Buffer.from(request.headers.authorization.split(' ')[1], 'base64').toString()} failed`,
				request: { headers: request.headers },
			},
		}),
		'HTML 500 quoting the headers, the Basic value cut by the excerpt': (request) => {
			const text = `POST ${request.url} Authorization: ${request.headers.authorization} (${rcams.username}:${rcams.password})`;
			return { status: 500, body: pageCutting(text, BASIC) };
		},
	},
};

/**
 * The vendor stand-in. For VALT it issues a fresh session token at each login, refuses unknown
 * tokens with 401 and lets each token serve one call only, as if sessions kept expiring: the
 * node starts with a stale token and logs in again mid-run, so the token changes while it runs.
 */
async function startEchoVendor(echo) {
	const tokens = [];
	const used = new Set();
	const server = await startServer((request) => {
		if (request.url === '/api/v3/login') {
			const token = crypto.randomBytes(16).toString('hex');
			tokens.push(token);
			return { status: 200, body: { data: { access_token: token } } };
		}
		const token = query(request).get('access_token');
		if (token !== null && (!tokens.includes(token) || used.has(token))) {
			return { status: 401, body: { error: { code: 401, message: 'Invalid API key' } } };
		}
		used.add(token);
		return echo(request);
	});
	return { ...server, tokens };
}

/** The token the VALT credential starts with: expired, so the first call logs in. */
const STALE_TOKEN = '0123456789abcdef0123456789abcdef';

let vendor;
afterEach(async () => {
	await vendor?.close();
	vendor = undefined;
});

const cases = Object.entries(ECHOES).flatMap(([node, echoes]) => Object.entries(echoes).map(([how, echo]) => [node, how, echo]));

describe.each(cases)('%s: a vendor answering %s', (node, how, echo) => {
	const workflow = (options) => {
		if (node === 'ivsValt') {
			return require('./engine').singleNodeWorkflow({
				type: 'ivsValt',
				items: [{ id: 1 }, { id: 2 }],
				...options,
				// One at a time, so each item meets a token of its own.
				parameters: { resource: 'user', operation: 'get', userId: '={{ $json.id }}', options: { concurrency: 1 } },
			});
		}
		return NODE_WORKFLOWS[node](options);
	};

	test.each([
		['off', {}],
		['on (regular output)', { continueOnFail: true }],
		['on (error output)', { errorOutput: true }],
	])('continue-on-fail %s: no secret anywhere in the run', async (_mode, options) => {
		vendor = await startEchoVendor(echo);
		const engine = createEngine(credentialsAt(vendor.url, { sessionToken: STALE_TOKEN }));
		const run = await engine.run(workflow(options));
		// The vendor did get the request and echoed it.
		expect(vendor.requests.length).toBeGreaterThan(0);
		const error = run.nodeError('Node');
		const items = run.runData.Node?.[0]?.data?.main?.flat() ?? [];
		if (options.continueOnFail || options.errorOutput) {
			expect(run.status).toBe('success');
			expect(items.length).toBeGreaterThan(0);
			for (const item of items) expect(item.json.error).toEqual(expect.any(String));
		} else {
			expect(run.status).toBe('error');
			expect(error).toBeDefined();
		}
		if (node === 'ivsValt') {
			// The credential logged in during the run, and again for the second item.
			expect(vendor.tokens.length).toBe(options.continueOnFail || options.errorOutput ? 2 : 1);
		}
		const text = [visible(run.raw), error && visible({ message: error.message, description: error.description, stack: error.stack, messages: error.messages, errorResponse: error.errorResponse, cause: error.cause })].join('\n');
		expectNoSecrets(text, [...credentialSecrets(), STALE_TOKEN, ...vendor.tokens]);
		// Where the excerpt cut a secret, not even its first characters remain.
		if (/cut by the excerpt/.test(how)) expect(text).not.toContain(CUT_SECRET[node].slice(0, 6));
	});
});

test.each([
	['opscom', 'getUserTypes', ECHOES.opscom['JSON 400, the body quoted in ErrorMessage and kept whole']],
	['rcams', 'getDistricts', ECHOES.rcams['JSON 400, the Authorization header quoted in message']],
	['ivsValt', 'getRooms', ECHOES.ivsValt['JSON 400, the session token quoted in the message and kept whole']],
])('%s dropdown %s: the error shows no secret', async (node, method, echo) => {
	vendor = await startEchoVendor(echo);
	const engine = createEngine(credentialsAt(vendor.url, { sessionToken: STALE_TOKEN }));
	const error = await engine.loadOptions(`n8n-nodes-campus-safety.${node}`, method).catch((caught) => caught);
	expect(error).toBeInstanceOf(Error);
	expectNoSecrets(visible(error), [...credentialSecrets(), ...vendor.tokens]);
});
