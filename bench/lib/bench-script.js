'use strict';
// Scenarios that are a bench/*.bench.js script of their own (signature, echoGuard): run as a
// separate process on the Node that runs n8n, its stdout kept for the report.
const path = require('path');
const { execFileSync } = require('child_process');

const BENCH_DIR = path.join(__dirname, '..');

/**
 * runBenchScript({ installed }, { label, script, log, figures }) → { available, stdout, …figures }
 * Runs bench/<script> from the repository root (4 minutes at most); figures(stdout, seconds)
 * adds what the scenario reads from its output. A failed run comes back as { failed: true }
 * with its stdout and the end of its stderr.
 */
function runBenchScript({ installed }, { label, script, log, figures }) {
	const started = Date.now();
	try {
		const stdout = execFileSync(installed.nodeBin, [path.join(BENCH_DIR, script)], {
			cwd: path.join(BENCH_DIR, '..'),
			encoding: 'utf8',
			timeout: 240000,
			maxBuffer: 16 * 1024 * 1024,
		});
		const seconds = (Date.now() - started) / 1000;
		const read = figures(stdout, seconds);
		log(`${label}: done in ${seconds.toFixed(0)} s`);
		return { available: true, stdout, ...read };
	} catch (error) {
		log(`${label}: bench/${script} failed: ${error.message.split('\n')[0]}`);
		return { available: true, failed: true, stdout: String(error.stdout || ''), stderr: String(error.stderr || '').slice(-4000) };
	}
}

module.exports = { runBenchScript };
