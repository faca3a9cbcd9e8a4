#!/usr/bin/env node
'use strict';
// Prints the README's resource/operation table from the built node descriptions, so the
// table cannot drift from the code: node scripts/docs/operations-table.js (after a build).
const pack = require('../../index.js');

function operationsOf(description) {
	const props = description.properties;
	const resources = (props.find((p) => p.name === 'resource') || { options: [] }).options;
	return resources.map((r) => {
		const opProp = props.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(r.value));
		return { resource: r.name, operations: (opProp ? opProp.options : []).map((o) => o.name) };
	});
}

const lines = [];
for (const [, NodeClass] of Object.entries(pack.nodes())) {
	const { description } = new NodeClass();
	if (!description.properties.some((p) => p.name === 'resource')) continue;
	lines.push(`### ${description.displayName} node`, '', '| Resource | Operations |', '|---|---|');
	let count = 0;
	for (const { resource, operations } of operationsOf(description)) {
		count += operations.length;
		lines.push(`| ${resource} | ${operations.join(', ')} |`);
	}
	lines.push('', `${count} operations.`, '');
}
process.stdout.write(lines.join('\n'));
