// n8n loads the pack through the "n8n" section of package.json; this entry point lets
// scripts (benchmarks, e2e checks) require every node and credential of the built pack.
const path = require('path');
const { n8n } = require('./package.json');

function load(relPath) {
	const mod = require(path.join(__dirname, relPath));
	const name = path.basename(relPath).split('.')[0];
	return mod[name];
}

module.exports = {
	nodes: () => Object.fromEntries(n8n.nodes.map((p) => [path.basename(p).split('.')[0], load(p)])),
	credentials: () =>
		Object.fromEntries(n8n.credentials.map((p) => [path.basename(p).split('.')[0], load(p)])),
};
