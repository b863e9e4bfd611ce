'use strict';
/**
 * The nightly example reads the SIS export from a CSV file (examples/sis-roster.csv is the
 * sample). Where n8n runs it here (npm start, tests), the "Read SIS Export" node is pointed at
 * a real file, and n8n is allowed to read the folder it is in (N8N_RESTRICT_FILE_ACCESS_TO).
 * The OneRoster example reads a OneRoster users.csv the same way (examples/oneroster-users.csv,
 * its "Read OneRoster users.csv" node).
 */
const fs = require('node:fs');
const path = require('node:path');

const SAMPLE_ROSTER = path.join(__dirname, '..', 'examples', 'sis-roster.csv');
const READ_NODE = 'Read SIS Export';
/** The OneRoster example's users.csv: a byte order mark and PowerSchool-style `users.` headers. */
const SAMPLE_ONEROSTER = path.join(__dirname, '..', 'examples', 'oneroster-users.csv');
const ONEROSTER_READ_NODE = 'Read OneRoster users.csv';
const BOM = '\uFEFF';
const HEADER_PREFIX = /^users\./;

/** A CSV file as objects by header; quoted fields may hold commas. */
function readRoster(file = SAMPLE_ROSTER) {
	const [header, ...rows] = fs
		.readFileSync(file, 'utf8')
		.split(/\r?\n/)
		.filter((line) => line.trim() !== '')
		.map((line) =>
			[...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[2] ?? m[1]),
		);
	return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

const cell = (value) =>
	/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value);

/** Writes people as a CSV file with the sample's columns. */
function writeRoster(file, people) {
	const columns = Object.keys(readRoster()[0]);
	const lines = [
		columns.join(','),
		...people.map((p) => columns.map((c) => cell(p[c] ?? '')).join(',')),
	];
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${lines.join('\n')}\n`);
	return file;
}

/** The sample OneRoster users.csv as objects keyed by plain OneRoster column names. */
function readOneRoster(file = SAMPLE_ONEROSTER) {
	return readRoster(file).map((row) =>
		Object.fromEntries(
			Object.entries(row).map(([name, value]) => [
				name.replace(BOM, '').replace(HEADER_PREFIX, ''),
				value,
			]),
		),
	);
}

/**
 * Writes OneRoster users like the sample: byte order mark, `users.` headers, CRLF; the columns
 * are the first user's (the sample's, for users read from it).
 */
function writeOneRoster(file, users) {
	const columns = Object.keys(users[0] ?? readOneRoster()[0]);
	const lines = [
		columns.map((column) => `users.${column}`).join(','),
		...users.map((user) => columns.map((column) => cell(user[column] ?? '')).join(',')),
	];
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${BOM}${lines.join('\r\n')}\r\n`);
	return file;
}

/**
 * `size` made-up people shaped like the sample SIS export's, unique per `tag` (ids, emails and
 * logins all carry it), for runs larger than the sample.
 */
function generateRoster(size, tag) {
	return Array.from({ length: size }, (_, i) => ({
		id: `${tag.toUpperCase()}${String(i).padStart(5, '0')}`,
		first_name: `First${i}`,
		last_name: `Last${tag}${i}`,
		email: `${tag}.${i}@school.edu`,
		login: `${tag}.${i}`,
		initial_password: `Welcome-${i}!`,
		card: String(100000 + i),
		opscom_user_type: '1',
		valt_group: '2',
		rcams_districts: i % 2 === 0 ? '1' : '1,3',
		display_name: `First${i} Last${tag}${i}`,
	}));
}

/** The workflow with its "Read SIS Export" node reading `file`. */
function pointAtRoster(workflow, file) {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.name === READ_NODE
				? { ...node, parameters: { ...node.parameters, fileSelector: path.resolve(file) } }
				: node,
		),
	};
}

/** The workflow with its "Read OneRoster users.csv" node reading `file`. */
function pointAtOneRoster(workflow, file) {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.name === ONEROSTER_READ_NODE
				? { ...node, parameters: { ...node.parameters, fileSelector: path.resolve(file) } }
				: node,
		),
	};
}

/** Where an n8n instance reads SIS exports from: the only folder it may read files in. */
const exportsFolder = (userFolder) => path.join(userFolder, 'sis-exports');

/** The instance's roster file, a copy of the sample until someone replaces it. */
function instanceRoster(userFolder) {
	const file = path.join(exportsFolder(userFolder), 'roster.csv');
	if (!fs.existsSync(file)) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.copyFileSync(SAMPLE_ROSTER, file);
	}
	return file;
}

/** The OneRoster users.csv kept in a SIS export folder, a copy of the sample until replaced. */
function oneRosterIn(folder) {
	const file = path.join(folder, 'oneroster', 'users.csv');
	if (!fs.existsSync(file)) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.copyFileSync(SAMPLE_ONEROSTER, file);
	}
	return file;
}

/** The instance's OneRoster users.csv (see oneRosterIn). */
const instanceOneRoster = (userFolder) => oneRosterIn(exportsFolder(userFolder));

module.exports = {
	SAMPLE_ROSTER,
	SAMPLE_ONEROSTER,
	readOneRoster,
	writeOneRoster,
	pointAtOneRoster,
	oneRosterIn,
	instanceOneRoster,
	readRoster,
	writeRoster,
	generateRoster,
	pointAtRoster,
	exportsFolder,
	instanceRoster,
};
