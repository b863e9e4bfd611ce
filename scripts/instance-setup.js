'use strict';
/**
 * Filling a running n8n for development and tests, through its API: the owner and an API
 * key, the sandbox credentials, the example workflows. Used by `npm start` (both modes) and
 * by the real-n8n tests (test/e2e/n8n-instance.js).
 */
const fs = require('node:fs');
const path = require('node:path');
const { OWNER, mapWorkflowCredentials } = require('./n8n-api');
const { oneRosterIn, pointAtOneRoster, pointAtRoster } = require('./roster');
const { sandboxCredentials } = require('../sandbox/credentials');

const ROOT = path.resolve(__dirname, '..');

/**
 * Sets up the owner (or logs in) and makes the client's API key: the one saved in
 * `apiKeyFile` while it still works, else a new one (saved there when a file is given).
 * Returns { ownerCreated }.
 */
async function connectApi(client, { apiKeyFile, label } = {}) {
	const ownerCreated = await client.ensureOwner(OWNER).catch((error) => {
		throw new Error(
			`Could not log in as ${OWNER.email} (${error.message}). ` +
				'If the owner password was changed in the UI, delete the n8n data folder to start over.',
		);
	});
	let saved;
	try {
		saved = apiKeyFile ? JSON.parse(fs.readFileSync(apiKeyFile, 'utf8')) : undefined;
	} catch {
		saved = undefined;
	}
	if (saved?.apiKey && (await client.apiKeyWorks(saved.apiKey))) return { ownerCreated };
	// Labels are unique per user: drop the stale key of an earlier run first.
	if (!ownerCreated) await client.deleteApiKeys(label);
	const key = await client.createApiKey(label);
	if (apiKeyFile) fs.writeFileSync(apiKeyFile, `${JSON.stringify(key)}\n`, { mode: 0o600 });
	return { ownerCreated };
}

async function loadedCredentialTypes(client) {
	const types = await client.request('GET', '/types/credentials.json', { auth: 'cookie' });
	return new Set(types.map((t) => t.name));
}

/**
 * Creates (or updates, by name) the sandbox credentials of every type n8n has loaded, or
 * of `options.types`. With `options.test`, runs n8n's credential test on each (for VALT that
 * is a login). Returns { byType: { [type]: { id, name } }, lines } (lines: a report).
 */
async function setUpCredentials(client, sandbox, options = {}) {
	const known = await loadedCredentialTypes(client);
	const byType = {};
	const lines = [];
	for (const credential of sandboxCredentials(sandbox)) {
		if (options.types && !options.types.includes(credential.type)) continue;
		if (!known.has(credential.type)) {
			if (options.types) throw new Error(`n8n has not loaded credential type ${credential.type}`);
			lines.push(`${credential.name}: skipped (type ${credential.type} is not in the build yet)`);
			continue;
		}
		const saved = await client.upsertCredential(credential.type, credential.data, credential.name);
		byType[credential.type] = { id: saved.id, name: credential.name };
		let line = `${credential.name} (${credential.type}, id ${saved.id}): ${saved.created ? 'created' : 'updated'}`;
		if (options.test) {
			const test = await client.testCredential(saved.id).catch((error) => ({
				status: 'Error',
				message: error.message,
			}));
			line += `, test ${test.status}${test.status === 'OK' ? '' : ` – ${test.message}`}`;
		}
		lines.push(line);
	}
	if (options.types) {
		const missing = options.types.filter((type) => !byType[type]);
		if (missing.length > 0) throw new Error(`No sandbox credential data for ${missing.join(', ')}`);
	}
	return { byType, lines };
}

function exampleFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	const files = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files.push(...exampleFiles(full));
		else if (entry.name.endsWith('.json')) files.push(full);
	}
	return files.sort();
}

/**
 * Imports every workflow in `dir` (a file may hold one workflow or an array of them, n8n's
 * export format), replacing same-named ones, with credentials pointed at `credentialsByType`;
 * the nightly sync's "Read SIS Export" reads `rosterFile`, and the OneRoster sync the users.csv
 * in a `oneroster` folder beside it. An example names its error workflow
 * (settings.errorWorkflow) by name, since ids differ per instance: it is imported after the
 * workflow it names and pointed at that workflow's id. Returns report lines.
 */
async function importExamples(client, credentialsByType, dir, rosterFile) {
	const lines = [];
	const workflows = [];
	for (const file of exampleFiles(dir)) {
		const relative = path.relative(ROOT, file);
		let parsed;
		try {
			parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch (error) {
			lines.push(`${relative}: not valid JSON (${error.message}), skipped`);
			continue;
		}
		for (const workflow of Array.isArray(parsed) ? parsed : [parsed]) {
			if (!workflow || !Array.isArray(workflow.nodes) || !workflow.name) {
				lines.push(`${relative}: not a workflow (needs name and nodes), skipped`);
				continue;
			}
			workflows.push({ workflow, relative });
		}
	}
	const names = new Set(workflows.map(({ workflow }) => workflow.name));
	const namesErrorWorkflow = ({ workflow }) => names.has(workflow.settings?.errorWorkflow);
	const ids = new Map();
	for (const { workflow, relative } of [
		...workflows.filter((entry) => !namesErrorWorkflow(entry)),
		...workflows.filter(namesErrorWorkflow),
	]) {
		try {
			const errorWorkflow = ids.get(workflow.settings?.errorWorkflow);
			const withIds = errorWorkflow
				? { ...workflow, settings: { ...workflow.settings, errorWorkflow } }
				: workflow;
			const pointed = rosterFile
				? pointAtOneRoster(
						pointAtRoster(withIds, rosterFile),
						oneRosterIn(path.dirname(rosterFile)),
					)
				: withIds;
			const { workflow: mapped, unmapped } = mapWorkflowCredentials(pointed, credentialsByType);
			const saved = await client.upsertWorkflowByName(mapped);
			ids.set(workflow.name, saved.id);
			// n8n runs an error workflow only while it is active; it fires on nothing else.
			const alerts = workflow.nodes.some((node) => node.type === 'n8n-nodes-base.errorTrigger');
			if (alerts) await client.activateWorkflow(saved.id);
			lines.push(
				`"${workflow.name}" (id ${saved.id}) from ${relative}: ${saved.created ? 'imported' : 'replaced'}` +
					(errorWorkflow ? `; error workflow "${workflow.settings.errorWorkflow}"` : '') +
					(alerts ? '; active (an error workflow runs only while active)' : '') +
					(unmapped.length > 0 ? `; no credential for ${unmapped.join(', ')}` : ''),
			);
		} catch (error) {
			lines.push(`"${workflow.name}" from ${relative}: import failed – ${error.message}`);
		}
	}
	return lines;
}

module.exports = { connectApi, setUpCredentials, importExamples, exampleFiles };
