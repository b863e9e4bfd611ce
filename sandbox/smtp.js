'use strict';
/**
 * A tiny SMTP catcher: accepts every message sent to it (no TLS, no authentication) and keeps
 * it in memory, so the example workflows' Send Email nodes have somewhere to send. It speaks
 * what nodemailer (n8n's Send Email) needs: EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP,
 * QUIT. The messages are readable at GET /__sandbox/mail on every sandbox port.
 */
const net = require('node:net');

const MAX_MESSAGES = 1000;
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Decodes a quoted-printable or base64 body (what nodemailer sends for long or non-ASCII text). */
function decodeBody(body, encoding) {
	switch ((encoding ?? '').toLowerCase()) {
		case 'quoted-printable':
			return Buffer.from(
				body
					.replace(/=\r?\n/g, '')
					.replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
				'latin1',
			).toString('utf8');
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		default:
			return body;
	}
}

/** Headers (lower-cased names, folded lines joined) and the body of one MIME entity. */
function parseEntity(text) {
	const split = text.search(/\r?\n\r?\n/);
	const head = split < 0 ? text : text.slice(0, split);
	const body = split < 0 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
	const headers = {};
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0)
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return { headers, body };
}

/** The readable text of a message: its body, or each part of a multipart body, decoded. */
function bodyText({ headers, body }) {
	const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
	if (!boundary) return decodeBody(body, headers['content-transfer-encoding']);
	return body
		.split(`--${boundary}`)
		.slice(1)
		.filter((part) => !part.startsWith('--'))
		.map((part) => bodyText(parseEntity(part.replace(/^\r?\n/, ''))))
		.join('\n');
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in a header. */
function decodeHeader(value = '') {
	// Whitespace between two encoded words is not part of the text.
	const joined = value.replace(/(\?=)\s+(=\?)/g, '$1$2');
	return joined.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset, kind, text) =>
		kind.toUpperCase() === 'B'
			? Buffer.from(text, 'base64').toString('utf8')
			: decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
	);
}

function toMessage(envelope, raw) {
	const entity = parseEntity(raw);
	return {
		id: envelope.id,
		receivedAt: new Date().toISOString(),
		mailFrom: envelope.from,
		rcptTo: envelope.to,
		from: decodeHeader(entity.headers.from),
		to: decodeHeader(entity.headers.to),
		subject: decodeHeader(entity.headers.subject),
		text: bodyText(entity).replace(/\r\n/g, '\n'),
		raw,
	};
}

/** Starts the catcher on `options.port` (ephemeral by default). Returns { host, port, messages, clear(), close() }. */
async function startSmtpCatcher(options = {}) {
	const host = options.host ?? '127.0.0.1';
	const messages = [];
	let nextId = 1;
	const sockets = new Set();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		socket.setEncoding('utf8');
		const reply = (line) => socket.write(`${line}\r\n`);
		let envelope = { from: '', to: [] };
		let buffer = '';
		let data; // the message text while in DATA, else undefined
		reply('220 campus-safety-sandbox SMTP catcher ready');
		socket.on('data', (chunk) => {
			buffer += chunk;
			for (;;) {
				if (data !== undefined) {
					const end = buffer.indexOf('\r\n.\r\n');
					const atStart = data === '' && buffer.startsWith('.\r\n');
					if (end < 0 && !atStart) {
						if (buffer.length > MAX_MESSAGE_BYTES) socket.destroy();
						return;
					}
					const body = atStart ? '' : buffer.slice(0, end);
					buffer = buffer.slice(atStart ? 3 : end + 5);
					// Dot-unstuffing: a line starting with ".." was sent as ".".
					const raw = body.replace(/^\.\./gm, '.');
					if (messages.length >= MAX_MESSAGES) messages.shift();
					messages.push(toMessage({ ...envelope, id: nextId++ }, raw));
					data = undefined;
					envelope = { from: '', to: [] };
					reply('250 OK: message accepted');
					continue;
				}
				const newline = buffer.indexOf('\r\n');
				if (newline < 0) return;
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') {
					socket.write('250-campus-safety-sandbox\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
				} else if (verb === 'HELO') {
					reply('250 campus-safety-sandbox');
				} else if (verb === 'MAIL') {
					envelope = { from: /<([^>]*)>/.exec(line)?.[1] ?? '', to: [] };
					reply('250 OK');
				} else if (verb === 'RCPT') {
					envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 OK');
				} else if (verb === 'DATA') {
					data = '';
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'RSET') {
					envelope = { from: '', to: [] };
					reply('250 OK');
				} else if (verb === 'NOOP') {
					reply('250 OK');
				} else if (verb === 'QUIT') {
					reply('221 Bye');
					socket.end();
					return;
				} else {
					reply('502 Command not implemented');
				}
			}
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve());
	});
	return {
		host,
		port: server.address().port,
		messages,
		clear: () => {
			messages.length = 0;
		},
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startSmtpCatcher };
