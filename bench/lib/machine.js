'use strict';
// The machine and the versions a benchmark ran on, for the report.
const os = require('os');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');

function tryExec(cmd, args, options = {}) {
	try {
		return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], ...options }).trim();
	} catch {
		return undefined;
	}
}

function packageVersion(dir, name) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
}

function machineFacts(installed) {
	const cpus = os.cpus();
	const commit = tryExec('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT });
	const dirty = tryExec('git', ['status', '--porcelain', '--', 'nodes', 'credentials', 'package.json'], { cwd: ROOT });
	return {
		cpus: cpus.length,
		cpuModel: (cpus[0] && cpus[0].model.replace(/\s+/g, ' ').trim()) || 'unknown',
		memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		loadAverage: os.loadavg().map((l) => l.toFixed(2)),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		n8nNode: tryExec(installed.nodeBin, ['--version']),
		n8n: packageVersion(installed.dir, 'n8n'),
		n8nCore: packageVersion(installed.dir, 'n8n-core'),
		n8nNodesBase: packageVersion(installed.dir, 'n8n-nodes-base'),
		pack: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
		commit: commit ? `${commit}${dirty ? ' + uncommitted changes' : ''}` : undefined,
		autocannon: packageVersion(ROOT, 'autocannon'),
		openssl: process.versions.openssl,
	};
}

module.exports = { machineFacts };
