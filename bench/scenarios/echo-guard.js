'use strict';
// Scenario 7: the Echo Guard's CPU cost per delivery, by bench/echoGuard.bench.js (the trigger's
// own work on a signed ContactUpdate with the guard off vs on, in alternating rounds). Run as
// its own process on the Node that runs n8n; its stdout goes into the report.
const path = require('path');
const { execFileSync } = require('child_process');

const SCRIPT = path.join(__dirname, '..', 'echoGuard.bench.js');

function run({ installed }, { log }) {
	const started = Date.now();
	try {
		const stdout = execFileSync(installed.nodeBin, [SCRIPT], {
			cwd: path.join(__dirname, '..', '..'),
			encoding: 'utf8',
			timeout: 240000,
			maxBuffer: 16 * 1024 * 1024,
		});
		const summary = /^Summary: (.*)$/m.exec(stdout);
		log(`echoGuard: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
		return { available: true, stdout, summary: summary ? summary[1] : undefined };
	} catch (error) {
		log(`echoGuard: bench/echoGuard.bench.js failed: ${error.message.split('\n')[0]}`);
		return { available: true, failed: true, stdout: String(error.stdout || ''), stderr: String(error.stderr || '').slice(-4000) };
	}
}

module.exports = { run };
