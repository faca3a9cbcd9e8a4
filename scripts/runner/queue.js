'use strict';
// n8n in queue mode, the way it runs in production, on local ports:
//   PostgreSQL + Redis (throwaway instances of the Debian packages, started and stopped here)
//   one `n8n start` (main: editor, API, activation; N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true)
//   N `n8n worker` (run every execution, manual ones included)
//   M `n8n webhook` (receive production webhooks and enqueue them)
//   nginx in front (scripts/runner/queue/nginx.conf): /webhook/ → the webhook processors by a
//   consistent hash of the signature headers, everything else → main.
// Every n8n process has its own user folder with the pack installed as a community package,
// the same N8N_ENCRYPTION_KEY, database and Redis, and its own task-runner broker port.
//
//   const { startQueueCluster } = require('./scripts/runner/queue');
//   const cluster = await startQueueCluster({ dir, basePort: 5760, pgPort: 15433, redisPort: 16380, tarball });
//   cluster.url                    // nginx: editor, API and production webhooks
//   cluster.webhooks[0].url        // one webhook processor directly (bypassing nginx)
//   await cluster.sql('SELECT …')  // rows as arrays of strings (psql -At)
//   await cluster.restartWebhook(0, { signal: 'SIGKILL' });
//   await cluster.stop();
//
// Port layout from basePort (B): nginx B, main B+1 (broker B+2), webhook processor i B+10+2i
// (broker +1), worker i health B+20+2i (broker +1). Verified with Debian 12's PostgreSQL 15.18
// (n8n 2.41 logs that it wants 16+, and runs), Redis 7.0.15 and nginx 1.22.1.
const fs = require('fs');
const net = require('net');
const path = require('path');
const crypto = require('crypto');
const { spawn, spawnSync, execFile, execFileSync } = require('child_process');
const { promisify } = require('util');
const { ensureRunner } = require('./install');
const { PACK_NAME, startN8n, installCommunityPackage, waitFor } = require('./n8n');
const { procStats } = require('./watchdog');

const execFileAsync = promisify(execFile);
const NGINX_TEMPLATE = path.join(__dirname, 'queue', 'nginx.conf');

/** The Debian packages the cluster needs, and one binary of each that proves it is there. */
const SYSTEM_PACKAGES = [
	{ pkg: 'postgresql', has: () => Boolean(pgBin('initdb')) },
	{ pkg: 'redis-server', has: () => Boolean(which('redis-server')) },
	{ pkg: 'nginx', has: () => Boolean(which('nginx') || fs.existsSync('/usr/sbin/nginx')) },
];

function which(name) {
	for (const dir of (process.env.PATH || '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
		const full = path.join(dir, name);
		try {
			fs.accessSync(full, fs.constants.X_OK);
			return full;
		} catch {
			/* next */
		}
	}
	return undefined;
}

/** A PostgreSQL server binary: Debian keeps them in /usr/lib/postgresql/<major>/bin (newest wins). */
function pgBin(name) {
	const root = '/usr/lib/postgresql';
	if (fs.existsSync(root)) {
		const majors = fs
			.readdirSync(root)
			.filter((v) => /^\d+$/.test(v))
			.sort((a, b) => Number(b) - Number(a));
		for (const major of majors) {
			const full = path.join(root, major, 'bin', name);
			if (fs.existsSync(full)) return full;
		}
	}
	return which(name);
}

/**
 * Installs postgresql, redis-server and nginx with apt-get when one is missing (as
 * scripts/test-all.sh installs Chromium): as root, or through `sudo -n`. Throws a message
 * saying what to install when neither is possible.
 */
function ensureSystemPackages({ log = () => undefined } = {}) {
	const missing = SYSTEM_PACKAGES.filter((p) => !p.has()).map((p) => p.pkg);
	if (missing.length === 0) return { installed: [] };
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	const sudo = root ? [] : which('sudo') ? ['sudo', '-n'] : undefined;
	if (!which('apt-get') || !sudo) {
		throw new Error(`queue mode needs the Debian packages ${missing.join(', ')}: install them (apt-get install ${missing.join(' ')}) and run again`);
	}
	log(`installing ${missing.join(', ')} with apt-get`);
	const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = (args) => {
		const [cmd, ...rest] = [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
		execFileSync(cmd, rest, { stdio: ['ignore', 'ignore', 'pipe'], env: aptEnv });
	};
	apt(['update', '-qq']);
	apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
	const still = SYSTEM_PACKAGES.filter((p) => !p.has()).map((p) => p.pkg);
	if (still.length) throw new Error(`apt-get ran but ${still.join(', ')} is still missing`);
	return { installed: missing };
}

function portOpen(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function assertPortsFree(ports) {
	for (const port of ports) {
		if (await portOpen(port)) throw new Error(`port ${port} is in use (an earlier run still up? ps -ef | grep -E 'n8n|postgres|redis|nginx')`);
	}
}

/** Spawns a long-running program in its own process group, its output into logFile. */
function spawnService(cmd, args, { logFile, env, cwd, uid, gid }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], env: env || process.env, cwd, uid, gid });
	fs.closeSync(out);
	let exited;
	const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
	return {
		pid: child.pid,
		get exited() {
			return exited;
		},
		async stop(signal = 'SIGTERM', graceMs = 10000) {
			if (exited) return;
			await stopGroup(child.pid, { signal, graceMs });
			await exitPromise;
		},
	};
}

