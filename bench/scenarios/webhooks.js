'use strict';
// Scenario 3: signed webhook deliveries through n8n's production webhook route.
//   A  this pack's Contacts API Trigger, Signature Check "Auto", our Ed25519 public key
//   B  n8n's plain Webhook node v2 (POST, respond immediately), same bodies and headers
//   B1 the plain Webhook node at typeVersion 1 (control): n8n gives its own Webhook node
//      v2+ a fast path that skips the expression isolate of the webhook phase; every other
//      start node, v1 Webhooks and this pack's trigger included, pays for one per delivery
// autocannon (in this process) keeps `connections` requests in flight for `durationSec`;
// every request carries a pool entry used once (unique webhookId, fresh timestamp, Ed25519
// signature over the exact bytes). After each run we wait until n8n has stored one
// execution per accepted delivery: "sustained" = executions finished per second of the
// whole period, load plus drain, so queued work cannot flatter a contender.
const crypto = require('crypto');
const { countExecutions } = require('../lib/n8n-session');
const { startRssSampler } = require('../lib/rss');
const { makeSigningKey, signedPool, fire } = require('../lib/signed-load');

const TRIGGER_TYPE = 'n8n-nodes-contacts-api.contactsApiTrigger';

async function createActiveWorkflow(api, node) {
	const workflow = await api.createWorkflow({
		name: `bench: ${node.name}`,
		nodes: [{ id: crypto.randomUUID(), position: [0, 0], webhookId: crypto.randomUUID(), ...node }],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	await api.activateWorkflow(workflow.id);
	return workflow.id;
}

async function setup({ api }) {
	const types = new Set((await api.nodeTypes()).map((t) => t.name));
	const key = makeSigningKey();
	const plainPath = `bench-plain-${crypto.randomUUID()}`;
	let triggerWorkflowId;
	if (types.has(TRIGGER_TYPE)) {
		triggerWorkflowId = await createActiveWorkflow(api, {
			name: 'Contacts API Trigger',
			type: TRIGGER_TYPE,
			typeVersion: 2,
			parameters: { events: ['*'], signatureMode: 'auto', ed25519PublicKey: key.publicKeyPem, options: {} },
		});
	}
	const plainWorkflowId = await createActiveWorkflow(api, {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		parameters: { httpMethod: 'POST', path: plainPath, responseMode: 'onReceived', options: {} },
	});
	const plainV1WorkflowId = await createActiveWorkflow(api, {
		name: 'Webhook v1',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 1,
		parameters: { httpMethod: 'POST', path: `bench-plain-v1-${crypto.randomUUID()}`, responseMode: 'onReceived', options: {} },
	});
	return { key, triggerWorkflowId, plainWorkflowId, plainV1WorkflowId, triggerLoaded: types.has(TRIGGER_TYPE) };
}

/**
 * The production URL n8n registers for a workflow's trigger: the node type's `default`
 * webhook path (a `path` parameter when it is an expression on it), prefixed with the
 * node's webhookId unless the description marks the path as full.
 */
async function webhookUrl(api, workflowId) {
	const wf = await api.getWorkflow(workflowId);
	const node = wf.nodes[0];
	const description = (await api.nodeTypes()).find((t) => t.name === node.type && [].concat(t.version).includes(node.typeVersion));
	const hook = ((description && description.webhooks) || []).find((w) => w.name === 'default') || {};
	let p = String(hook.path ?? '');
	if (p.startsWith('=')) p = /\$parameter\[?["'.]?path/.test(p) ? String(node.parameters.path || '') : '';
	if (!p) p = String(node.parameters.path || '');
	const fullPath = hook.isFullPath === true || hook.isFullPath === '={{$parameter["isFullPath"]}}' || node.type === 'n8n-nodes-base.webhook';
	const route = fullPath ? p : `${node.webhookId}/${p}`;
	return `${api.url}/webhook/${route.replace(/^\/+/, '')}`;
}

/** Sends a few deliveries until the route answers (activation can lag ~1 s). */
async function warmUp(url, pool, count) {
	const deadline = Date.now() + 15000;
	let sent = 0;
	let status;
	while (sent < count) {
		const entry = pool[sent];
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ghl-signature': entry.signature }, body: entry.body });
		status = res.status;
		await res.arrayBuffer();
		if (res.status === 404 && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 200));
			continue;
		}
		if (res.status !== 200) throw new Error(`warm-up delivery to ${url} answered ${res.status}`);
		sent += 1;
	}
	return status;
}

/** `count()` resolves to a number of executions; defaults to what n8n's editor API lists. */
const countWith = (api, workflowId, count) => count || (() => countExecutions(api, workflowId));

async function waitForExecutions(api, workflowId, target, { timeoutMs = 120000, count: counter } = {}) {
	const countNow = countWith(api, workflowId, counter);
	const deadline = Date.now() + timeoutMs;
	let count = await countNow();
	while (count < target && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 100));
		count = await countNow();
	}
	return count;
}

