'use strict';
// Scenario 6: the Contacts API Trigger (typeVersion 2, Ed25519-signed deliveries with unique
// webhookIds) under the two n8n settings production installs choose between, in one run:
//
//   a. regular mode (`n8n start`, SQLite): N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=false (n8n's
//      default) against =true. Two n8n processes, one per setting, started one after the
//      other and then both kept up; the load alternates A B A B (the idle one only idles).
//      The variable is n8n 2.41.1's `expressionEngine.lazyAcquire` (@n8n/config
//      dist/configs/expression-engine.config.js: `@Env('N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE')`,
//      default false), passed to `Expression.initExpressionEngine` by every command that
//      evaluates expressions (n8n dist/commands/base-command.js: start, webhook, worker).
//      What it changes (@n8n/expression-runtime dist/cjs/evaluator/expression-evaluator.js,
//      `acquire`): an acquire only opens a scope, and an isolate is taken from the pool on the
//      first evaluation that reaches the engine. n8n acquires one for the webhook phase of
//      every start node other than its own Webhook node v2+ (n8n dist/webhooks/
//      live-webhooks.js, `webhookPhaseNeedsIsolate`); a trigger whose webhook() evaluates no
//      expression then never builds the (single-use) isolate.
//   b. queue mode (scripts/runner/queue.js: PostgreSQL, Redis, main, 2 workers, webhook
//      processors) through the shipped nginx configuration: one nginx whose upstream holds
//      1 webhook processor against one holding 2 (the same cluster, so the same database,
//      workers and warm processes; only the nginx in use changes), alternating. Executions
//      are counted in PostgreSQL once finished (`stoppedAt` set), so "executions/s" is work
//      the workers completed, not deliveries enqueued. Then (compareLazy) the webhook
//      processors and workers are restarted with the other LAZY_ACQUIRE setting and the
//      2-processor set-up is measured again (after the alternating rounds, not alternated).
//
// Figures per run are those of scenario 3 (runOne in webhooks.js): answered 2xx per second
// of load, executions per second of load + drain, p50/p99, CPU per delivery of the n8n
// processes that handle deliveries. Nothing is asserted: ratios from one run, on a shared
// machine (its load average is recorded before and after each part).
const fs = require('fs');
const os = require('os');
const path = require('path');
const runner = require('../../scripts/runner');
const { startQueueCluster, startNginx } = require('../../scripts/runner/queue');
const { startBenchN8n, OWNER } = require('../lib/n8n-session');
const { makeSigningKey, signedPool } = require('../lib/signed-load');
const { createActiveWorkflow, webhookUrl, warmUp, runOne, TRIGGER_TYPE } = require('./webhooks');

const LAZY = 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE';
const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));

/** The trigger as a user configures it for today's deliveries: Auto, the run's Ed25519 key. */
function triggerNode(key) {
	return {
		name: 'Contacts API Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 2,
		parameters: { events: ['*'], signatureMode: 'auto', ed25519PublicKey: key.publicKeyPem, options: {} },
	};
}

/** An active trigger workflow, warmed up with 100 deliveries; → the contender for runOne. */
async function prepareContender(api, name, key, { url: origin, count } = {}) {
	const workflowId = await createActiveWorkflow(api, triggerNode(key));
	const registered = await webhookUrl(api, workflowId);
	const url = origin ? registered.replace(api.url, origin) : registered;
	await warmUp(url, signedPool(100, { privateKey: key.privateKey, tag: `warm-${name}-${Date.now()}` }), 100);
	return { name, key, workflowId, url, count };
}

/** n8n's Webhook node v2 (POST, respond immediately), warmed up like the trigger; → the contender for runOne. */
async function preparePlain(api, name, key, { url: origin } = {}) {
	const workflowId = await createActiveWorkflow(api, {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		parameters: { httpMethod: 'POST', path: `bench-plain-${name}-${Date.now()}`, responseMode: 'onReceived', options: {} },
	});
	const registered = await webhookUrl(api, workflowId);
	const url = origin ? registered.replace(api.url, origin) : registered;
	await warmUp(url, signedPool(100, { privateKey: key.privateKey, tag: `warm-${name}-${Date.now()}` }), 100);
	return { name, key, workflowId, url };
}

