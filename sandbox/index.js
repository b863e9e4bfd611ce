'use strict';
const { OpscomApi } = require('./opscom');
const { RcamsApi } = require('./rcams');
const { SANDBOX_PORTS, SANDBOX_SECRETS } = require('./secrets');
const { startVendorServer, UPDATE_MODES } = require('./server');
const { startSmtpCatcher } = require('./smtp');
const { ValtApi } = require('./valt');

/**
 * Starts the three vendor emulators and the SMTP catcher (sandbox/smtp.js, for the examples'
 * Send Email nodes), each on its own port: ephemeral ones unless
 * `options.ports` names them (the CLI passes SANDBOX_PORTS). `options.faults` and
 * `options.updateMode` are per vendor (`{opscom, valt, rcams}`); `updateMode` may also be one
 * mode for all three: 'merge' (default) or 'replace' (updates replace the record, see server.js).
 */
async function startSandbox(options = {}) {
	const updateModeOf = (name) =>
		typeof options.updateMode === 'string' ? options.updateMode : options.updateMode?.[name];
	const servers = [];
	try {
		const smtp = await startSmtpCatcher({ host: options.host, port: options.ports?.smtp });
		servers.push(smtp);
		const start = (name, api) =>
			startVendorServer(api, {
				host: options.host,
				port: options.ports?.[name],
				faults: options.faults?.[name],
				updateMode: updateModeOf(name),
				mail: smtp,
			});
		const opscom = await start('opscom', new OpscomApi(SANDBOX_SECRETS.opscom.apiToken));
		servers.push(opscom);
		const valt = await start('valt', new ValtApi(SANDBOX_SECRETS.valt));
		servers.push(valt);
		const rcams = await start('rcams', new RcamsApi(SANDBOX_SECRETS.rcams));
		servers.push(rcams);
		return {
			opscom,
			valt,
			rcams,
			smtp,
			close: async () => {
				await Promise.all(servers.map((server) => server.close()));
			},
		};
	} catch (error) {
		// A port already in use must not leave the other servers running.
		await Promise.all(servers.map((server) => server.close()));
		throw error;
	}
}

module.exports = { startSandbox, SANDBOX_PORTS, SANDBOX_SECRETS, UPDATE_MODES };
