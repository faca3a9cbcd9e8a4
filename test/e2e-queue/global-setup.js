'use strict';
// Global setup of the queue-mode end-to-end suite (jest.e2e-queue.config.js):
//   1. `npm run build` (E2E_SKIP_BUILD=1 skips it) and `npm pack` of the repo;
//   2. the cached n8n 2.41.1 runner; PostgreSQL, Redis and nginx from Debian packages
//      (installed with apt-get when absent);
//   3. the cluster of scripts/runner/queue.js: main (N8N_DISABLE_PRODUCTION_MAIN_PROCESS),
//      2 workers, 2 webhook processors, nginx in front, all in one throwaway folder;
//   4. the owner and an API key, through nginx;
//   5. a state file in the shape test/e2e/helpers/e2e.ts reads (N8N_E2E_STATE), so the e2e
//      helpers work unchanged against nginx, plus `queue.dir` for openQueueCluster().
// The logs of the last run are kept in .n8n-runner/e2e-queue-logs/ (E2E_QUEUE_LOGS moves them).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const runner = require(path.join(ROOT, 'scripts', 'runner'));
const { startQueueCluster } = require(path.join(ROOT, 'scripts', 'runner', 'queue'));

const OWNER = { email: 'e2e-queue-owner@example.com', password: 'E2e-queue-password-1', firstName: 'Queue', lastName: 'Owner' };

const say = (message) => process.stderr.write(`[e2e-queue setup] ${message}\n`);

module.exports = async function globalSetup() {
	const t0 = Date.now();
	const lap = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	process.stderr.write('\n');
	if (process.env.E2E_SKIP_BUILD !== '1') {
		say('building the pack');
		execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-queue-'));
	globalThis.__N8N_E2E_QUEUE__ = { dir };
	const tarball = runner.packPack({ destDir: path.join(dir, 'pack') });
	const installed = await runner.ensureRunner({ version: '2.41.1' });
	say(`packed ${path.basename(tarball)}; n8n 2.41.1 runner ${installed.cached ? 'cached' : 'installed'} (${lap()})`);

	let cluster;
	const onExit = () => cluster && cluster.killAllSync();
	process.once('exit', onExit);
	try {
		cluster = await startQueueCluster({
			dir: path.join(dir, 'cluster'),
			basePort: Number(process.env.QUEUE_E2E_BASE_PORT || 5760),
			pgPort: Number(process.env.QUEUE_E2E_PG_PORT || 15433),
			redisPort: Number(process.env.QUEUE_E2E_REDIS_PORT || 16380),
			tarball,
			runner: installed,
			log: (m) => say(`${m} (${lap()})`),
		});
		globalThis.__N8N_E2E_QUEUE__.cluster = cluster;

		const api = new runner.N8nApi(cluster.url);
		await api.ensureOwner(OWNER);
		await api.createApiKey({ label: 'e2e-queue' });
		const state = {
			version: '2.41.1',
			url: cluster.url,
			port: cluster.ports.nginx,
			userFolder: dir,
			logFile: path.join(cluster.dir, 'logs', 'main.log'),
			tarball,
			packageName: runner.PACK_NAME,
			owner: { email: OWNER.email, password: OWNER.password },
			apiKey: api.apiKey,
			cookie: api.cookie,
			browserId: api.browserId,
			// Each test file starts the sandboxes it needs.
			sandboxes: {},
			credentials: {},
			missingBuildOutputs: runner.missingBuildOutputs(),
			queue: { dir: cluster.dir, versions: cluster.versions },
		};
		const stateFile = path.join(dir, 'e2e-state.json');
		fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
		process.env.N8N_E2E_STATE = stateFile;
		say(`ready: nginx ${cluster.url}, ${JSON.stringify(cluster.versions)} (${lap()})`);
	} catch (error) {
		await require('./global-teardown')().catch(() => undefined);
		throw error;
	}
};
