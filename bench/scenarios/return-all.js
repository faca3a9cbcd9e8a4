'use strict';
// Scenario 1: Return All of 10,000 contacts.
//   A  this pack's Contacts API node (contact → getAll, Return All), Private Integration token
//   A2 the same node with its OAuth2 credential (control: that credential needs no
//      expression per request, the token credential's generic `authenticate` has two)
//   B  n8n's built-in HighLevel node v2 (contact → getAll, Return All), through the proxy
//   C  a bare fetch loop over the same pages (the limit), in its own process
// Rate limiting is off in this sandbox: 100 pages are exactly one full window of the
// documented 100 requests / 10 s, and back-to-back runs would measure the wait, not the node.
const path = require('path');
const { execFile } = require('child_process');
const { promisify } = require('util');

const execFileAsync = promisify(execFile);
const { buildLinearWorkflow } = require('../../scripts/runner');
const { runSampled } = require('../lib/n8n-session');

const NODE_NAME = 'Node';

/** Every item exactly once, and exactly the sandbox's contacts of the location. */
function checkItems(items, expectedIds) {
	const ids = items.map((c) => c && c.id);
	const unique = new Set(ids);
	const missing = [...expectedIds].filter((id) => !unique.has(id)).length;
	const foreign = [...unique].filter((id) => !expectedIds.has(id)).length;
	return {
		items: items.length,
		unique: unique.size,
		missing,
		foreign,
		correct: items.length === expectedIds.size && unique.size === expectedIds.size && missing === 0 && foreign === 0,
	};
}

function errorText(error) {
	if (!error) return undefined;
	const code = error.httpCode ? `HTTP ${error.httpCode}: ` : '';
	const description = Array.isArray(error.description) ? error.description.join('; ') : error.description;
	return `${code}${error.message}${description ? ` (${description})` : ''}`;
}

function packWorkflow(api, authentication, credentials) {
	return buildLinearWorkflow(
		api,
		[
			{
				type: 'n8n-nodes-contacts-api.contactsApi',
				name: NODE_NAME,
				parameters: { authentication, resource: 'contact', operation: 'getAll', returnAll: true },
				credentials,
			},
		],
		[{}],
		{ name: `bench: Contacts API getAll (Return All, ${authentication})` },
	);
}

async function setup({ api, sandbox, DEMO, credentials }) {
	const pack = await packWorkflow(api, 'privateIntegration', { contactsApi: credentials.contactsApi });
	const packOAuth = credentials.contactsApiOAuth2Api
		? await packWorkflow(api, 'oAuth2', { contactsApiOAuth2Api: credentials.contactsApiOAuth2Api })
		: undefined;
	const builtin = await buildLinearWorkflow(
		api,
		[
			{
				type: 'n8n-nodes-base.highLevel',
				typeVersion: 2,
				name: NODE_NAME,
				parameters: { resource: 'contact', operation: 'getAll', returnAll: true },
				credentials: { highLevelOAuth2Api: credentials.highLevelOAuth2Api },
			},
		],
		[{}],
		{ name: 'bench: HighLevel v2 getAll (Return All)' },
	);
	const packWf = await api.createWorkflow(pack.workflow);
	const packOAuthWf = packOAuth ? await api.createWorkflow(packOAuth.workflow) : undefined;
	const builtinWf = await api.createWorkflow(builtin.workflow);
	const expectedIds = new Set(
		sandbox.store.order.filter((id) => {
			const c = sandbox.store.contacts.get(id);
			return c && c.locationId === DEMO.locationId;
		}),
	);
	return { packWorkflowId: packWf.id, packOAuthWorkflowId: packOAuthWf && packOAuthWf.id, builtinWorkflowId: builtinWf.id, expectedIds };
}

/** Counts TCP connections the sandbox accepts until stop() (keep-alive shows as fewer). */
function countConnections(server) {
	let count = 0;
	const onConnection = () => (count += 1);
	server.on('connection', onConnection);
	return () => {
		server.off('connection', onConnection);
		return count;
	};
}

