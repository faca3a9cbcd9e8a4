#!/usr/bin/env node
'use strict';
// CLI of the real-n8n runner (Node 20):
//   node scripts/runner/cli.js ensure [--version 2.41.1|1.123.81] [--force]   → JSON on stdout
//   node scripts/runner/cli.js pack [--only-built] [--dest DIR]               → tarball path
//   node scripts/runner/cli.js start --user-folder DIR [--port 5678] [--broker-port 5679]
//                                    [--version 2.41.1] [--tarball TGZ]       → runs until Ctrl-C
//   node scripts/runner/cli.js demo --tarball TGZ --sandboxes-file FILE        → what npm start runs
//   node scripts/runner/cli.js watched --label TEXT -- CMD ARGS…              → CMD under the stall
//        watchdog (scripts/runner/watchdog.js): quiet unless it fails, Ctrl-C stops its group
const runner = require('./index');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : fallback;
}
const flag = (name) => process.argv.includes(`--${name}`);

async function main() {
	const command = process.argv[2];
	switch (command) {
		case 'ensure': {
			const result = await runner.ensureRunner({ version: arg('version', '2.41.1'), force: flag('force'), verbose: flag('verbose') });
			process.stdout.write(JSON.stringify(result) + '\n');
			return;
		}
		case 'pack': {
			process.stdout.write(runner.packPack({ onlyBuilt: flag('only-built'), destDir: arg('dest') }) + '\n');
			return;
		}
		case 'start': {
			const port = Number(arg('port', 5678));
			const n8n = await runner.startN8n({
				version: arg('version', '2.41.1'),
				userFolder: arg('user-folder'),
				port,
				brokerPort: Number(arg('broker-port', port + 1)),
				tarball: arg('tarball'),
				echo: flag('echo'),
			});
			process.stdout.write(`n8n ready on ${n8n.url} after ${n8n.startSeconds.toFixed(1)} s; Ctrl-C stops it\n`);
			const stop = () => n8n.stop().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
			return;
		}
		case 'demo':
			require('./demo').run();
			return;
		case 'watched': {
			const rest = process.argv.slice(process.argv.indexOf('--') + 1);
			const { runWatched } = require('./watchdog');
			try {
				await runWatched(rest[0], rest.slice(1), { label: arg('label', rest.join(' ')), stallMs: Number(process.env.N8N_RUNNER_STALL_SECONDS || 120) * 1000 });
			} catch (error) {
				process.stderr.write(`${error.message}\n${error.tail || ''}\n`);
				process.exit(1);
			}
			return;
		}
		default:
			process.stderr.write('usage: cli.js ensure|pack|start|demo|watched (see the header of scripts/runner/cli.js)\n');
			process.exit(2);
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
