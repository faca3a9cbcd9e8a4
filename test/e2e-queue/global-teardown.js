'use strict';
// Stops the cluster of global-setup.js (through its pid files, so processes a test restarted
// are stopped too), keeps the logs of every process in .n8n-runner/e2e-queue-logs/ (or
// E2E_QUEUE_LOGS) and removes the folder (kept with E2E_KEEP=1).
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const { RUNNER_DIR } = require(path.join(ROOT, 'scripts', 'runner', 'install'));
const { openQueueCluster } = require(path.join(ROOT, 'scripts', 'runner', 'queue'));

module.exports = async function globalTeardown() {
	const handles = globalThis.__N8N_E2E_QUEUE__;
	if (!handles) return;
	const clusterDir = path.join(handles.dir, 'cluster');
	if (fs.existsSync(path.join(clusterDir, 'cluster.json'))) {
		// The supervisor runs in this process (global setup): stopped first, so it restarts nothing.
		if (handles.cluster && handles.cluster.supervisor) await handles.cluster.supervisor.stop();
		await openQueueCluster(clusterDir).stop();
		const keep = process.env.E2E_QUEUE_LOGS || path.join(RUNNER_DIR, 'e2e-queue-logs');
		fs.rmSync(keep, { recursive: true, force: true });
		fs.cpSync(path.join(clusterDir, 'logs'), keep, { recursive: true });
		for (const f of ['error.log', 'access.log']) {
			const file = path.join(clusterDir, 'nginx', f);
			if (fs.existsSync(file)) fs.copyFileSync(file, path.join(keep, `nginx-${f}`));
		}
	}
	if (process.env.E2E_KEEP === '1') process.stderr.write(`[e2e-queue teardown] kept ${handles.dir}\n`);
	else fs.rmSync(handles.dir, { recursive: true, force: true });
	globalThis.__N8N_E2E_QUEUE__ = undefined;
};