function logRun(log, label, round, rounds, r) {
	log(
		`webhook settings round ${round}/${rounds}: ${label.padEnd(22)} ${r.requestsPerSec.toFixed(0)} answered/s, ${r.sustainedPerSec.toFixed(1)} executions/s, ` +
			`p50 ${r.p50} ms, p99 ${r.p99} ms, CPU ${r.cpuMsPerDelivery?.toFixed(1)} ms/delivery, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts}`,
	);
}

/** Part a: one n8n per setting, alternating load. */
async function regularMode({ installed, tarball, n8nEnv }, settings, { rounds, log }) {
	const out = { loadBefore: loadAverage(), off: [], on: [] };
	const sessions = {};
	try {
		for (const [name, value] of [
			['off', 'false'],
			['on', 'true'],
		]) {
			const logFile = path.join(runner.RUNNER_DIR, `bench-n8n-lazy-${value}.log`);
			fs.rmSync(logFile, { force: true });
			sessions[name] = await startBenchN8n({ installed, tarball, logFile, free: true, extraEnv: { ...n8nEnv, [LAZY]: value } });
			log(`webhook settings: n8n with ${LAZY}=${value} ready on ${sessions[name].n8n.url} (${sessions[name].n8n.startSeconds.toFixed(1)} s)`);
		}
		const key = makeSigningKey();
		const contenders = {};
		for (const name of ['off', 'on']) contenders[name] = await prepareContender(sessions[name].api, name, key);
		for (let round = 1; round <= rounds; round++) {
			for (const name of ['off', 'on']) {
				const r = await runOne({ api: sessions[name].api, n8n: sessions[name].n8n }, contenders[name], settings);
				out[name].push(r);
				logRun(log, `regular, ${LAZY.slice(-12)}=${name === 'on'}`, round, rounds, r);
			}
		}
	} finally {
		for (const s of Object.values(sessions)) await s.close().catch((e) => log(`closing n8n: ${e.message}`));
	}
	out.loadAfter = loadAverage();
	return out;
}