/** The uid/gid PostgreSQL runs as: initdb and postgres refuse to run as root. */
function postgresUser() {
	if (process.getuid() !== 0) return undefined;
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('running as root and there is no postgres user to run PostgreSQL as (apt-get install postgresql creates it)');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** Runs one SQL statement as user n8n over TCP; rows as arrays of strings (psql -At). */
async function psqlQuery(port, query, database = 'n8n') {
	const psql = pgBin('psql') || which('psql');
	const args = ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', database, '-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query];
	const { stdout } = await execFileAsync(psql, args, { maxBuffer: 512 * 1024 * 1024 });
	return stdout
		.split('\n')
		.filter((l) => l !== '')
		.map((l) => l.split('\t'));
}

/**
 * A throwaway PostgreSQL: initdb into dir (trust auth, user n8n, TCP on 127.0.0.1 only, no
 * Unix socket), database n8n. Durability is switched off (fsync, synchronous_commit): the
 * cluster is a test and demo fixture, deleted on stop.
 */
async function startPostgres({ dir, port, log = () => undefined }) {
	const user = postgresUser();
	const dataDir = path.join(dir, 'data');
	fs.mkdirSync(dir, { recursive: true });
	if (user) {
		fs.chownSync(dir, user.uid, user.gid);
		// The postgres user must be able to reach the directory through its parents.
		for (let p = path.dirname(dir); p !== path.dirname(p); p = path.dirname(p)) {
			const mode = fs.statSync(p).mode;
			if ((mode & 0o001) === 0) fs.chmodSync(p, mode | 0o011);
		}
	}
	const opts = user ? { uid: user.uid, gid: user.gid, cwd: dir } : { cwd: dir };
	execFileSync(pgBin('initdb'), ['-D', dataDir, '-U', 'n8n', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], { ...opts, stdio: 'pipe' });
	const service = spawnService(
		pgBin('postgres'),
		['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		{ ...opts, logFile: path.join(dir, 'postgres.log') },
	);
	const sql = (query, database = 'n8n') => psqlQuery(port, query, database);
	await waitFor(
		async () => {
			if (service.exited) throw Object.assign(new Error(`postgres exited: ${fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8').slice(-2000)}`), { fatal: true });
			await sql('SELECT 1', 'postgres');
			return true;
		},
		{ timeoutMs: 30000, what: `PostgreSQL on port ${port}` },
	);
	await sql('CREATE DATABASE n8n', 'postgres');
	const [[version]] = await sql('SHOW server_version', 'postgres');
	log(`PostgreSQL ${version} on 127.0.0.1:${port}`);
	return { port, version, sql, stop: () => service.stop('SIGINT', 15000), service };
}

/** A throwaway Redis: no persistence, 127.0.0.1 only. */
async function startRedis({ dir, port, log = () => undefined }) {
	fs.mkdirSync(dir, { recursive: true });
	const service = spawnService(which('redis-server'), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
		logFile: path.join(dir, 'redis.log'),
		cwd: dir,
	});
	await waitFor(
		async () => {
			if (service.exited) throw Object.assign(new Error(`redis-server exited: ${fs.readFileSync(path.join(dir, 'redis.log'), 'utf8').slice(-2000)}`), { fatal: true });
			return await redisPing(port);
		},
		{ timeoutMs: 20000, what: `Redis on port ${port}` },
	);
	const version = execFileSync(which('redis-server'), ['--version'], { encoding: 'utf8' }).match(/v=(\S+)/)?.[1];
	log(`Redis ${version} on 127.0.0.1:${port}`);
	return { port, version, stop: () => service.stop('SIGTERM'), service };
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let data = '';
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			data += chunk;
			if (data.includes('\r\n')) {
				socket.destroy();
				resolve(data.startsWith('+PONG'));
			}
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Renders scripts/runner/queue/nginx.conf for the given ports. Processors listed in `down`
 * are marked `down`: nginx routes nothing to them (see superviseWebhookProcessors).
 */
function renderNginxConf({ prefix, listen, mainPort, webhookPorts, down = [] }) {
	const template = fs.readFileSync(NGINX_TEMPLATE, 'utf8');
	const servers = webhookPorts.map((p) => `\t\tserver 127.0.0.1:${p} max_fails=0${down.includes(p) ? ' down' : ''};`).join('\n');
	// As root, nginx's workers would switch to `nobody`, who cannot read a private temp folder.
	const userDirective = process.getuid() === 0 ? 'user root;' : '';
	return template
		.replaceAll('{{USER_DIRECTIVE}}', userDirective)
		.replaceAll('{{PREFIX}}', prefix)
		.replaceAll('{{LISTEN}}', `127.0.0.1:${listen}`)
		.replaceAll('{{MAIN}}', `127.0.0.1:${mainPort}`)
		.replaceAll('{{WEBHOOK_SERVERS}}', servers);
}

async function startNginx({ dir, listen, mainPort, webhookPorts, log = () => undefined }) {
	fs.mkdirSync(dir, { recursive: true });
	const confFile = path.join(dir, 'nginx.conf');
	fs.writeFileSync(confFile, renderNginxConf({ prefix: dir, listen, mainPort, webhookPorts }));
	const nginx = which('nginx') || '/usr/sbin/nginx';
	// -e: the start-up error log, before the config's error_log applies (default /var/log/nginx).
	const check = execFileSync(nginx, ['-t', '-q', '-p', dir, '-e', path.join(dir, 'error.log'), '-c', confFile], { encoding: 'utf8', stdio: 'pipe' });
	if (check.trim()) log(check.trim());
	const service = spawnService(nginx, ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', confFile], { logFile: path.join(dir, 'nginx.out') });
	await waitFor(
		async () => {
			if (service.exited) throw Object.assign(new Error(`nginx exited: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-2000)}`), { fatal: true });
			return await portOpen(listen);
		},
		{ timeoutMs: 20000, what: `nginx on port ${listen}` },
	);
	// `nginx -v` prints to stderr.
	const version = spawnSync(nginx, ['-v'], { encoding: 'utf8' }).stderr.match(/nginx\/(\S+)/)?.[1];
	log(`nginx ${version} on 127.0.0.1:${listen}`);
	return { port: listen, url: `http://127.0.0.1:${listen}`, confFile, version, stop: () => service.stop('SIGTERM'), service };
}

/** The ports of a cluster laid out from basePort (see the file header). */
function queuePorts({ basePort, workers = 2, webhooks = 2 }) {
	return {
		nginx: basePort,
		main: basePort + 1,
		mainBroker: basePort + 2,
		webhooks: Array.from({ length: webhooks }, (_, i) => ({ port: basePort + 10 + 2 * i, broker: basePort + 11 + 2 * i })),
		workers: Array.from({ length: workers }, (_, i) => ({ health: basePort + 20 + 2 * i, broker: basePort + 21 + 2 * i })),
	};
}

/** Signals a process group; false when it is gone already. */
function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Stops a process group we may not hold a handle of (a test may have restarted it): signal,
 * wait up to graceMs for the leader to go, then SIGKILL the group (its task runner too).
 * Resolves to the seconds the leader took to exit.
 */
async function stopGroup(pid, { signal = 'SIGTERM', graceMs = 20000 } = {}) {
	const t0 = Date.now();
	if (!killGroup(pid, signal)) return 0;
	while (alive(pid) && Date.now() - t0 < graceMs) await new Promise((r) => setTimeout(r, 50));
	const seconds = (Date.now() - t0) / 1000;
	killGroup(pid, 'SIGKILL');
	while (alive(pid) && Date.now() - t0 < graceMs + 5000) await new Promise((r) => setTimeout(r, 50));
	return seconds;
}

const SPEC_FILE = 'cluster.json';

/**
 * Readiness-gated routing. n8n listens long before it can take a webhook: until its database
 * is migrated its start-up middleware answers every request `200 n8n is starting up. Please
 * wait` (abstract-server.js), an acknowledgement of a delivery that never runs; it marks itself
 * ready (`/healthz/readiness` 200) only after its webhook server has started. So nginx routes
 * to a webhook processor only while it is known ready: the processor is marked `down` in the
 * configuration (and nginx reloaded) BEFORE a restart starts it, and marked up again only once
 * `/healthz/readiness` answers 200. A processor that stops answering readiness is marked down
 * too. <dir>/nginx/down.json holds the ports marked down, so every module of the machine
 * renders the same configuration.
 */
function downFile(spec) {
	return path.join(spec.dir, 'nginx', 'down.json');
}

function readDown(spec) {
	try {
		return JSON.parse(fs.readFileSync(downFile(spec), 'utf8'));
	} catch {
		return [];
	}
}

/**
 * Marks webhook processor i up or down in nginx (reloaded gracefully). Resolves to the pids of
 * nginx's workers of the previous configuration (see drainNginx), false when nothing changed.
 */
function routeWebhookProcessor(spec, i, up) {
	const port = spec.ports.webhooks[i].port;
	const down = readDown(spec);
	if (up === !down.includes(port)) return false;
	const next = up ? down.filter((p) => p !== port) : [...down, port];
	const prefix = path.join(spec.dir, 'nginx');
	const confFile = path.join(prefix, 'nginx.conf');
	fs.writeFileSync(downFile(spec), JSON.stringify(next));
	fs.writeFileSync(
		confFile,
		renderNginxConf({ prefix, listen: spec.ports.nginx, mainPort: spec.ports.main, webhookPorts: spec.ports.webhooks.map((w) => w.port), down: next }),
	);
	const nginx = which('nginx') || '/usr/sbin/nginx';
	const oldWorkers = nginxWorkers(prefix);
	// HUP to the master: new workers with the new configuration, old ones finish their requests.
	execFileSync(nginx, ['-p', prefix, '-e', path.join(prefix, 'error.log'), '-c', confFile, '-s', 'reload'], { stdio: 'pipe' });
	return oldWorkers;
}

/** Pids of the nginx master's worker processes ([] when nginx is not running or there is no /proc). */
function nginxWorkers(prefix) {
	let master;
	try {
		master = Number(fs.readFileSync(path.join(prefix, 'nginx.pid'), 'utf8').trim());
	} catch {
		return [];
	}
	return (procStats() || []).filter(({ fields }) => Number(fields[1]) === master).map(({ pid }) => pid);
}

/**
 * Resolves once nginx's workers of a previous configuration (`oldWorkers`) have exited, i.e.
 * every request they routed under it is answered (at most `timeoutMs`; then it goes on).
 * Stopping a processor before that loses deliveries: nginx reloads asynchronously, and a
 * request its old workers still send to a processor that got SIGTERM is answered 500
 * "Workflow could not be started!" (n8n closes its database connection first), which HighLevel
 * never retries. Measured: 1 such 500 in a 132-edit restart run before this wait.
 */
async function drainNginx(oldWorkers, timeoutMs = 15000) {
	await waitFor(() => !oldWorkers.some(alive), { timeoutMs, intervalMs: 50, what: "nginx's old workers" }).catch(() => undefined);
}

async function readinessOk(port, timeoutMs = 1000) {
	return (await readiness(port, timeoutMs)) === 'ready';
}

/** 'ready' (200), 'not ready' (any other answer, or the port refuses), or 'no answer' (timeout). */
async function readiness(port, timeoutMs) {
	try {
		const res = await fetch(`http://127.0.0.1:${port}/healthz/readiness`, { signal: AbortSignal.timeout(timeoutMs) });
		return res.status === 200 ? 'ready' : 'not ready';
	} catch (error) {
		return error && error.name === 'TimeoutError' ? 'no answer' : 'not ready';
	}
}

/** Consecutive failed readiness checks before a live processor is taken out. */
const SLOW_CHECKS_BEFORE_DOWN = 5;

/** Set while the cluster is stopped or a role is restarted on purpose (no automatic restart then). */
function stoppingFile(spec, name = 'cluster') {
	return path.join(spec.dir, 'pids', `${name}.stopping`);
}

/**
 * Starts one n8n process of the cluster described by spec (see startQueueCluster) and records
 * its process group in <dir>/pids/<name>.pid, so whoever stops the cluster finds it even when
 * a test restarted it from another module.
 */
async function startRole(spec, runner, role, i = 0) {
	const name = role === 'main' ? 'main' : `${role}-${i + 1}`;
	const userFolder = spec.userFolders[name] || path.join(spec.dir, `n8n-${name}`);
	fs.mkdirSync(userFolder, { recursive: true });
	// Installed once per folder; a restart finds the package where n8n's installer put it.
	const installed = fs.existsSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACK_NAME, 'package.json'));
	if (spec.tarball && !installed) await installCommunityPackage(spec.tarball, userFolder);
	const common = { version: '2.41.1', userFolder, runner, registerPackage: false, logFile: path.join(spec.dir, 'logs', `${name}.log`), timeoutMs: 180000 };
	let options;
	if (role === 'main') {
		options = { ...common, command: 'start', port: spec.ports.main, brokerPort: spec.ports.mainBroker, env: spec.env };
	} else if (role === 'webhook') {
		const p = spec.ports.webhooks[i];
		options = { ...common, command: 'webhook', port: p.port, brokerPort: p.broker, env: spec.env };
	} else {
		const p = spec.ports.workers[i];
		options = {
			...common,
			command: ['worker', `--concurrency=${spec.concurrency}`],
			port: p.health,
			brokerPort: p.broker,
			healthUrl: `http://127.0.0.1:${p.health}`,
			env: { ...spec.env, QUEUE_HEALTH_CHECK_PORT: String(p.health) },
		};
	}
	const handle = await startN8n(options);
	fs.writeFileSync(path.join(spec.dir, 'pids', `${name}.pid`), String(handle.pid));
	handle.name = name;
	return handle;
}

