/** The sandbox in its own process, so the benchmark's CPU figures are the client's alone. */
const { startSandbox } = require('../sandbox');

startSandbox().then((sandbox) => {
	const urls = Object.fromEntries(
		Object.entries(sandbox)
			.filter(([, server]) => server && server.url)
			.map(([name, server]) => [name, server.url]),
	);
	process.send({ urls });
	process.on('disconnect', () => sandbox.close().then(() => process.exit(0)));
});
