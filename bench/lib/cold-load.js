'use strict';
// Cold load of the pack in a fresh process: require + instantiate every node and credential
// listed in package.json's `n8n` section, as n8n's loader does at start.
//   node cold-load.js <packageRoot>
// n8n-workflow is required (and timed) first and apart: inside n8n it is already loaded, so
// the pack's own cost is what comes after it. Prints one JSON line.
const path = require('path');
const fs = require('fs');

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

const root = path.resolve(process.argv[2] || '.');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const files = [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || [])];
const missing = files.filter((f) => !fs.existsSync(path.join(root, f)));

let t0 = process.hrtime.bigint();
require(require.resolve('n8n-workflow', { paths: [root] }));
const workflowMs = ms(t0);

const perFile = [];
t0 = process.hrtime.bigint();
for (const file of files.filter((f) => !missing.includes(f))) {
	const t1 = process.hrtime.bigint();
	const mod = require(path.join(root, file));
	const className = path.basename(file).split('.')[0];
	if (typeof mod[className] !== 'function') throw new Error(`${file} does not export class ${className}`);
	const instance = new mod[className]();
	if (!instance.description && !instance.name) throw new Error(`${file}: ${className} has neither description nor name`);
	perFile.push({ file, ms: ms(t1) });
}
const packMs = ms(t0);
process.stdout.write(JSON.stringify({ node: process.version, workflowMs, packMs, files: perFile.length, missing, perFile }) + '\n');
