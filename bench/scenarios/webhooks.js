'use strict';
// Scenario 3: signed webhook deliveries through n8n's production webhook route.
//   plain     n8n's Webhook node v2 (POST, respond immediately): the reference
//   contacts  this pack's Contacts API Trigger v2, Signature Check "Auto", Ed25519
//   callbell  this pack's Callbell Trigger v2, signing secret set (HMAC-SHA256)
//   dialpad   this pack's Dialpad Trigger v2 (HS256 JWT bodies, the secret it registered)
// (bench/lib/contenders.js). Each at both settings of N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: the
// targets are at `true` (the setting the README recommends); n8n's default `false` gives every
// start node but its own Webhook node v2+ an expression isolate per request
// (n8n dist/webhooks/live-webhooks.js, webhookPhaseNeedsIsolate), a cap no node can lift.
// autocannon (in this process) keeps `connections` requests in flight for `durationSec`;
// every request carries a pool entry used once (unique id, fresh timestamp, signature over
// the exact bytes). After each run we wait until n8n has stored one execution per accepted
// delivery: "sustained" = executions finished per second of the whole period, load plus
// drain, so queued work cannot flatter a contender.
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
		const res = await fetch(url, { method: 'POST', headers: entry.headers, body: entry.body });
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
	const tag = `${contender.name}-${Date.now()}`;
	const pool = contender.pool ? contender.pool(settings.poolSize, tag) : signedPool(settings.poolSize, { privateKey: contender.key.privateKey, tag });
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
	const rss = { before: stopped[0].before, peak: stopped[0].peak, cpuMs: stopped.some((s) => s.cpuMs === undefined) ? undefined : stopped.reduce((sum, s) => sum + s.cpuMs, 0) };
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
		rssBefore: rss.before,
	};
}

/** Seconds of the uncounted run of each contender before round 1. */
const WARMUP_SECONDS = 5;

/**
 * Scenario 3: the pack's three triggers beside n8n's Webhook node v2, each setting of
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE in its own n8n process (regular mode, SQLite), both kept
 * up; every round runs each contender once per setting, the contender order rotating by one
 * per round (so no contender always follows the same one, nor always meets the same heap).
 * Callbell and Dialpad triggers register at their own sandbox per n8n (Callbell keeps one
 * webhook per account).
 * run({ installed, tarball, n8nEnv }, { rounds, connections, durationSec, poolSize, settings, log })
 * → { startedAt, finishedAt, loadBefore, loadAfter, contenders: [{ name, label }],
 *     settings: { true: { <name>: [runOne result, …] }, false: {…} } }
 */
async function run({ installed, tarball, n8nEnv }, { rounds, connections, durationSec, poolSize, settings: lazyValues = ['true', 'false'], log }) {
	const fs = require('fs');
	const os = require('os');
	const path = require('path');
	const runner = require('../../scripts/runner');
	const { startBenchN8n } = require('../lib/n8n-session');
	const { prepareContenders } = require('../lib/contenders');
	const { startCallbellSandbox } = require('../../test/sandbox/callbell/server');
	const { startDialpadSandbox } = require('../../test/sandbox/dialpad/server');
	const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));
	// The control with a credential runs at the target setting only (it explains, it is no target).
	const namesFor = (lazy) => (lazy === 'true' ? ['plain', 'contacts', 'callbell', 'dialpad', 'plainAuth'] : ['plain', 'contacts', 'callbell', 'dialpad']);
	const out = { startedAt: new Date().toISOString(), loadBefore: loadAverage(), connections, durationSec, rounds, contenders: [], settings: {} };
	const stops = [];
	const sessions = {};
	try {
		for (const lazy of lazyValues) {
			const sandboxes = { callbell: await startCallbellSandbox({ port: 0, rateLimit: { enabled: false } }), dialpad: await startDialpadSandbox({ port: 0, rateLimit: { enabled: false } }) };
			stops.push(() => sandboxes.callbell.close(), () => sandboxes.dialpad.close());
			const logFile = path.join(runner.RUNNER_DIR, `bench-n8n-webhooks-lazy-${lazy}.log`);
			fs.rmSync(logFile, { force: true });
			const session = await startBenchN8n({ installed, tarball, logFile, free: true, extraEnv: { ...n8nEnv, N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: lazy } });
			stops.push(() => session.close());
			log(`webhooks: n8n with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=${lazy} ready on ${session.n8n.url} (${session.n8n.startSeconds.toFixed(1)} s)`);
			const contenders = await prepareContenders({ api: session.api, sandboxes }, namesFor(lazy));
			sessions[lazy] = { session, contenders };
			for (const c of contenders) if (!out.contenders.some((x) => x.name === c.name)) out.contenders.push({ name: c.name, label: c.label });
			out.settings[lazy] = Object.fromEntries(contenders.map((c) => [c.name, []]));
		}
		const settings = { connections, durationSec, poolSize };
		// Not counted: the first runs after n8n's start are the slowest of every contender (its
		// own start-up work and the first executions of each workflow under load).
		out.warmupSec = Math.min(WARMUP_SECONDS, durationSec);
		for (const lazy of lazyValues) {
			const { session, contenders } = sessions[lazy];
			for (const c of contenders) {
				const r = await runOne({ api: session.api, n8n: session.n8n }, c, { ...settings, durationSec: out.warmupSec });
				log(`webhooks warm-up (not counted), lazy=${lazy}: ${c.name.padEnd(8)} ${r.requestsPerSec.toFixed(0)} req/s, CPU ${r.cpuMsPerDelivery?.toFixed(1)} ms/delivery`);
			}
		}
		for (let round = 1; round <= rounds; round++) {
			for (const lazy of lazyValues) {
				const { session, contenders } = sessions[lazy];
				const order = contenders.map((_, i) => contenders[(i + round - 1) % contenders.length]);
				for (const c of order) {
					const r = await runOne({ api: session.api, n8n: session.n8n }, c, settings);
					r.load = os.loadavg()[0];
					out.settings[lazy][c.name].push(r);
					log(
						`webhooks round ${round}/${rounds}, lazy=${lazy}: ${c.name.padEnd(8)} ${r.requestsPerSec.toFixed(0)} req/s, sustained ${r.sustainedPerSec.toFixed(1)}/s, ` +
							`p50 ${r.p50} ms, CPU ${r.cpuMsPerDelivery?.toFixed(1)} ms/delivery, peak RSS ${(r.rssPeak / 2 ** 20).toFixed(0)} MiB, non-2xx ${r.non2xx}`,
					);
				}
			}
		}
	} finally {
		for (const stop of stops.reverse()) await stop().catch((e) => log(`webhooks: stopping: ${e.message}`));
	}
	out.finishedAt = new Date().toISOString();
	out.loadAfter = loadAverage();
	return out;
}

module.exports = { run, createActiveWorkflow, webhookUrl, warmUp, runOne, TRIGGER_TYPE };
