/**
 * `npm run scan`: n8n's community-package scanner on this repository, before publishing.
 *
 * n8n's verification runs `npx @n8n/scan-community-package <name>`, which downloads the
 * *published* package and the source its npm provenance points at, then lints both with
 * n8n's rules: the full rule set on the sources (`package.json`,
 * `{nodes,credentials}/**\/*.{js,ts,json}`) and `**\/*.js` + `package.json` on the tarball.
 * It cannot look at an unpublished package, so this script runs the same two legs here, with
 * the scanner's own ESLint config (`buildScanConfig()` from the same package version), on
 * the sources and on the tarball `npm pack` makes now. Stricter than the scanner in one
 * way: it fails on warnings too, not only on errors.
 *
 * Run after `npm run build`. Exit code 1 on any finding.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { packTo, assertBuilt, readPackageJson } = require('./install-package.js');

// eslint-plugin-n8n-nodes-base takes every file for "Test.node.ts" when NODE_ENV=test (as
// jest sets it), and then reports trigger-naming rules on regular nodes.
delete process.env.NODE_ENV;
const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const scannerRequire = createRequire(scannerFile);
// The scanner makes a temp folder when loaded; have it removed at exit.
scannerRequire('tmp').setGracefulCleanup();
const { buildScanConfig, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerFile).href);
// The scanner's own ESLint and file globbing, so its config meets the version it was made for.
const { ESLint } = scannerRequire('eslint');
const glob = scannerRequire('fast-glob');
const scannerVersion = scannerRequire('@n8n/scan-community-package/package.json').version;

/** Lints `patterns` under `dir` as the scanner's analyzePackage() does. */
async function lint(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		// As the scanner: eslint-disable comments do not count.
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const problems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
	const report = problems > 0 ? await (await eslint.loadFormatter('stylish')).format(results) : '';
	return { files: files.length, problems, report };
}

export async function scan() {
	// An unbuilt package would pack to a bare package.json and pass.
	assertBuilt(readPackageJson());
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campus-safety-scan-'));
	try {
		const packed = packTo(workDir);
		const legs = [
			['sources', await lint(ROOT, SOURCE_FILE_PATTERNS), SOURCE_FILE_PATTERNS],
			[`tarball ${packed.report.filename}`, await lint(packed.dir, ['**/*.js', 'package.json'])],
		];
		return { scannerVersion, legs: legs.map(([name, result]) => ({ name, ...result })) };
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { legs } = await scan().catch((error) => {
		process.stderr.write(`[scan] ${error.message}\n`);
		process.exit(1);
	});
	let failed = false;
	for (const leg of legs) {
		const verdict = leg.problems === 0 ? 'no findings' : `${leg.problems} finding(s)`;
		process.stdout.write(
			`[scan] @n8n/scan-community-package@${scannerVersion} rules, ${leg.name}: ${leg.files} files, ${verdict}\n`,
		);
		if (leg.files === 0 || leg.problems > 0) failed = true;
		if (leg.report) process.stdout.write(leg.report);
	}
	process.exitCode = failed ? 1 : 0;
}
