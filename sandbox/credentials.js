'use strict';
/**
 * The n8n credentials that point at a running sandbox: the one place that knows each
 * credential type's fields and the sandbox's secrets. Used by `npm start`, the real-n8n
 * tests (test/e2e) and the in-process engine tests (test/helpers.js).
 */
const { SANDBOX_SECRETS } = require('./secrets');

/**
 * One entry per vendor the sandbox serves: { type, name, data }. `name` is what the
 * example workflows reference ("OPSCOM sandbox", …).
 */
function sandboxCredentials(sandbox) {
	const credentials = [];
	if (sandbox.opscom) {
		credentials.push({
			type: 'opscomApi',
			name: 'OPSCOM sandbox',
			data: {
				baseUrl: sandbox.opscom.url,
				clientCode: 'OC_TOMA',
				apiToken: SANDBOX_SECRETS.opscom.apiToken,
			},
		});
	}
	if (sandbox.valt) {
		credentials.push({
			type: 'ivsValtApi',
			name: 'IVS VALT sandbox',
			data: {
				baseUrl: sandbox.valt.url,
				username: SANDBOX_SECRETS.valt.username,
				password: SANDBOX_SECRETS.valt.password,
				ignoreSslIssues: false,
			},
		});
	}
	if (sandbox.rcams) {
		credentials.push({
			type: 'rcamsApi',
			name: 'RCAMS sandbox',
			data: {
				baseUrl: `${sandbox.rcams.url}/api/v2`,
				username: SANDBOX_SECRETS.rcams.username,
				password: SANDBOX_SECRETS.rcams.password,
			},
		});
	}
	if (sandbox.smtp) {
		// n8n's own SMTP credential (Send Email), pointed at the catcher: no TLS, no login.
		credentials.push({
			type: 'smtp',
			name: 'Mail catcher (sandbox)',
			data: {
				host: sandbox.smtp.host,
				port: sandbox.smtp.port,
				secure: false,
				disableStartTls: true,
				user: '',
				password: '',
			},
		});
	}
	return credentials;
}

/** The same, as { [type]: data }. */
function sandboxCredentialData(sandbox) {
	return Object.fromEntries(sandboxCredentials(sandbox).map(({ type, data }) => [type, data]));
}

module.exports = { sandboxCredentials, sandboxCredentialData };