function readPid(dir, name) {
	try {
		return Number(fs.readFileSync(path.join(dir, 'pids', `${name}.pid`), 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * The handle of a cluster started by startQueueCluster, from its folder (usable from any module
 * of the same machine): { url, ports, spec, sql(query), webhookUrl(i), pid(name),
 * restart(role, i, {signal, restart, graceMs}), restartWebhook(i, …), stop() }.
 */
function openQueueCluster(dir, { runner } = {}) {
	const spec = JSON.parse(fs.readFileSync(path.join(dir, SPEC_FILE), 'utf8'));
	const cluster = {
		spec,
		dir: spec.dir,
		url: spec.url,
		ports: spec.ports,
		pid: (name) => readPid(spec.dir, name),
		webhookUrl: (i) => `http://127.0.0.1:${spec.ports.webhooks[i].port}`,
		/** Rows as arrays of strings (psql -At). */
		sql: (query) => psqlQuery(spec.pgPort, query),
		/**
		 * Stops n8n process `role` ('main', 'worker' or 'webhook'; i-th of its kind) with
		 * `signal` (SIGTERM: n8n's graceful shutdown, waited for up to graceMs; SIGKILL: at once)
		 * and, unless restart is false, starts it again on the same folder and ports; resolves
		 * once it is ready, to { shutdownSeconds, startSeconds }.
		 */
		async restart(role, i = 0, { signal = 'SIGTERM', restart = true, graceMs = 60000 } = {}) {
			const name = role === 'main' ? 'main' : `${role}-${i + 1}`;
			const marker = stoppingFile(spec, name);
			fs.writeFileSync(marker, '');
			try {
				// Out of nginx's rotation first, so nothing reaches it while it stops or starts.
				// Then drained: nginx's workers of the old configuration finish what they sent it.
				const oldWorkers = role === 'webhook' && routeWebhookProcessor(spec, i, false);
				if (oldWorkers) await drainNginx(oldWorkers);
				const pid = readPid(spec.dir, name);
				const shutdownSeconds = pid ? await stopGroup(pid, { signal, graceMs }) : 0;
				if (!restart) return { shutdownSeconds };
				const handle = await startRole(spec, runner || (await ensureRunner({ version: '2.41.1' })), role, i);
				if (role === 'webhook' && (await readinessOk(spec.ports.webhooks[i].port))) routeWebhookProcessor(spec, i, true);
				return { shutdownSeconds, startSeconds: handle.startSeconds };
			} finally {
				fs.rmSync(marker, { force: true });
			}
		},
		/**
		 * SIGKILLs webhook processor i and leaves its restart to the supervisor (as a crash
		 * would); resolves once the supervisor has it back in nginx's rotation, to
		 * { restartSeconds } (from the kill to back in rotation).
		 */
		async crashWebhook(i, { timeoutMs = 180000 } = {}) {
			const pid = readPid(spec.dir, `webhook-${i + 1}`);
			const t0 = Date.now();
			if (pid) killGroup(pid, 'SIGKILL');
			const port = spec.ports.webhooks[i].port;
			await waitFor(async () => readPid(spec.dir, `webhook-${i + 1}`) !== pid && !readDown(spec).includes(port), {
				timeoutMs,
				what: `webhook processor ${i + 1} restarted by the supervisor`,
			});
			return { restartSeconds: (Date.now() - t0) / 1000 };
		},
		restartWebhook: (i, options) => cluster.restart('webhook', i, options),
		/** nginx first (no new requests), then webhook processors, workers, main, Redis, PostgreSQL. */
		async stop() {
			fs.writeFileSync(stoppingFile(spec), '');
			if (cluster.supervisor) await cluster.supervisor.stop();
			const stopNamed = (names, opts) => Promise.all(names.map((n) => readPid(spec.dir, n)).filter(Boolean).map((pid) => stopGroup(pid, opts)));
			await stopNamed(['nginx']);
			await stopNamed(spec.ports.webhooks.map((_, i) => `webhook-${i + 1}`));
			await stopNamed(spec.ports.workers.map((_, i) => `worker-${i + 1}`));
			await stopNamed(['main']);
			await stopNamed(['redis']);
			// SIGINT: PostgreSQL's fast shutdown.
			await stopNamed(['postgres'], { signal: 'SIGINT' });
		},
		/** SIGKILLs every recorded process group at once (exit handlers; stop() is the clean way). */
		killAllSync() {
			if (!fs.existsSync(path.join(spec.dir, 'pids'))) return;
			for (const file of fs.readdirSync(path.join(spec.dir, 'pids'))) {
				const pid = readPid(spec.dir, file.replace(/\.pid$/, ''));
				if (pid) killGroup(pid, 'SIGKILL');
			}
		},
	};
	return cluster;
}

/**
 * startQueueCluster({ dir, basePort=5760, pgPort=15433, redisPort=16380, workers=2, webhooks=2,
 *                     concurrency=10, tarball?, runner?, env?, encryptionKey?, log?, userFolders?,
 *                     supervise=true })
 * Starts PostgreSQL, Redis, main, workers, webhook processors and nginx (in that order: main
 * runs the migrations the others need). Everything lives under dir (user folders, data, logs,
 * pid files, cluster.json; the caller removes it). Resolves to openQueueCluster(dir) plus
 * `main`, `workers`, `webhooks` (the start handles: logs(), startSeconds) and the service
 * versions. On failure everything started so far is stopped again.
 */
async function startQueueCluster(options) {
	const dir = path.resolve(options.dir);
	const log = options.log || (() => undefined);
	const ports = queuePorts({ basePort: options.basePort || 5760, workers: options.workers ?? 2, webhooks: options.webhooks ?? 2 });
	const pgPort = options.pgPort || 15433;
	const redisPort = options.redisPort || 16380;
	const runner = options.runner || (await ensureRunner({ version: '2.41.1' }));
	ensureSystemPackages({ log });
	await assertPortsFree([
		pgPort,
		redisPort,
		ports.nginx,
		ports.main,
		ports.mainBroker,
		...ports.webhooks.flatMap((w) => [w.port, w.broker]),
		...ports.workers.flatMap((w) => [w.health, w.broker]),
	]);
	for (const sub of ['logs', 'pids']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
	const url = `http://127.0.0.1:${ports.nginx}`;
	const spec = {
		dir,
		url,
		ports,
		pgPort,
		redisPort,
		tarball: options.tarball,
		concurrency: options.concurrency || 10,
		userFolders: options.userFolders || {},
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
			// n8n's default pool of 2 connections a process starves a webhook processor at ~10
			// requests/s ("timeout exceeded when trying to connect", then 500s): measured here.
			DB_POSTGRESDB_POOL_SIZE: '10',
			EXECUTIONS_MODE: 'queue',
			// n8n's default keeps no finished job in Redis. A webhook processor then waits for a
			// job's end with Bull's job.finished(), which looks the job up first: a job a worker
			// finished (and Redis removed) before that lookup is never seen to end, and its
			// execution stays in the processor's active list until a shutdown gives up waiting
			// after 30 s. Measured here, for n8n's Webhook node as for the pack's triggers;
			// keeping the last 1,000 finished jobs closes it (see the README's queue-mode table).
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			N8N_ENCRYPTION_KEY: options.encryptionKey || crypto.randomBytes(24).toString('base64url'),
			// Users, senders and subscriptions see nginx's address, not a process's own.
			WEBHOOK_URL: `${url}/`,
			N8N_EDITOR_BASE_URL: `${url}/`,
			N8N_PROXY_HOPS: '1',
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// Manual runs ("Execute workflow") go to the workers too (n8n 3's only behaviour).
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			...(options.env || {}),
		},
	};
	// Holds the encryption key: readable by the owner only.
	fs.writeFileSync(path.join(dir, SPEC_FILE), JSON.stringify(spec, null, 2), { mode: 0o600 });
	const cluster = openQueueCluster(dir, { runner });
	const record = (name, service) => fs.writeFileSync(path.join(dir, 'pids', `${name}.pid`), String(service.pid));
	try {
		const postgres = await startPostgres({ dir: path.join(dir, 'postgres'), port: pgPort, log });
		record('postgres', postgres.service);
		const redis = await startRedis({ dir: path.join(dir, 'redis'), port: redisPort, log });
		record('redis', redis.service);
		let t = Date.now();
		cluster.main = await startRole(spec, runner, 'main');
		log(`n8n main ready on 127.0.0.1:${ports.main} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
		t = Date.now();
		// Both roles only need the migrated schema: start them side by side.
		[cluster.workers, cluster.webhooks] = await Promise.all([
			Promise.all(ports.workers.map((_, i) => startRole(spec, runner, 'worker', i))),
			Promise.all(ports.webhooks.map((_, i) => startRole(spec, runner, 'webhook', i))),
		]);
		log(
			`${ports.workers.length} workers (health ${ports.workers.map((w) => w.health).join(', ')}) and ${ports.webhooks.length} webhook processors (${ports.webhooks
				.map((w) => w.port)
				.join(', ')}) ready (${((Date.now() - t) / 1000).toFixed(1)} s)`,
		);
		const nginx = await startNginx({ dir: path.join(dir, 'nginx'), listen: ports.nginx, mainPort: ports.main, webhookPorts: ports.webhooks.map((w) => w.port), log });
		record('nginx', nginx.service);
		cluster.versions = { postgres: postgres.version, redis: redis.version, nginx: nginx.version };
		if (options.supervise !== false) cluster.supervisor = superviseWebhookProcessors(cluster, { runner, log });
	} catch (error) {
		await cluster.stop().catch(() => undefined);
		throw error;
	}
	return cluster;
}

/**
 * Restarts webhook processors that exit (a crash, a SIGKILL) and gates nginx on readiness:
 * every intervalMs it checks each processor's process and `/healthz/readiness`; a dead one is
 * taken out of rotation, started again on its folder and port, and put back once ready; a live
 * one that is not ready is taken out until it is. Runs in the process that started the
 * cluster; roles restarted on purpose (cluster.restart) are left to that call.
 * Resolves to { stop(), events } (events: what it did, for logs and tests).
 */
function superviseWebhookProcessors(cluster, { runner, intervalMs = 200, log = () => undefined } = {}) {
	const { spec } = cluster;
	const events = [];
	const busy = new Set();
	const slow = [];
	let stopped = false;
	let running = Promise.resolve();
	const note = (event) => {
		events.push({ at: new Date().toISOString(), ...event });
		log(`supervisor: ${event.what} (webhook processor ${event.processor})`);
	};
	async function check(i) {
		const name = `webhook-${i + 1}`;
		if (busy.has(i) || fs.existsSync(stoppingFile(spec)) || fs.existsSync(stoppingFile(spec, name))) return;
		const pid = readPid(spec.dir, name);
		const port = spec.ports.webhooks[i].port;
		if (pid && alive(pid)) {
			// A busy processor may answer its readiness check late, or its database check may
			// fail for a moment under load: only several failed checks in a row take it out.
			busy.add(i);
			let state;
			try {
				state = await readiness(port, 2000);
			} finally {
				busy.delete(i);
			}
			if (stopped || fs.existsSync(stoppingFile(spec, name)) || readPid(spec.dir, name) !== pid) return;
			slow[i] = state === 'ready' ? 0 : (slow[i] ?? 0) + 1;
			if (state !== 'ready' && slow[i] < SLOW_CHECKS_BEFORE_DOWN) return;
			const ready = state === 'ready';
			// A live processor that lost its database answers 503 itself (never a 200 it does not
			// run): it is not worth taking the last one in rotation out for that.
			const others = spec.ports.webhooks.filter((w, j) => j !== i && !readDown(spec).includes(w.port));
			if (!ready && others.length === 0) return;
			if (routeWebhookProcessor(spec, i, ready)) note({ processor: i + 1, what: ready ? 'ready again: back in rotation' : `not ready (${state}): out of rotation` });
			return;
		}
		busy.add(i);
		try {
			if (routeWebhookProcessor(spec, i, false)) note({ processor: i + 1, what: 'exited: out of rotation' });
			const t0 = Date.now();
			const handle = await startRole(spec, runner, 'webhook', i);
			if (stopped || fs.existsSync(stoppingFile(spec))) {
				// The cluster is being stopped meanwhile: leave nothing running.
				await stopGroup(handle.pid);
				return;
			}
			await waitFor(() => readinessOk(port), { timeoutMs: 60000, what: `readiness of ${name}` });
			if (!stopped && !fs.existsSync(stoppingFile(spec))) {
				routeWebhookProcessor(spec, i, true);
				note({ processor: i + 1, what: `restarted and ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: back in rotation` });
			}
		} catch (error) {
			note({ processor: i + 1, what: `restart failed: ${error.message}` });
		} finally {
			busy.delete(i);
		}
	}
	const timer = setInterval(() => {
		if (stopped) return;
		running = Promise.all(spec.ports.webhooks.map((_, i) => check(i).catch(() => undefined)));
	}, intervalMs);
	timer.unref();
	return {
		events,
		async stop() {
			stopped = true;
			clearInterval(timer);
			await running;
			// A restart under way finishes (its process is recorded and stopped with the rest).
			while (busy.size > 0) await new Promise((r) => setTimeout(r, 100));
		},
	};
}

module.exports = {
	superviseWebhookProcessors,
	routeWebhookProcessor,
	startQueueCluster,
	openQueueCluster,
	startPostgres,
	startRedis,
	startNginx,
	renderNginxConf,
	ensureSystemPackages,
	queuePorts,
	stopGroup,
	pgBin,
	NGINX_TEMPLATE,
};
