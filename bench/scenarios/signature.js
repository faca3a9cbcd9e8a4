'use strict';
// Scenario 4: cost of the trigger's signature check, by bench/signature.bench.js (written
// with the trigger). It is run as its own process; its stdout is kept for the report and
// its figures are read from the text (per scheme: module µs/op, bare µs/op, the median
// per-round ratio it holds against the target), or from a last JSON line if it prints one.
const fs = require('fs');
const path = require('path');
const { runBenchScript } = require('../lib/bench-script');

const SCRIPT = path.join(__dirname, '..', 'signature.bench.js');

function lastJsonLine(text) {
	const lines = text.trim().split('\n').reverse();
	for (const line of lines) {
		const t = line.trim();
		if (!t.startsWith('{')) continue;
		try {
			return JSON.parse(t);
		} catch {
			/* not JSON */
		}
	}
	return undefined;
}

/** Reads the script's text report: one block per scheme, then a summary line. */
function parseText(text) {
	const figures = {};
	const blocks = text.split(/\n\s*\n/);
	for (const block of blocks) {
		const scheme = /^RSA/m.test(block) ? 'RSA' : /^Ed25519/m.test(block) ? 'Ed25519' : undefined;
		if (!scheme) continue;
		const num = (re) => {
			const m = re.exec(block);
			return m ? Number(m[1]) : undefined;
		};
		figures[scheme] = {
			moduleUs: num(/verifyDelivery\):\s*([\d.]+)\s*µs/),
			bareUs: num(/bare crypto\.verify[^:]*:\s*([\d.]+)\s*µs/),
			ratio: num(/median per-round ratio:\s*([\d.]+)×/),
			pemEveryRequestUs: num(/parsing the PEM on every request:\s*([\d.]+)\s*µs/),
		};
	}
	return Object.keys(figures).length ? figures : undefined;
}

function run({ installed }, { log }) {
	if (!fs.existsSync(SCRIPT)) {
		log('signature: bench/signature.bench.js does not exist yet');
		return { available: false, reason: 'bench/signature.bench.js does not exist' };
	}
	// Same runtime as n8n; ts-node is not needed: the script loads the compiled dist/.
	return runBenchScript({ installed }, {
		label: 'signature',
		script: 'signature.bench.js',
		log,
		figures: (stdout, seconds) => ({ figures: lastJsonLine(stdout) || parseText(stdout), seconds }),
	});
}

module.exports = { run, lastJsonLine, parseText };