/** Waits until n8n has stored every execution already started (the count stops moving). */
async function settle(api, workflowId, { quietMs = 1000, timeoutMs = 120000, count: counter } = {}) {
	const countNow = countWith(api, workflowId, counter);
	const deadline = Date.now() + timeoutMs;
	let count = await countNow();
	let stableSince = Date.now();
	while (Date.now() - stableSince < quietMs && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 200));
		const now = await countNow();
		if (now !== count) {
			count = now;
			stableSince = Date.now();
		}
	}
	return count;
}

/**
 * One load run against contender.url. `ctx.pids` (default: the n8n process) are the processes
 * whose CPU time is summed per delivery; `contender.count` (default: the editor API's count)
 * counts the workflow's executions, e.g. only finished ones in queue mode.
 */
async function runOne({ api, n8n, pids }, contender, settings) {
	const pool = signedPool(settings.poolSize, { privateKey: contender.key.privateKey, tag: `${contender.name}-${Date.now()}` });
	const counting = { count: contender.count };
	const before = await settle(api, contender.workflowId, counting);
	const samplers = (pids || [n8n.pid]).map((pid) => startRssSampler(pid));
	const t0 = Date.now();
	const result = await fire({ url: contender.url, pool, connections: settings.connections, durationSec: settings.durationSec });
	const loadMs = Date.now() - t0;
	const ok = result['2xx'];
	const executions = (await waitForExecutions(api, contender.workflowId, before + ok, counting)) - before;
	const totalMs = Date.now() - t0;
	const stopped = samplers.map((s) => s.stop());
	const rss = { peak: stopped[0].peak, cpuMs: stopped.some((s) => s.cpuMs === undefined) ? undefined : stopped.reduce((sum, s) => sum + s.cpuMs, 0) };
	const cpuPerDelivery = executions > 0 && rss.cpuMs !== undefined ? rss.cpuMs / executions : undefined;
	return {
		sent: result.sent,
		ok,
		non2xx: result.non2xx,
		errors: result.errors,
		timeouts: result.timeouts,
		statusCodes: result.statusCodeStats,
		requestsPerSec: (ok / loadMs) * 1000,
		p50: result.latency.p50,
		p99: result.latency.p99,
		executions,
		drainMs: totalMs - loadMs,
		sustainedPerSec: (executions / totalMs) * 1000,
		poolExhausted: result.exhausted,
		cpuMsPerDelivery: cpuPerDelivery,
		rssPeak: rss.peak,
	};
}

async function run(ctx, { rounds, connections, durationSec, poolSize, log }) {
	const prepared = await setup(ctx);
	const settings = { connections, durationSec, poolSize };
	const results = { trigger: [], plain: [], plainV1: [], connections, durationSec, triggerLoaded: prepared.triggerLoaded };
	const contender = async (name, workflowId) => ({ name, key: prepared.key, workflowId, url: await webhookUrl(ctx.api, workflowId) });
	const order = [];
	if (prepared.triggerLoaded) order.push(await contender('trigger', prepared.triggerWorkflowId));
	order.push(await contender('plain', prepared.plainWorkflowId));
	order.push(await contender('plainV1', prepared.plainV1WorkflowId));
	const warm = signedPool(100 * order.length, { privateKey: prepared.key.privateKey, tag: `warm-${Date.now()}` });
	for (const [i, c] of order.entries()) await warmUp(c.url, warm.slice(i * 100), 100);
	for (let round = 1; round <= rounds; round++) {
		for (const c of order) {
			const r = await runOne(ctx, c, settings);
			results[c.name].push(r);
			log(
				`webhooks round ${round}/${rounds}: ${c.name.padEnd(7)} ${r.requestsPerSec.toFixed(0)} req/s, sustained ${r.sustainedPerSec.toFixed(0)}/s, ` +
					`p50 ${r.p50} ms, p99 ${r.p99} ms, n8n CPU ${r.cpuMsPerDelivery?.toFixed(1)} ms/delivery, non-2xx ${r.non2xx}`,
			);
		}
	}
	return results;
}

module.exports = { run, createActiveWorkflow, webhookUrl, warmUp, runOne, TRIGGER_TYPE };
