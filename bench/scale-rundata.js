'use strict';
/**
 * Reads one saved execution straight from an n8n SQLite database and prints, as JSON, what
 * bench/scale.js reports per node: { status, bytes, nodes: [{ node, runs, executionTime, items,
 * startTime, error }] }. Runs under the runtime's Node 24 (node:sqlite) in its own process, so
 * that parsing a night's execution data (tens or hundreds of MB) costs neither n8n's memory
 * (as `GET /api/v1/executions/{id}?includeData=true` would) nor the benchmark's.
 *
 *   node bench/scale-rundata.js <database.sqlite> <executionId | -> <flatted module path>
 */
const { DatabaseSync } = require('node:sqlite');

const [file, executionId, flattedPath] = process.argv.slice(2);
const { parse } = require(flattedPath);

const db = new DatabaseSync(file, { readOnly: true });
const pragma = (name) => Object.values(db.prepare(`PRAGMA ${name}`).get())[0];
/** Bytes of the database in use (pages that are not on the free list), WAL included. */
const usedBytes = (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
if (executionId === '-') {
	process.stdout.write(JSON.stringify({ usedBytes }));
	process.exit(0);
}
const row = db
	.prepare('SELECT data FROM execution_data WHERE executionId = ?')
	.get(Number(executionId));
if (!row) {
	process.stdout.write(JSON.stringify({ missing: true, usedBytes }));
	process.exit(0);
}
const data = parse(row.data);
const runData = data?.resultData?.runData ?? {};
const nodes = Object.entries(runData).map(([node, runs]) => ({
	node,
	runs: runs.length,
	executionTime: runs.reduce((sum, run) => sum + (run.executionTime ?? 0), 0),
	startTime: runs[0]?.startTime,
	items: runs.reduce(
		(sum, run) =>
			sum + (run.data?.main ?? []).reduce((total, output) => total + (output?.length ?? 0), 0),
		0,
	),
	error: runs.find((run) => run.error)?.error?.message,
}));
process.stdout.write(
	JSON.stringify({
		usedBytes,
		bytes: row.data.length,
		error: data?.resultData?.error?.message,
		lastNodeExecuted: data?.resultData?.lastNodeExecuted,
		nodes,
	}),
);
