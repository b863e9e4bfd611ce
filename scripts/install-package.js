'use strict';
/**
 * Installs the built package into an n8n user folder the way n8n installs a community
 * package: `npm pack` of this repository, unpacked (no node_modules of its own) into
 *
 *   <userFolder>/.n8n/nodes/node_modules/n8n-nodes-campus-safety
 *
 * plus `<userFolder>/.n8n/nodes/package.json` listing it as a dependency, as n8n's own
 * community-package installer leaves it. n8n scans that node_modules folder for
 * `n8n-nodes-*` packages at start, so the node types are `n8n-nodes-campus-safety.<nodeName>`.
 *
 * In queue mode every n8n process (main and each worker) needs the package in its own user
 * folder, as n8n's manual-installation guide says for queue mode: installPackage() takes
 * several folders and packs once.
 *
 * It builds nothing: run `npm run build` first (dist/ must exist).
 *
 *   node scripts/install-package.js <userFolder>...
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function readPackageJson() {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

function npmCommand() {
	const cli = process.env.npm_execpath;
	if (cli && cli.endsWith('npm-cli.js') && fs.existsSync(cli)) return [process.execPath, [cli]];
	return ['npm', []];
}

/** Every file the package.json `n8n` section declares must be in dist/. */
function assertBuilt(pkg) {
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !fs.existsSync(path.join(ROOT, file)));
	if (missing.length > 0) {
		throw new Error(
			`The package is not built (missing ${missing.join(', ')}): run \`npm run build\` first.`,
		);
	}
}

/**
 * `npm pack` of this repository into `workDir`, unpacked there. Returns the tarball's path,
 * the unpacked package folder and npm's report ({ files, size, unpackedSize, … }).
 */
function packTo(workDir) {
	const [command, prefix] = npmCommand();
	const output = execFileSync(
		command,
		[...prefix, 'pack', '--json', '--ignore-scripts', '--pack-destination', workDir],
		{ cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const [packed] = JSON.parse(output.slice(output.indexOf('[')));
	const tarball = path.join(workDir, packed.filename);
	const unpackDir = path.join(workDir, 'unpacked');
	fs.mkdirSync(unpackDir);
	execFileSync('tar', ['-xzf', tarball, '-C', unpackDir], { stdio: 'pipe' });
	return { tarball, dir: path.join(unpackDir, 'package'), report: packed };
}

/** Puts the unpacked package into one user folder, with the manifest n8n's installer leaves. */
function placeInto(userFolder, unpackedDir, pkg) {
	const nodesDir = path.join(path.resolve(userFolder), '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.cpSync(unpackedDir, target, { recursive: true });

	// What n8n's installer leaves behind (`npm install <pkg>` in the nodes folder).
	const manifestFile = path.join(nodesDir, 'package.json');
	let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		manifest = { ...manifest, ...JSON.parse(fs.readFileSync(manifestFile, 'utf8')) };
	} catch {
		// first install
	}
	manifest.dependencies = { ...manifest.dependencies, [pkg.name]: pkg.version };
	fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
	return target;
}

/**
 * Installs the package into `userFolder` (the value of N8N_USER_FOLDER), or into each of
 * an array of them, and returns where it went ({ dir } for one folder, { dirs } for all).
 * Replaces an earlier install of it.
 */
function installPackage(userFolders) {
	const folders = [].concat(userFolders ?? []);
	if (folders.length === 0 || folders.some((f) => !f)) {
		throw new Error('installPackage(userFolder): the n8n user folder is required');
	}
	const pkg = readPackageJson();
	assertBuilt(pkg);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campus-safety-pack-'));
	try {
		const packed = packTo(workDir);
		const dirs = folders.map((folder) => placeInto(folder, packed.dir, pkg));
		return {
			name: pkg.name,
			version: pkg.version,
			dir: dirs[0],
			dirs,
			files: packed.report.entryCount ?? packed.report.files?.length,
		};
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

module.exports = { installPackage, packTo, assertBuilt, readPackageJson, ROOT };

if (require.main === module) {
	const userFolders = process.argv.slice(2);
	if (userFolders.length === 0) {
		process.stderr.write('usage: node scripts/install-package.js <n8nUserFolder>...\n');
		process.exit(2);
	}
	try {
		const result = installPackage(userFolders);
		for (const dir of result.dirs) {
			process.stdout.write(
				`[install] ${result.name}@${result.version} (${result.files} files) -> ${dir}\n`,
			);
		}
	} catch (error) {
		process.stderr.write(`[install] failed: ${error.message}\n`);
		process.exit(1);
	}
}