async function runInN8n({ api, n8n, sandbox }, workflowId, expectedIds) {
	sandbox.clearRequests();
	const connections = countConnections(sandbox.server);
	// CPU is read when the execution is done, before its data is fetched (which costs n8n too).
	const { result, cpuMs } = await runSampled({ api, n8n }, workflowId, NODE_NAME, { timeoutMs: 300000 });
	const requests = sandbox.requests.filter((r) => r.path === '/contacts/');
	return {
		tcpConnections: connections(),
		ms: result.nodeMs,
		executionMs: result.executionMs,
		requests: requests.length,
		statuses: summarizeStatuses(requests),
		// Page by page, which query parameters went out and what came back (first pages only).
		trail: requests.slice(0, 3).map((r, i) => ({ page: i + 1, query: Object.keys(r.query), status: r.status })),
		...checkItems(result.items, expectedIds),
		error: errorText(result.nodeError || result.workflowError),
		cpuMs,
		rssPeak: result.rss.peak,
		rssGrowth: result.rss.before !== undefined ? result.rss.peak - result.rss.before : undefined,
	};
}

function summarizeStatuses(requests) {
	const counts = {};
	for (const r of requests) counts[r.status] = (counts[r.status] || 0) + 1;
	return counts;
}

// Asynchronous on purpose: the sandbox answers from this process's event loop.
async function runBareLoop({ installed, sandbox, DEMO }, expectedIds) {
	sandbox.clearRequests();
	const connections = countConnections(sandbox.server);
	const { stdout: out } = await execFileAsync(installed.nodeBin, [path.join(__dirname, '..', 'lib', 'bare-loop.js'), sandbox.url, DEMO.tokens.readonly, DEMO.locationId, '100'], {
		encoding: 'utf8',
		timeout: 120000,
	});
	const result = JSON.parse(out.trim().split('\n').pop());
	const requests = sandbox.requests.filter((r) => r.path === '/contacts/');
	return {
		tcpConnections: connections(),
		ms: result.ms,
		cpuMs: result.cpuMs,
		requests: requests.length,
		statuses: summarizeStatuses(requests),
		items: result.items,
		unique: result.unique,
		correct: result.items === expectedIds.size && result.unique === expectedIds.size,
	};
}

/** Runs A A2 B C, A A2 B C, … `rounds` times; returns { pack: [], packOAuth: [], builtin: [], bare: [] }. */
async function run(ctx, { rounds, log }) {
	const prepared = await setup(ctx);
	// One unmeasured pass each: n8n compiles the nodes' code paths on first use.
	await runInN8n(ctx, prepared.packWorkflowId, prepared.expectedIds);
	if (prepared.packOAuthWorkflowId) await runInN8n(ctx, prepared.packOAuthWorkflowId, prepared.expectedIds);
	await runInN8n(ctx, prepared.builtinWorkflowId, prepared.expectedIds);
	await runBareLoop(ctx, prepared.expectedIds);
	const results = { pack: [], packOAuth: [], builtin: [], bare: [], contacts: prepared.expectedIds.size };
	for (let round = 1; round <= rounds; round++) {
		const a = await runInN8n(ctx, prepared.packWorkflowId, prepared.expectedIds);
		results.pack.push(a);
		if (prepared.packOAuthWorkflowId) results.packOAuth.push(await runInN8n(ctx, prepared.packOAuthWorkflowId, prepared.expectedIds));
		const b = await runInN8n(ctx, prepared.builtinWorkflowId, prepared.expectedIds);
		results.builtin.push(b);
		const c = await runBareLoop(ctx, prepared.expectedIds);
		results.bare.push(c);
		log(
			`return-all round ${round}/${rounds}: pack ${a.ms?.toFixed(0)} ms ${a.requests} req ${a.items} items` +
				(results.packOAuth[round - 1] ? ` | pack/OAuth2 ${results.packOAuth[round - 1].ms?.toFixed(0)} ms` : '') +
				` | built-in ${b.ms?.toFixed(0)} ms ${b.requests} req ${b.items} items${b.error ? ` (${b.error.slice(0, 80)})` : ''}` +
				` | bare ${c.ms.toFixed(0)} ms ${c.requests} req`,
		);
	}
	return results;
}

module.exports = { run, checkItems };
