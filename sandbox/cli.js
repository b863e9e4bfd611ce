'use strict';
/**
 * `npm run sandbox`: serves the vendor emulators on their fixed loopback ports
 * until Ctrl-C. Faults can be set at start with --faults '<json per vendor>'
 * or at run time with PUT /__sandbox/faults on each port. `--update-mode replace` (or a JSON
 * object per vendor) makes updates replace records as the vendors' strict reading says;
 * at run time: PUT /__sandbox/update-mode {"mode":"replace"|"merge"}.
 */
const { startSandbox, SANDBOX_PORTS } = require('./index');
const { OPSCOM_CLIENT_CODE } = require('./opscom');
async function main() {
	const faultsArg = process.argv.indexOf('--faults');
	const faults = faultsArg > 0 ? JSON.parse(process.argv[faultsArg + 1]) : undefined;
	const modeArg = process.argv.indexOf('--update-mode');
	const modeText = modeArg > 0 ? process.argv[modeArg + 1] : undefined;
	const updateMode = modeText?.trim().startsWith('{') ? JSON.parse(modeText) : modeText;
	const sandbox = await startSandbox({ ports: SANDBOX_PORTS, faults, updateMode });
	// Secrets stay out of the console: they are in sandbox/secrets.js.
	console.log('Campus safety sandbox is running (credentials: see sandbox/secrets.js):');
	console.log(`  OPSCOM  ${sandbox.opscom.url}   client code ${OPSCOM_CLIENT_CODE}, API token`);
	console.log(`  VALT    ${sandbox.valt.url}   API under /api/v3, username and password`);
	console.log(
		`  RCAMS   ${sandbox.rcams.url}   API under /api/v2/, Basic-auth username and password`,
	);
	console.log(
		`  SMTP    ${sandbox.smtp.host}:${sandbox.smtp.port}   mail catcher: no TLS, no login; messages at GET /__sandbox/mail`,
	);
	console.log(
		'Admin on each port: GET /__sandbox/state, GET /__sandbox/requests, PUT /__sandbox/faults, POST /__sandbox/reset, GET|DELETE /__sandbox/mail',
	);
	console.log(
		'  GET|PUT /__sandbox/update-mode {"mode":"merge"|"replace"} (updates keep or clear omitted fields)',
	);
	console.log('  VALT only: POST /__sandbox/expire-tokens');
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
main().catch((error) => {
	console.error(error);
	process.exit(1);
});
