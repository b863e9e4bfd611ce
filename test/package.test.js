/**
 * The published package: what `npm pack` puts in the tarball (only what n8n loads), its
 * size, and n8n's community-package scanner on the sources and the tarball.
 *
 * `n8n-node build` copies every PNG and SVG it finds into dist/ (docs/screenshots too, and
 * whatever sits in a nested node_modules), and tsc writes declarations, source maps and a copy
 * of package.json there: package.json's `files` picks what n8n loads out of dist/ (nodes,
 * credentials, codex files, icons). Run after `npm run build` (`npm test` does).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Everything the tarball may hold, by pattern. */
const ALLOWED = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^dist\/(nodes|credentials)\/.+\.js$/, // compiled nodes, credentials and their modules
	/^dist\/nodes\/.+\.json$/, // codex files (X.node.json), JSON the nodes import
	/^dist\/(icons|nodes)\/.+\.svg$/,
];
/**
 * Size budget. Today (0.1.0): about 40 kB packed, 180 kB unpacked, 75 files; one screenshot
 * alone is 45–70 kB.
 */
const MAX_PACKED_BYTES = 100 * 1024;
const MAX_UNPACKED_BYTES = 500 * 1024;

let packed;

beforeAll(() => {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	[packed] = JSON.parse(output.slice(output.indexOf('[')));
});

const files = () => packed.files.map((file) => file.path).sort();

test('the tarball holds only files n8n loads', () => {
	const unexpected = files().filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
	expect(unexpected).toEqual([]);
	for (const kept of [
		/\.png$/,
		/\.map$/,
		/\.d\.ts$/,
		/^dist\/package\.json$/,
		/^(docs|test|sandbox|scripts|bench|examples)\//,
	]) {
		expect(files().filter((file) => kept.test(file))).toEqual([]);
	}
});

test('every file n8n needs is in it: declared nodes and credentials, their codex files and icons', () => {
	const declared = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	const codex = pkg.n8n.nodes.map((file) => file.replace(/\.js$/, '.json'));
	const icons = declared.flatMap((file) => {
		const exported = require(path.join(ROOT, file));
		const instance = new (Object.values(exported).find((value) => typeof value === 'function'))();
		const icon = instance.description?.icon ?? instance.icon;
		const refs = typeof icon === 'string' ? [icon] : Object.values(icon ?? {});
		expect(refs.length).toBeGreaterThan(0);
		return refs.map((ref) =>
			path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.replace(/^file:/, ''))),
		);
	});
	expect(files()).toEqual(
		expect.arrayContaining([
			'package.json',
			'README.md',
			'LICENSE',
			...declared,
			...codex,
			...new Set(icons),
		]),
	);
});

test('the tarball stays within its size budget', () => {
	expect(packed.size).toBeLessThanOrEqual(MAX_PACKED_BYTES);
	expect(packed.unpackedSize).toBeLessThanOrEqual(MAX_UNPACKED_BYTES);
});

test("n8n's community-package scanner finds nothing in the sources or in the packed tarball", () => {
	// scripts/scan-package.mjs: the rules of @n8n/scan-community-package, both legs; exits 1
	// on any finding, with ESLint's report.
	let output;
	try {
		output = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'scan-package.mjs')], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (error) {
		throw new Error(`The scan failed:\n${error.stdout}${error.stderr}`);
	}
	expect(output).toMatch(/sources: [1-9]\d* files, no findings/);
	expect(output).toMatch(/tarball .*: [1-9]\d* files, no findings/);
}, 120_000);

test('the release workflow lints, tests and publishes to npm with provenance from a version tag', () => {
	const workflow = fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8');
	expect(workflow).toMatch(/tags: \['v\*'\]/);
	expect(workflow).toMatch(/run: npm run lint/);
	expect(workflow).toMatch(/run: npx jest/);
	expect(workflow).toMatch(/id-token: write/);
	expect(workflow).toMatch(/run: npm publish --provenance --access public/);
});
