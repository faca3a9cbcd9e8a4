'use strict';
// The API part of `npm run start:queue` (scripts/start-queue.sh): the pack in an n8n 2.41.1
// queue-mode cluster (scripts/runner/queue.js: PostgreSQL, Redis, main, 2 workers, 2 webhook
// processors, nginx in front), with the same owner, sandbox credentials and example workflows
// as `npm start`; prints the URL and runs until SIGINT/SIGTERM, then stops every process.
// Everything (database included) is throwaway: it lives in --dir and starts fresh each run.
//   node scripts/runner/queue-demo.js --tarball <tgz> --sandboxes-file <file> --dir <tmp>
//        [--base-port 5678] [--pg-port 15432] [--redis-port 16379]
const path = require('path');
const { ensureRunner } = require('./install');
const { N8nApi } = require('./api');
const { startQueueCluster } = require('./queue');
const { provisionDemo, say, arg, readSandboxes, stopper } = require('./demo');

let cluster;

async function main() {
	const sandboxes = readSandboxes(arg('sandboxes-file'));
	const dir = path.resolve(arg('dir'));
	const runner = await ensureRunner({ version: '2.41.1' });

	const { stop, stopping } = stopper(async () => {
		if (cluster) {
			say('stopping nginx, n8n (webhook processors, workers, main), Redis and PostgreSQL …');
			await cluster.stop();
		}
	});
	process.on('exit', () => cluster && cluster.killAllSync());

	say('starting the queue-mode cluster (PostgreSQL, Redis, n8n main, 2 workers, 2 webhook processors, nginx)');
	cluster = await startQueueCluster({
		dir,
		basePort: Number(arg('base-port', 5678)),
		pgPort: Number(arg('pg-port', 15432)),
		redisPort: Number(arg('redis-port', 16379)),
		tarball: arg('tarball'),
		runner,
		// What the README's production section recommends: n8n builds an expression isolate for
		// the webhook phase of every community trigger only when an expression needs one
		// (measured in docs/benchmarks.md, section 6).
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
		log: (m) => say(m),
	});
	say(`logs: ${path.join(dir, 'logs')} (one file per n8n process), nginx: ${path.join(dir, 'nginx')}`);
	await provisionDemo(new N8nApi(cluster.url), sandboxes, cluster.url);
	process.stdout.write(
		[
			`  production webhooks: ${cluster.url}/webhook/… (nginx → webhook processors ${cluster.ports.webhooks.map((w) => w.port).join(', ')})`,
			`  executions run on:   workers (health ${cluster.ports.workers.map((w) => w.health).join(', ')})`,
			'',
		].join('\n') + '\n',
	);

	// Webhook processors are restarted by the cluster's supervisor (out of nginx's rotation until
	// ready, see scripts/runner/queue.js); main or a worker exiting ends the demo.
	const timer = setInterval(() => {
		const gone = [cluster.main, ...cluster.workers].find((h) => h.exited);
		if (gone && !stopping()) {
			say(`an n8n process exited on its own (${gone.command}, ${JSON.stringify(gone.exited)}); see its log`);
			clearInterval(timer);
			stop(1);
		}
	}, 1000);
}

main().catch(async (error) => {
	process.stderr.write(`[start] ${error.stack || error}\n`);
	if (cluster) await cluster.stop().catch(() => undefined);
	process.exit(1);
});
