'use strict';
// The limit for "Return All": a bare loop over the same GET /contacts/ pages with Node's
// fetch, no n8n, no retries, nothing kept but the parsed items. Runs as its own process
// (on the Node that runs n8n) so it does not share an event loop with the sandbox.
//   node bare-loop.js <baseUrl> <token> <locationId> [pageSize=100]
// Prints one JSON line: { requests, items, unique, ms, cpuMs }.
async function main() {
	const [baseUrl, token, locationId, pageSize = '100'] = process.argv.slice(2);
	const headers = { Authorization: `Bearer ${token}`, Version: '2021-07-28', Accept: 'application/json' };
	const items = [];
	let requests = 0;
	let cursor = {};
	const started = process.hrtime.bigint();
	const cpuStart = process.cpuUsage();
	for (;;) {
		const qs = new URLSearchParams({ locationId, limit: pageSize, ...cursor });
		const res = await fetch(`${baseUrl}/contacts/?${qs}`, { headers });
		requests += 1;
		if (!res.ok) throw new Error(`page ${requests}: HTTP ${res.status} ${await res.text()}`);
		const page = await res.json();
		items.push(...page.contacts);
		const meta = page.meta || {};
		if (page.contacts.length < Number(pageSize) || !meta.startAfterId || meta.nextPage === null) break;
		cursor = { startAfterId: meta.startAfterId, startAfter: String(meta.startAfter) };
	}
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuStart);
	const unique = new Set(items.map((c) => c.id)).size;
	process.stdout.write(JSON.stringify({ requests, items: items.length, unique, ms, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\n');
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
