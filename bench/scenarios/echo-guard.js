'use strict';
// Scenario 7: the Echo Guard's CPU cost per delivery, by bench/echoGuard.bench.js (the trigger's
// own work on a signed ContactUpdate with the guard off vs on, in alternating rounds). Run as
// its own process on the Node that runs n8n; its stdout goes into the report.
const { runBenchScript } = require('../lib/bench-script');

function run({ installed }, { log }) {
	return runBenchScript({ installed }, {
		label: 'echoGuard',
		script: 'echoGuard.bench.js',
		log,
		figures: (stdout) => {
			const summary = /^Summary: (.*)$/m.exec(stdout);
			return { summary: summary ? summary[1] : undefined };
		},
	});
}

module.exports = { run };
