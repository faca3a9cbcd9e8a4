// n8n loads the pack through the "n8n" section of package.json; this entry point lets
// scripts (benchmarks, e2e checks, docs) require every node and credential of the built pack.
// It is a repository tool and is not published: package.json has no "main" and ships dist/
// only, because n8n's scanner lints every .js of the tarball with the cloud rules, which
// forbid `path` and `__dirname` (n8n never reads "main" of a community package).
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
