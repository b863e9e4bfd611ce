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
 * It builds nothing: run `npm run build` first (dist/ must exist).
 *
 *   node scripts/install-package.js <userFolder>
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

/** `npm pack` into a temp folder, then unpack the tarball's `package/` into `target`. */
function packInto(target) {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campus-safety-pack-'));
	try {
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
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.cpSync(path.join(unpackDir, 'package'), target, { recursive: true });
		return { files: packed.entryCount ?? packed.files?.length, size: packed.size };
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

/**
 * Installs the package into `userFolder` (the value of N8N_USER_FOLDER) and returns
 * where it went. Replaces an earlier install of it.
 */
function installPackage(userFolder) {
	if (!userFolder) throw new Error('installPackage(userFolder): the n8n user folder is required');
	const pkg = readPackageJson();
	assertBuilt(pkg);
	const nodesDir = path.join(path.resolve(userFolder), '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	const packed = packInto(target);

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

	return {
		name: pkg.name,
		version: pkg.version,
		dir: target,
		files: packed.files,
	};
}

module.exports = { installPackage, readPackageJson };

if (require.main === module) {
	const userFolder = process.argv[2];
	if (!userFolder) {
		process.stderr.write('usage: node scripts/install-package.js <n8nUserFolder>\n');
		process.exit(2);
	}
	try {
		const result = installPackage(userFolder);
		process.stdout.write(
			`[install] ${result.name}@${result.version} (${result.files} files) -> ${result.dir}\n`,
		);
	} catch (error) {
		process.stderr.write(`[install] failed: ${error.message}\n`);
		process.exit(1);
	}
}
