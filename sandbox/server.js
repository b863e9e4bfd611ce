'use strict';
/**
 * The HTTP shell shared by the three vendor emulators: it records every request,
 * applies injected faults, sets the update mode, and exposes a small admin API under /__sandbox/.
 */
const http = require('node:http');
const { FaultInjector } = require('./faults');
const ADMIN_PREFIX = '/__sandbox/';
const MAX_RECORDED = 200_000;
/**
 * How an emulator applies an update of an existing record. `merge` (the default) keeps what an
 * update leaves out, kinder than the vendors promise; `replace` is the strict reading of their
 * docs: the record's updatable fields become exactly what was sent, omitted optional ones cleared.
 */
const UPDATE_MODES = ['merge', 'replace'];
function checkUpdateMode(mode) {
	if (!UPDATE_MODES.includes(mode)) {
		throw new Error(
			`unknown update mode ${JSON.stringify(mode)}: expected ${UPDATE_MODES.join(' or ')}`,
		);
	}
	return mode;
}
const HTML_ERROR_PAGE =
	'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}
function parseJson(raw) {
	if (raw.trim() === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return undefined;
	}
}
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function send(res, response) {
	const body =
		response.text !== undefined
			? response.text
			: response.json === undefined
				? ''
				: JSON.stringify(response.json);
	res.writeHead(response.status, {
		'Content-Type': response.contentType ?? 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(body),
		...response.headers,
	});
	res.end(body);
}
async function sendSlowly(res, response, totalMs) {
	const body = response.text ?? JSON.stringify(response.json ?? '');
	res.writeHead(response.status, {
		'Content-Type': response.contentType ?? 'application/json; charset=utf-8',
		...response.headers,
	});
	const pieces = 4;
	const size = Math.ceil(body.length / pieces);
	for (let i = 0; i < pieces; i++) {
		await delay(totalMs / pieces);
		res.write(body.slice(i * size, (i + 1) * size));
	}
	res.end();
}
function handleAdmin(server, action, method, body) {
	switch (`${method} ${action}`) {
		case 'GET requests':
			return { status: 200, json: server.requests };
		case 'DELETE requests':
			server.requests.length = 0;
			return { status: 200, json: { ok: true } };
		case 'GET state':
			return { status: 200, json: server.api.snapshot() };
		case 'POST reset':
			server.api.reset();
			server.requests.length = 0;
			server.faults.configure({});
			server.setUpdateMode(server.initialUpdateMode);
			return { status: 200, json: { ok: true } };
		case 'GET faults':
			return {
				status: 200,
				json: {
					...server.faults.current,
					counts: server.faults.counts,
					accepted: server.faults.accepted,
					downSince: server.faults.downSince,
				},
			};
		case 'PUT faults':
			server.faults.configure(body ?? {});
			return { status: 200, json: server.faults.current };
		case 'GET mail':
			return { status: 200, json: server.mail?.messages ?? [] };
		case 'DELETE mail':
			server.mail?.clear();
			return { status: 200, json: { ok: true } };
		case 'GET update-mode':
			return { status: 200, json: { mode: server.api.updateMode } };
		case 'PUT update-mode':
			if (!UPDATE_MODES.includes(body?.mode)) {
				return {
					status: 400,
					json: {
						error: `body must be {"mode": ${UPDATE_MODES.map((m) => `"${m}"`).join(' | ')}}`,
					},
				};
			}
			server.setUpdateMode(body.mode);
			return { status: 200, json: { mode: server.api.updateMode } };
		default:
			if (method === 'POST' && server.api.admin) {
				const result = server.api.admin(action, body);
				if (result !== undefined) return { status: 200, json: result };
			}
			return { status: 404, json: { error: `unknown sandbox admin call ${method} ${action}` } };
	}
}
/**
 * Serves one emulator. Options: host, port, faults (FaultInjector config), updateMode
 * ('merge' | 'replace', the mode POST /__sandbox/reset returns to) and mail (the SMTP catcher).
 */
async function startVendorServer(api, options = {}) {
	const initialUpdateMode = checkUpdateMode(options.updateMode ?? 'merge');
	api.updateMode = initialUpdateMode;
	const faults = new FaultInjector(options.faults);
	const requests = [];
	// How many vendor requests are being handled at once: tests assert the nodes' concurrency bound.
	const load = { inFlight: 0, maxInFlight: 0 };
	let server;
	const httpServer = http.createServer(async (req, res) => {
		try {
			const url = new URL(req.url ?? '/', 'http://sandbox');
			const rawBody = await readBody(req);
			const json = parseJson(rawBody);
			if (url.pathname.startsWith(ADMIN_PREFIX)) {
				send(
					res,
					handleAdmin(server, url.pathname.slice(ADMIN_PREFIX.length), req.method ?? 'GET', json),
				);
				return;
			}
			load.inFlight++;
			load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
			res.on('close', () => load.inFlight--);
			faults.arrived();
			const retryAfter = { 'Retry-After': String(faults.retryAfterSeconds) };
			if (faults.overCapacity()) {
				if (faults.latencyMs > 0) await delay(faults.latencyMs);
				send(res, { status: 429, json: { error: 'Too Many Requests' }, headers: retryAfter });
				return;
			}
			const latency = faults.latencyUnderLoad(load.inFlight);
			if (latency > 0) await delay(latency);
			if (faults.rateLimited()) {
				send(res, { status: 429, json: { error: 'Too Many Requests' }, headers: retryAfter });
				return;
			}
			const fault = faults.roll();
			if (fault === 'reset') {
				req.socket.destroy();
				return;
			}
			if (fault === 'down') {
				send(res, { status: faults.downStatus, json: { error: 'The sandbox is down (failAfter)' } });
				return;
			}
			if (fault === 'error5xx') {
				send(res, { status: 503, json: { error: 'Service Unavailable' } });
				return;
			}
			if (fault === 'rateLimited') {
				send(res, { status: 429, json: { error: 'Too Many Requests' }, headers: retryAfter });
				return;
			}
			if (fault === 'html') {
				send(res, { status: 502, text: HTML_ERROR_PAGE, contentType: 'text/html' });
				return;
			}
			const request = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams.entries()),
				headers: req.headers,
				rawBody,
				json,
			};
			if (requests.length < MAX_RECORDED) requests.push(request);
			faults.accept();
			const response = api.handle(request);
			if (fault === 'lostResponse') {
				req.socket.destroy();
				return;
			}
			if (fault === 'slowBody') {
				await sendSlowly(res, response, faults.slowBodyMs);
				return;
			}
			send(res, response);
		} catch (error) {
			send(res, { status: 500, json: { error: String(error) } });
		}
	});
	httpServer.keepAliveTimeout = 30_000;
	await new Promise((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const { port } = httpServer.address();
	server = {
		url: `http://${options.host ?? '127.0.0.1'}:${port}`,
		port,
		api,
		faults,
		requests,
		load,
		initialUpdateMode,
		/** The SMTP catcher whose messages GET /__sandbox/mail returns (see smtp.js). */
		mail: options.mail,
		/** Switches how the emulator applies updates (see UPDATE_MODES); the stored records stay. */
		setUpdateMode: (mode) => {
			api.updateMode = checkUpdateMode(mode);
		},
		close: () =>
			new Promise((resolve) => {
				httpServer.closeAllConnections();
				httpServer.close(() => resolve());
			}),
	};
	return server;
}

module.exports = { startVendorServer, readBody, UPDATE_MODES };
