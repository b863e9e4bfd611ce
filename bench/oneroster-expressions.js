'use strict';
/**
 * Expressions per person of the OneRoster example, in a real n8n 2.41.1: n8n's isolated-VM
 * bridge logs each expression it evaluates (N8N_LOG_LEVEL=debug); bench/scale.js counts them the
 * same way for the nightly example, whose SIS export this example does not read.
 *
 * A generated users.csv of ONEROSTER_PEOPLE people (default 200; every 10th a teacher), run twice:
 * the first night (everyone created) and a quiet night (nothing changed). Per night: expressions
 * in all, per person, and per node, and the execution's time as n8n recorded it (with the debug
 * log on, so slower than a production night). ONEROSTER_WORKFLOW picks another workflow file (e.g. the
 * version 1 example from git, to compare).
 *
 *   npm run build && node bench/oneroster-expressions.js
 *   git show <commit>:examples/oneroster-nightly-sync.json > /tmp/v1.json &&
 *     ONEROSTER_WORKFLOW=/tmp/v1.json node bench/oneroster-expressions.js
 */
const fs = require('node:fs');
const path = require('node:path');
const { startN8nInstance, runNow } = require('../test/e2e/n8n-instance');
const { instanceOneRoster, writeOneRoster } = require('../scripts/roster');
const { countExpressions } = require('./scale');

const PEOPLE = Number(process.env.ONEROSTER_PEOPLE ?? 200);
const FILE = path.resolve(
	__dirname,
	'..',
	process.env.ONEROSTER_WORKFLOW ?? 'examples/oneroster-nightly-sync.json',
);

const user = (i) => ({
	sourcedId: `G${String(i).padStart(6, '0')}`,
	status: '',
	dateLastModified: '',
	enabledUser: 'true',
	orgSourcedIds: 'SCH1',
	role: i % 10 === 0 ? 'teacher' : 'student',
	username: `person${i}`,
	userIds: '',
	givenName: `First${i}`,
	familyName: `Last${i}`,
	middleName: '',
	identifier: String(100000 + i),
	email: `person${i}@school.edu`,
	sms: '',
	phone: '',
	agentSourcedIds: '',
	grades: '',
	password: `Initial-${i}!`,
});

const seconds = (execution) =>
	((Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt)) / 1000).toFixed(1);

async function main() {
	const n8n = await startN8nInstance({ logLevel: 'debug' });
	try {
		await n8n.createSandboxCredentials();
		writeOneRoster(
			instanceOneRoster(n8n.userFolder),
			Array.from({ length: PEOPLE }, (_, i) => user(i)),
		);
		const { id } = await n8n.importWorkflow(runNow(JSON.parse(fs.readFileSync(FILE, 'utf8'))));
		console.log(`${path.relative(process.cwd(), FILE)}, ${PEOPLE} people, n8n debug log`);
		for (const night of ['first night', 'quiet night']) {
			const before = n8n.log().length;
			const execution = await n8n.runWorkflow(id, { timeoutMs: 600_000 });
			const { expressions, expressionsByNode } = countExpressions(n8n.log().slice(before));
			console.log(
				`\n${night}: ${execution.status} in ${seconds(execution)} s (n8n, debug log on), ${expressions} expressions, ${(expressions / PEOPLE).toFixed(2)} per person`,
			);
			console.table(
				Object.entries(expressionsByNode)
					.sort(([, a], [, b]) => b - a)
					.map(([node, count]) => ({
						node,
						expressions: count,
						'per person': (count / PEOPLE).toFixed(2),
					})),
			);
		}
	} finally {
		await n8n.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