/** Part b: one queue-mode cluster, nginx with 1 webhook processor vs nginx with 2. */
async function queueMode({ installed, tarball, n8nEnv }, settings, { rounds, log, queue }) {
	const out = { loadBefore: loadAverage(), one: [], two: [], workers: queue.workers, lazyAcquire: queue.lazyAcquire, ports: { base: queue.basePort, pg: queue.pgPort, redis: queue.redisPort } };
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-queue-'));
	let cluster;
	let singleNginx;
	const killOnExit = () => cluster && cluster.killAllSync();
	process.once('exit', killOnExit);
	try {
		cluster = await startQueueCluster({
			dir: path.join(dir, 'cluster'),
			basePort: queue.basePort,
			pgPort: queue.pgPort,
			redisPort: queue.redisPort,
			tarball,
			runner: installed,
			workers: queue.workers,
			webhooks: 2,
			env: { N8N_LOG_LEVEL: 'warn', ...n8nEnv, [LAZY]: String(queue.lazyAcquire) },
			log: (m) => log(`queue: ${m}`),
		});
		out.versions = cluster.versions;
		// The same shipped configuration with one upstream server, beside the cluster's own nginx.
		singleNginx = await startNginx({
			dir: path.join(dir, 'nginx-one'),
			listen: queue.basePort + 3,
			mainPort: cluster.ports.main,
			webhookPorts: [cluster.ports.webhooks[0].port],
		});
		const api = new runner.N8nApi(cluster.url);
		await api.ensureOwner(OWNER);
		await api.createApiKey({ label: 'bench-queue' });
		const finished = (workflowId) => async () => Number((await cluster.sql(`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}' AND "stoppedAt" IS NOT NULL`))[0][0]);
		const key = makeSigningKey();
		const contenders = {};
		for (const [name, origin] of [
			['one', singleNginx.url],
			['two', cluster.url],
		]) {
			contenders[name] = await prepareContender(api, name, key, { url: origin });
			contenders[name].count = finished(contenders[name].workflowId);
			// n8n's Webhook node v2 through the same nginx: the reference at the same settings.
			const plain = `${name}Plain`;
			contenders[plain] = await preparePlain(api, plain, key, { url: origin });
			contenders[plain].count = finished(contenders[plain].workflowId);
			out[plain] = [];
		}
		// CPU of every process that handles a delivery: the webhook processors and the workers.
		const pids = [...cluster.ports.webhooks.map((_, i) => cluster.pid(`webhook-${i + 1}`)), ...cluster.ports.workers.map((_, i) => cluster.pid(`worker-${i + 1}`))];
		for (let round = 1; round <= rounds; round++) {
			// Trigger and Webhook v2 alternate, and which of them goes first alternates per round.
			const pair = (n) => (round % 2 ? [n, `${n}Plain`] : [`${n}Plain`, n]);
			for (const name of [...pair('one'), ...pair('two')]) {
				const r = await runOne({ api, pids }, contenders[name], settings);
				out[name].push(r);
				logRun(log, `queue, ${name.startsWith('one') ? 1 : 2} webhook processor${name.startsWith('one') ? '' : 's'}${name.endsWith('Plain') ? ', Webhook v2' : ''}`, round, rounds, r);
			}
		}
		// The same 2-processor set-up at the other setting: webhook processors and workers
		// restarted with it (main keeps it; it receives no delivery). Not alternated: a restart
		// per round would cost more than the rounds.
		if (queue.compareLazy) {
			cluster.spec.env[LAZY] = String(!queue.lazyAcquire);
			const t = Date.now();
			await Promise.all([...cluster.ports.webhooks.map((_, i) => cluster.restart('webhook', i)), ...cluster.ports.workers.map((_, i) => cluster.restart('worker', i))]);
			log(`queue: webhook processors and workers restarted with ${LAZY}=${!queue.lazyAcquire} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
			// A processor that has just started can answer 503 for a moment (README, "Restarts").
			await warmUp(contenders.two.url, signedPool(100, { privateKey: key.privateKey, tag: `warm-flipped-${Date.now()}` }), 100).catch(async (error) => {
				log(`queue: warm-up after the restart: ${error.message}; once more in 5 s`);
				await new Promise((r) => setTimeout(r, 5000));
				await warmUp(contenders.two.url, signedPool(100, { privateKey: key.privateKey, tag: `warm-flipped2-${Date.now()}` }), 100);
			});
			const flippedPids = [...cluster.ports.webhooks.map((_, i) => cluster.pid(`webhook-${i + 1}`)), ...cluster.ports.workers.map((_, i) => cluster.pid(`worker-${i + 1}`))];
			out.twoFlipped = [];
			for (let round = 1; round <= rounds; round++) {
				const r = await runOne({ api, pids: flippedPids }, contenders.two, settings);
				out.twoFlipped.push(r);
				logRun(log, `queue, 2, ${LAZY.slice(-12)}=${!queue.lazyAcquire}`, round, rounds, r);
			}
		}
		// Executions that did not succeed (the rates above count every finished one).
		for (const name of ['one', 'two']) {
			const rows = await cluster.sql(`SELECT status, count(*) FROM execution_entity WHERE "workflowId" = '${contenders[name].workflowId}' GROUP BY status`);
			out[`${name}Statuses`] = Object.fromEntries(rows.map(([status, n]) => [status, Number(n)]));
		}
	} finally {
		if (singleNginx) await singleNginx.stop().catch(() => undefined);
		if (cluster) await cluster.stop().catch((e) => log(`queue: stopping the cluster: ${e.message}`));
		process.removeListener('exit', killOnExit);
		// Keep the logs of the last run, drop the rest (databases, user folders).
		const logs = path.join(runner.RUNNER_DIR, 'bench-queue-logs');
		fs.rmSync(logs, { recursive: true, force: true });
		if (fs.existsSync(path.join(dir, 'cluster', 'logs'))) fs.cpSync(path.join(dir, 'cluster', 'logs'), logs, { recursive: true });
		fs.rmSync(dir, { recursive: true, force: true });
	}
	out.loadAfter = loadAverage();
	return out;
}

/**
 * run({ installed, tarball, n8nEnv }, { rounds, connections, durationSec, poolSize, queue, regular, log })
 * (`regular: false` leaves part a out: scenario 3 measures regular mode at both settings)
 * → { startedAt, connections, durationSec, regular: { off, on, … }, queue: { one, two, … } }
 * `queue`: { basePort, pgPort, redisPort, workers, lazyAcquire, compareLazy, skip }.
 */
async function run(ctx, { rounds, connections, durationSec, poolSize, queue, regular, log }) {
	const settings = { connections, durationSec, poolSize };
	const results = { startedAt: new Date().toISOString(), connections, durationSec, rounds };
	if (regular !== false) results.regular = await regularMode(ctx, settings, { rounds, log });
	if (!queue.skip) results.queue = await queueMode(ctx, settings, { rounds, log, queue });
	results.finishedAt = new Date().toISOString();
	return results;
}

module.exports = { run, LAZY };
