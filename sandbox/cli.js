'use strict';
/**
 * `npm run sandbox`: serves the vendor emulators on their fixed loopback ports
 * until Ctrl-C. Faults can be set at start with --faults '<json per vendor>'
 * or at run time with PUT /__sandbox/faults on each port.
 */
const { startSandbox, SANDBOX_PORTS, SANDBOX_SECRETS } = require('./index');
async function main() {
	const faultsArg = process.argv.indexOf('--faults');
	const faults = faultsArg > 0 ? JSON.parse(process.argv[faultsArg + 1]) : undefined;
	const sandbox = await startSandbox({ ports: SANDBOX_PORTS, faults });
	console.log('Campus safety sandbox is running:');
	console.log(`  OPSCOM  ${sandbox.opscom.url}   API token: ${SANDBOX_SECRETS.opscom.apiToken}`);
	console.log(
		'Admin: GET /__sandbox/state, GET /__sandbox/requests, PUT /__sandbox/faults, POST /__sandbox/reset',
	);
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
