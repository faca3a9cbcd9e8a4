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
const { spawn, execFile, execFileSync } = require('child_process');
const { promisify } = require('util');
const { ensureRunner } = require('./install');
const { startN8n, installCommunityPackage, waitFor } = require('./n8n');

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
			try {
				process.kill(-child.pid, signal);
			} catch {
				return;
			}
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					/* gone */
				}
			}, graceMs);
			await exitPromise;
			clearTimeout(timer);
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
	const psql = pgBin('psql') || which('psql');
	const sql = async (query, database = 'n8n') => {
		const { stdout } = await execFileAsync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', database, '-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query], {
			maxBuffer: 256 * 1024 * 1024,
		});
		return stdout
			.split('\n')
			.filter((l) => l !== '')
			.map((l) => l.split('\t'));
	};
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

/** Renders scripts/runner/queue/nginx.conf for the given ports. */
function renderNginxConf({ prefix, listen, mainPort, webhookPorts }) {
	const template = fs.readFileSync(NGINX_TEMPLATE, 'utf8');
	const servers = webhookPorts.map((p) => `\t\tserver 127.0.0.1:${p} max_fails=0;`).join('\n');
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
	const version = execFileSync(nginx, ['-v'], { encoding: 'utf8', stdio: 'pipe' }).trim() || undefined;
	log(`nginx on 127.0.0.1:${listen}`);
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

/**
 * startQueueCluster({ dir, basePort=5760, pgPort=15433, redisPort=16380, workers=2, webhooks=2,
 *                     tarball?, runner?, env?, encryptionKey?, log?, userFolders? })
 * Starts PostgreSQL, Redis, main, workers, webhook processors and nginx (in that order: main
 * runs the migrations the others need). Everything lives under dir (user folders, data, logs;
 * the caller removes it). `userFolders` (default dir/n8n-<role>) lets `npm run start:queue`
 * keep its n8n folders between runs. Resolves to the cluster handle described at the top.
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
	fs.mkdirSync(dir, { recursive: true });
	const url = `http://127.0.0.1:${ports.nginx}`;
	const encryptionKey = options.encryptionKey || crypto.randomBytes(24).toString('base64url');
	const shared = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pgPort),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'n8n',
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Users, senders and subscriptions see nginx's address, not a process's own.
		WEBHOOK_URL: `${url}/`,
		N8N_EDITOR_BASE_URL: `${url}/`,
		N8N_PROXY_HOPS: '1',
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		// Manual runs ("Execute workflow") go to the workers too (the n8n 3 default).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		...(options.env || {}),
	};
	const folder = (role) => path.resolve((options.userFolders && options.userFolders[role]) || path.join(dir, `n8n-${role}`));
	const logDir = path.join(dir, 'logs');
	fs.mkdirSync(logDir, { recursive: true });

	const cluster = {
		url,
		dir,
		ports,
		encryptionKey,
		postgres: undefined,
		redis: undefined,
		nginx: undefined,
		main: undefined,
		workers: [],
		webhooks: [],
		sql: (query) => cluster.postgres.sql(query),
		/** Every process of the cluster right now (for exit handlers). */
		pids() {
			return [cluster.main, ...cluster.workers, ...cluster.webhooks, cluster.nginx?.service, cluster.redis?.service, cluster.postgres?.service]
				.filter((h) => h && !h.exited)
				.map((h) => h.pid);
		},
		/** SIGKILLs every process group at once (exit handlers; stop() is the clean way). */
		killAllSync() {
			for (const pid of cluster.pids()) {
				try {
					process.kill(-pid, 'SIGKILL');
				} catch {
					/* gone */
				}
			}
		},
		/**
		 * Stops webhook processor i (SIGTERM: n8n's graceful shutdown, up to graceMs; SIGKILL:
		 * at once, its task runner too) and, unless restart is false, starts it again on the
		 * same folder and ports. Resolves once it answers /healthz/readiness again.
		 */
		async restartWebhook(i, { signal = 'SIGTERM', restart = true, graceMs = 60000 } = {}) {
			const handle = cluster.webhooks[i];
			if (signal === 'SIGKILL') {
				try {
					process.kill(-handle.pid, 'SIGKILL');
				} catch {
					/* gone */
				}
			}
			await handle.stop(graceMs);
			if (!restart) return handle;
			cluster.webhooks[i] = await startRole('webhook', i);
			return cluster.webhooks[i];
		},
		async stop() {
			const n8nHandles = [...cluster.webhooks, ...cluster.workers, cluster.main].filter(Boolean);
			if (cluster.nginx) await cluster.nginx.stop();
			await Promise.all(n8nHandles.map((h) => h.stop(20000)));
			if (cluster.redis) await cluster.redis.stop();
			if (cluster.postgres) await cluster.postgres.stop();
		},
	};

	const startRole = async (role, i = 0) => {
		const name = role === 'main' ? 'main' : `${role}-${i + 1}`;
		const userFolder = folder(name);
		fs.mkdirSync(userFolder, { recursive: true });
		// Installed once per folder; a restart finds the package where n8n's installer put it.
		const fresh = options.tarball && !fs.existsSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules', require('./n8n').PACK_NAME, 'package.json'));
		if (fresh) await installCommunityPackage(options.tarball, userFolder);
		const common = { version: '2.41.1', userFolder, runner, registerPackage: false, logFile: path.join(logDir, `${name}.log`), timeoutMs: 180000 };
		if (role === 'main') {
			return await startN8n({ ...common, command: 'start', port: ports.main, brokerPort: ports.mainBroker, env: shared });
		}
		if (role === 'webhook') {
			const p = ports.webhooks[i];
			return await startN8n({ ...common, command: 'webhook', port: p.port, brokerPort: p.broker, env: shared });
		}
		const p = ports.workers[i];
		return await startN8n({
			...common,
			command: ['worker', `--concurrency=${options.concurrency || 10}`],
			port: p.health,
			brokerPort: p.broker,
			healthUrl: `http://127.0.0.1:${p.health}`,
			env: { ...shared, QUEUE_HEALTH_CHECK_PORT: String(p.health) },
		});
	};
	cluster.startRole = startRole;

	try {
		cluster.postgres = await startPostgres({ dir: path.join(dir, 'postgres'), port: pgPort, log });
		cluster.redis = await startRedis({ dir: path.join(dir, 'redis'), port: redisPort, log });
		const t = Date.now();
		cluster.main = await startRole('main');
		log(`n8n main ready on 127.0.0.1:${ports.main} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
		const t2 = Date.now();
		const [workers, webhooks] = await Promise.all([
			Promise.all(ports.workers.map((_, i) => startRole('worker', i))),
			Promise.all(ports.webhooks.map((_, i) => startRole('webhook', i))),
		]);
		cluster.workers = workers;
		cluster.webhooks = webhooks;
		log(
			`${workers.length} workers (health ${ports.workers.map((w) => w.health).join(', ')}) and ${webhooks.length} webhook processors (${ports.webhooks
				.map((w) => w.port)
				.join(', ')}) ready (${((Date.now() - t2) / 1000).toFixed(1)} s)`,
		);
		cluster.nginx = await startNginx({ dir: path.join(dir, 'nginx'), listen: ports.nginx, mainPort: ports.main, webhookPorts: ports.webhooks.map((w) => w.port), log });
	} catch (error) {
		await cluster.stop().catch(() => undefined);
		throw error;
	}
	return cluster;
}

module.exports = { startQueueCluster, startPostgres, startRedis, startNginx, renderNginxConf, ensureSystemPackages, queuePorts, pgBin, NGINX_TEMPLATE };
