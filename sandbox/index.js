'use strict';
const { OpscomApi } = require('./opscom');
const { SANDBOX_SECRETS } = require('./secrets');
const { startVendorServer } = require('./server');
async function startSandbox(options = {}) {
	const start = (name, api) =>
		startVendorServer(api, {
			host: options.host,
			port: options.ports?.[name],
			faults: options.faults?.[name],
		});
	const opscom = await start('opscom', new OpscomApi(SANDBOX_SECRETS.opscom.apiToken));
	const servers = [opscom];
	return {
		opscom,
		close: async () => {
			await Promise.all(servers.map((server) => server.close()));
		},
	};
}

module.exports = {
	startSandbox,
	SANDBOX_PORTS: require('./secrets').SANDBOX_PORTS,
	SANDBOX_SECRETS: require('./secrets').SANDBOX_SECRETS,
};
