/**
 * Fixtures for the secret-leak tests (redirects.test.js, echo.test.js): small HTTP servers on
 * 127.0.0.1 that record what they receive, redirect, or echo the request back, plus a way to
 * look for every form of a secret in everything a run produced.
 */
const http = require('node:http');
const { readBody } = require('../sandbox/server');
const { singleNodeWorkflow, SANDBOX_SECRETS } = require('./helpers');

/**
 * An HTTP server on an ephemeral 127.0.0.1 port. `respond(request)` returns
 * `{status, headers, body}` (a string, or an object sent as JSON); every request is recorded
 * as `{method, url, headers, body}`.
 */
async function startServer(respond) {
	const requests = [];
	const server = http.createServer(async (req, res) => {
		const request = {
			method: req.method,
			url: req.url,
			headers: req.headers,
			body: await readBody(req),
		};
		requests.push(request);
		const { status = 200, headers = {}, body = '' } = respond(request, server) ?? {};
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, {
			'Content-Type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
			'Content-Length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * The "other host": records everything and answers as every vendor answers success, so a client
 * that followed a redirect here would believe it worked (a credential test would pass).
 */
const SUCCESS_EVERYWHERE = {
	status: 'OK',
	data: { access_token: 'recorder-token', userGroups: [] },
	user_types: [],
	users: [],
	districts: [],
};
const startRecorder = () => startServer(() => ({ status: 200, body: SUCCESS_EVERYWHERE }));

/** Answers every request with `status` and a Location on `target`, keeping path and query. */
const startRedirector = (status, target) =>
	startServer((request) => ({
		status,
		headers: { Location: `${target}${request.url}` },
		body: '',
	}));

/** The three credentials of the sandbox, each pointing at `baseUrl` (RCAMS's with /api/v2). */
function credentialsAt(baseUrl, { sessionToken = '' } = {}) {
	const { opscom, valt, rcams } = SANDBOX_SECRETS;
	return {
		opscomApi: { baseUrl, clientCode: 'OC_TOMA', apiToken: opscom.apiToken },
		ivsValtApi: {
			baseUrl,
			username: valt.username,
			password: valt.password,
			ignoreSslIssues: false,
			sessionToken,
		},
		rcamsApi: { baseUrl: `${baseUrl}/api/v2`, username: rcams.username, password: rcams.password },
	};
}

/** One small workflow per node, each sending a request that carries the credential. */
const NODE_WORKFLOWS = {
	opscom: (options = {}) =>
		singleNodeWorkflow({
			type: 'opscom',
			items: [
				{ id: 'S00001', email: 'one@school.edu' },
				{ id: 'S00002', email: 'two@school.edu' },
			],
			...options,
			parameters: {
				resource: 'profile',
				operation: 'createOrUpdate',
				uniqueId: '={{ $json.id }}',
				loginSource: 'OPSCOM',
				firstName: 'First',
				lastName: 'Last',
				email: '={{ $json.email }}',
			},
		}),
	ivsValt: (options = {}) =>
		singleNodeWorkflow({
			type: 'ivsValt',
			...options,
			parameters: { resource: 'room', operation: 'getAll', returnAll: true },
		}),
	rcams: (options = {}) =>
		singleNodeWorkflow({
			type: 'rcams',
			...options,
			parameters: { resource: 'district', operation: 'getAll', returnAll: true },
		}),
};

/** The credential type each node uses. */
const CREDENTIAL_OF = { opscom: 'opscomApi', ivsValt: 'ivsValtApi', rcams: 'rcamsApi' };

/** Everything a user or a log could see of a value: own properties of errors included, cycles cut. */
function visible(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, function (_key, current) {
		if (typeof current === 'object' && current !== null) {
			if (seen.has(current)) return '[cycle]';
			seen.add(current);
			if (current instanceof Error) {
				return Object.fromEntries(
					Object.getOwnPropertyNames(current)
						.map((name) => [name, current[name]])
						.concat([['cause', current.cause]]),
				);
			}
		}
		return current;
	});
}

/** A secret as it can appear: raw, base64, URL-encoded, JSON-escaped. */
function formsOf(secret) {
	const value = String(secret);
	return [
		value,
		Buffer.from(value).toString('base64'),
		encodeURIComponent(value),
		JSON.stringify(value).slice(1, -1),
	];
}

/** Every secret the sandbox credentials hold, with RCAMS's Basic-auth value. */
function credentialSecrets(extra = []) {
	const { opscom, valt, rcams } = SANDBOX_SECRETS;
	const basic = Buffer.from(`${rcams.username}:${rcams.password}`).toString('base64');
	return [opscom.apiToken, valt.password, rcams.password, basic, ...extra];
}

/**
 * Fails naming the secret and where it was found when any form of any secret is in `text`,
 * or the start of one (4 characters or more) right before the "…" that ends a cut excerpt.
 */
function expectNoSecrets(text, secrets) {
	const found = (secret, form, at) => {
		throw new Error(
			`Secret ${JSON.stringify(secret)} found as ${JSON.stringify(form)} in: …${text.slice(Math.max(0, at - 200), at + form.length + 50)}…`,
		);
	};
	for (const secret of secrets) {
		for (const form of formsOf(secret)) {
			const at = text.indexOf(form);
			if (at >= 0) found(secret, form, at);
			for (let length = form.length - 1; length >= 4; length--) {
				const cut = `${form.slice(0, length)}…`;
				if (text.includes(cut)) found(secret, cut, text.indexOf(cut));
			}
		}
	}
}

module.exports = {
	startServer,
	startRecorder,
	startRedirector,
	credentialsAt,
	NODE_WORKFLOWS,
	CREDENTIAL_OF,
	visible,
	formsOf,
	credentialSecrets,
	expectNoSecrets,
};
