'use strict';
// Scenario 5: cold load of the whole pack and the size of the packed tarball.
// Each sample is a fresh process on the Node that runs n8n (see bench/lib/cold-load.js).
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { median } = require('../lib/stats');

const ROOT = path.resolve(__dirname, '..', '..');

function tarballFacts(tarball) {
	const listing = execFileSync('tar', ['-tzvf', tarball], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	let unpacked = 0;
	let files = 0;
	for (const line of listing.split('\n')) {
		const parts = line.trim().split(/\s+/);
		if (parts.length < 6 || line.startsWith('d')) continue;
		unpacked += Number(parts[2]) || 0;
		files += 1;
	}
	return { file: path.basename(tarball), bytes: fs.statSync(tarball).size, unpackedBytes: unpacked, files };
}

function run({ installed, tarball }, { samples, log }) {
	const nodes = [
		{ label: `Node ${execFileSync(installed.nodeBin, ['--version'], { encoding: 'utf8' }).trim()} (n8n's runtime)`, bin: installed.nodeBin },
		{ label: `Node ${process.version} (build/test runtime)`, bin: process.execPath },
	];
	const runtimes = nodes.map(({ label, bin }) => {
		const runs = [];
		for (let i = 0; i < samples; i++) {
			const out = execFileSync(bin, [path.join(__dirname, '..', 'lib', 'cold-load.js'), ROOT], { encoding: 'utf8' });
			runs.push(JSON.parse(out.trim().split('\n').pop()));
		}
		const result = {
			label,
			packMs: median(runs.map((r) => r.packMs)),
			workflowMs: median(runs.map((r) => r.workflowMs)),
			runs: runs.map((r) => r.packMs),
			files: runs[0].files,
			missing: runs[0].missing,
			slowest: [...runs[0].perFile].sort((a, b) => b.ms - a.ms).slice(0, 3),
		};
		log(`cold load on ${label}: pack ${result.packMs.toFixed(1)} ms (median of ${samples}), n8n-workflow ${result.workflowMs.toFixed(0)} ms`);
		return result;
	});
	return { runtimes, tarball: tarballFacts(tarball), samples };
}

module.exports = { run, tarballFacts };
