#!/usr/bin/env node
'use strict';
// Diagnostic, not part of `npm run bench`: where n8n's CPU goes per webhook delivery, per
// contender. One n8n 2.41.1 (regular mode, N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true unless
// PROFILE_LAZY=false) is started with the V8 inspector on 127.0.0.1; the contenders of
// bench/lib/contenders.js take turns under the same autocannon load as scenario 3 (A B A B …),
// and the V8 CPU profiler runs only during each contender's load + drain. Output:
//   bench/results/profiles/<name>-<round>.cpuprofile  (open in Chrome DevTools / speedscope)
//   a table on stdout: per contender, CPU ms per delivery by where it was spent (inclusive
//   time of the pack steps named in PACK_STEPS, else the frames named in CATEGORIES) and the functions
//   whose inclusive time per delivery differs most from the reference (the first contender).
// Run it under the shared lock:
//   flock /tmp/n8n-heavy.lock node bench/profile.js
// Environment: PROFILE_CONTENDERS [plain,contacts] (plain, contacts, callbell, dialpad),
// PROFILE_ROUNDS [2], PROFILE_SECONDS [6], PROFILE_CONNECTIONS [10], PROFILE_INTERVAL_US [250],
// PROFILE_LAZY [true], PROFILE_N8N_ENV (extra n8n environment, K=V,K2=V2), BENCH_SKIP_BUILD.
const fs = require('fs');
const path = require('path');
const WebSocket = require('ws');
const runner = require('../scripts/runner');
const { startBenchN8n } = require('./lib/n8n-session');
const { prepareContenders } = require('./lib/contenders');
const { runOne } = require('./scenarios/webhooks');

const env = (name, fallback) => process.env[name] || fallback;
const CONTENDERS = env('PROFILE_CONTENDERS', 'plain,contacts').split(',');
const ROUNDS = Number(env('PROFILE_ROUNDS', 2));
const SECONDS = Number(env('PROFILE_SECONDS', 6));
const CONNECTIONS = Number(env('PROFILE_CONNECTIONS', 10));
const INTERVAL_US = Number(env('PROFILE_INTERVAL_US', 250));
const OUT = path.join(__dirname, 'results', 'profiles');

/**
 * Where a sample's time is counted. First the pack's own steps (PACK_STEPS): the first of them,
 * from the leaf up, whose function is on the sample's stack takes the sample, so each step holds
 * everything it called synchronously (n8n's helpers, typeorm's query building) and nothing of
 * the asynchronous database work it queued; other samples with a frame of the pack go to "pack:
 * other trigger code". Other samples go to the first rule of CATEGORIES (in
 * this order) that matches a frame of their stack, searched from the leaf to the root. GC and
 * idle are counted apart by V8.
 */
const inPack = (f) => /n8n-nodes-contacts-api/.test(f.url);
const PACK_STEPS = [
	['pack: keep-marked loop (dedup.ts tick)', (f) => inPack(f) && /^(tick|keepMarkedUntilAnswered|awaitAnswer)$/.test(f.functionName)],
	['pack: execute(): processed-data check (executed.ts, with n8n\'s helper)', (f) => inPack(f) && /^(alreadyExecuted|checkBatched|drain|checkOnce)$/.test(f.functionName)],
	['pack: execute(): the rest (persistInExecution, persistSyncState)', (f) => inPack(f) && /^(executeDelivered|persistInExecution|persistSyncState)$/.test(f.functionName)],
	['pack: webhook(): credential read (getCredentials)', (f) => /^_?getCredentials$/.test(f.functionName)],
	['pack: webhook(): duplicate record (checkAndRecord)', (f) => inPack(f) && f.functionName === 'checkAndRecord'],
	['pack: webhook(): signature check', (f) => inPack(f) && /^(verifyDelivery|verifyJwt|verifySignature)$/.test(f.functionName)],
	['pack: webhook(): Echo Guard (guardIsOn, guardDelivery)', (f) => inPack(f) && /^(guardIsOn|guardDelivery|guardMessage|guardContactEvent)$/.test(f.functionName)],
];
const CATEGORIES = [
	['n8n: static data save (saveStaticData)', (f) => /saveStaticData/.test(f.functionName)],
	['n8n: static data load for the execution (getStaticDataById)', (f) => /getStaticDataById/.test(f.functionName)],
	['n8n: expression isolate (acquire/createContext/isolated-vm)', (f) => /isolated-vm|acquireBridgeSync|IsolatePool|createBridge|isolate-pool|isolated-vm-bridge/.test(f.url + f.functionName)],
	['n8n: expressions (evaluate)', (f) => /expression-runtime|expression\.js|workflow-data-proxy/.test(f.url)],
	['n8n: Workflow/ObservableObject construction', (f) => /observable-object/.test(f.url) || f.functionName === 'Workflow'],
	['n8n: execution save/update (executions repository)', (f) => /execution\.repository|execution-persistence|executions\/.*repository/.test(f.url)],
	['n8n: database driver (sqlite/typeorm)', (f) => /sqlite3|typeorm/.test(f.url)],
	['n8n: workflow execution (n8n-core)', (f) => /n8n-core\/dist\/execution-engine/.test(f.url)],
	['n8n: webhook request path (n8n/dist/webhooks)', (f) => /n8n\/dist\/webhooks/.test(f.url)],
	['HTTP / express / body parsing', (f) => /express|body-parser|raw-body|node:_http|_http_/.test(f.url)],
];

function log(m) {
	process.stderr.write(`[profile ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
}

async function inspector(port) {
	const deadline = Date.now() + 30000;
	let list;
	while (!list) {
		try {
			list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	const ws = new WebSocket(list[0].webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1 << 30 });
	await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
	let id = 0;
	const pending = new Map();
	ws.on('message', (data) => {
		const msg = JSON.parse(data.toString());
		if (msg.id && pending.has(msg.id)) {
			const { resolve, reject } = pending.get(msg.id);
			pending.delete(msg.id);
			if (msg.error) reject(new Error(msg.error.message));
			else resolve(msg.result);
		}
	});
	const send = (method, params = {}) =>
		new Promise((resolve, reject) => {
			id += 1;
			pending.set(id, { resolve, reject });
			ws.send(JSON.stringify({ id, method, params }));
		});
	return { send, close: () => ws.close() };
}

/** Inclusive µs per category and per function (name + file), idle excluded. */
function analyse(profile) {
	const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
	const dt = new Map();
	profile.samples.forEach((s, i) => dt.set(s, (dt.get(s) || 0) + (profile.timeDeltas[i + 1] ?? 0)));
	const cats = {};
	const fns = {};
	const self = {};
	let busy = 0;
	for (const [leafId, us] of dt) {
		const leaf = nodes.get(leafId);
		const leafName = leaf.callFrame.functionName;
		if (leafName === '(idle)') continue;
		busy += us;
		const stack = [];
		for (let id = leafId; id !== undefined; id = parent.get(id)) stack.push(nodes.get(id).callFrame);
		const selfKey = `${leafName || '(anonymous)'} ${short(leaf.callFrame.url)}:${leaf.callFrame.lineNumber + 1}`;
		self[selfKey] = (self[selfKey] || 0) + us;
		let cat = leafName === '(garbage collector)' ? 'V8: garbage collector' : leafName === '(program)' ? 'V8: (program)' : undefined;
		if (!cat) cat = firstRule(stack, PACK_STEPS) ?? (stack.some(inPack) ? 'pack: other trigger code' : firstRule(stack, CATEGORIES));
		cat = cat || 'other';
		cats[cat] = (cats[cat] || 0) + us;
		const seen = new Set();
		for (const frame of stack) {
			const key = `${frame.functionName || '(anonymous)'} ${short(frame.url)}:${frame.lineNumber + 1}`;
			if (seen.has(key)) continue;
			seen.add(key);
			fns[key] = (fns[key] || 0) + us;
		}
	}
	return { busy, cats, fns, self };
}

/** The name of the first rule that a frame of `stack` (leaf first) matches. */
function firstRule(stack, rules) {
	for (const frame of stack) {
		const hit = rules.find(([, test]) => test(frame));
		if (hit) return hit[0];
	}
	return undefined;
}

function short(url) {
	return String(url || '')
		.replace(/^file:\/\//, '')
		.replace(/.*node_modules\//, '')
		.replace(/^.*\/(n8n-nodes-contacts-api)\//, '$1/');
}

function addInto(target, source) {
	for (const [k, v] of Object.entries(source)) target[k] = (target[k] || 0) + v;
}

async function main() {
	const installed = await runner.ensureRunner({ version: '2.41.1' });
	const tarball = runner.packPack({ onlyBuilt: false });
	fs.mkdirSync(OUT, { recursive: true });
	const sandboxes = {};
	if (CONTENDERS.includes('callbell')) {
		const { startCallbellSandbox } = require('../test/sandbox/callbell/server');
		sandboxes.callbell = await startCallbellSandbox({ port: 0, rateLimit: { enabled: false } });
	}
	if (CONTENDERS.includes('dialpad')) {
		const { startDialpadSandbox } = require('../test/sandbox/dialpad/server');
		sandboxes.dialpad = await startDialpadSandbox({ port: 0, rateLimit: { enabled: false } });
	}
	const [inspectPort] = await runner.freePorts(1);
	const extraEnv = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: env('PROFILE_LAZY', 'true'), NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}` };
	for (const kv of env('PROFILE_N8N_ENV', '').split(',').filter(Boolean)) extraEnv[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
	const logFile = path.join(runner.RUNNER_DIR, 'profile-n8n.log');
	fs.rmSync(logFile, { force: true });
	const session = await startBenchN8n({ installed, tarball, logFile, free: true, extraEnv });
	const load = [];
	try {
		log(`n8n ready (${session.n8n.startSeconds.toFixed(1)} s), inspector on ${inspectPort}`);
		const cdp = await inspector(inspectPort);
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL_US });
		const contenders = await prepareContenders({ api: session.api, sandboxes }, CONTENDERS);
		const totals = Object.fromEntries(contenders.map((c) => [c.name, { deliveries: 0, cpuMs: 0, busy: 0, cats: {}, fns: {}, self: {}, runs: [] }]));
		const settings = { connections: CONNECTIONS, durationSec: SECONDS, poolSize: Math.max(2000, SECONDS * 1500) };
		for (let round = 1; round <= ROUNDS; round++) {
			for (const c of contenders) {
				load.push(require('os').loadavg()[0]);
				await cdp.send('Profiler.start');
				const r = await runOne({ api: session.api, n8n: session.n8n }, c, settings);
				const { profile } = await cdp.send('Profiler.stop');
				fs.writeFileSync(path.join(OUT, `${c.name}-${round}.cpuprofile`), JSON.stringify(profile));
				const a = analyse(profile);
				const t = totals[c.name];
				t.deliveries += r.executions;
				t.cpuMs += r.cpuMsPerDelivery * r.executions;
				t.busy += a.busy;
				addInto(t.cats, a.cats);
				addInto(t.fns, a.fns);
				addInto(t.self, a.self);
				t.runs.push(r);
				log(`round ${round} ${c.name.padEnd(9)} ${r.sustainedPerSec.toFixed(1)}/s, CPU ${r.cpuMsPerDelivery.toFixed(2)} ms/delivery (process), sampled JS ${(a.busy / 1000 / r.executions).toFixed(2)} ms/delivery, p50 ${r.p50} ms, non-2xx ${r.non2xx}`);
			}
		}
		cdp.close();
		report(contenders, totals, load);
	} finally {
		await session.close();
		for (const s of Object.values(sandboxes)) await s.close();
	}
}

function report(contenders, totals, load) {
	const per = (t, us) => us / 1000 / t.deliveries;
	const ref = totals[contenders[0].name];
	const lines = [];
	lines.push(`load average (1 min) at each run: ${load.map((l) => l.toFixed(2)).join(' ')}`, '');
	lines.push(`| ms per delivery | ${contenders.map((c) => c.label).join(' | ')} |`, `|---|${contenders.map(() => '---:').join('|')}|`);
	lines.push(`| deliveries profiled | ${contenders.map((c) => totals[c.name].deliveries).join(' | ')} |`);
	lines.push(`| sustained deliveries/s (median run) | ${contenders.map((c) => median(totals[c.name].runs.map((r) => r.sustainedPerSec)).toFixed(1)).join(' | ')} |`);
	lines.push(`| n8n process CPU (/proc) | ${contenders.map((c) => (totals[c.name].cpuMs / totals[c.name].deliveries).toFixed(2)).join(' | ')} |`);
	lines.push(`| JS thread busy (profiler) | ${contenders.map((c) => per(totals[c.name], totals[c.name].busy).toFixed(2)).join(' | ')} |`);
	const catNames = [...new Set(contenders.flatMap((c) => Object.keys(totals[c.name].cats)))].sort((a, b) => (totals[contenders[1]?.name || contenders[0].name].cats[b] || 0) - (totals[contenders[1]?.name || contenders[0].name].cats[a] || 0));
	for (const cat of catNames) lines.push(`| ${cat} | ${contenders.map((c) => per(totals[c.name], totals[c.name].cats[cat] || 0).toFixed(2)).join(' | ')} |`);
	for (const c of contenders.slice(1)) {
		const t = totals[c.name];
		const keys = new Set([...Object.keys(t.fns), ...Object.keys(ref.fns)]);
		const diffs = [...keys].map((k) => [k, per(t, t.fns[k] || 0) - per(ref, ref.fns[k] || 0), per(t, t.fns[k] || 0), per(ref, ref.fns[k] || 0)]).sort((a, b) => b[1] - a[1]);
		lines.push('', `Inclusive ms/delivery, ${c.label} minus ${contenders[0].label} (largest 40):`, '');
		for (const [k, d, a, b] of diffs.slice(0, 40)) lines.push(`  ${d.toFixed(3).padStart(7)}  (${a.toFixed(3)} vs ${b.toFixed(3)})  ${k}`);
		const selfDiffs = Object.keys({ ...t.self, ...ref.self }).map((k) => [k, per(t, t.self[k] || 0) - per(ref, ref.self[k] || 0)]).sort((a, b) => b[1] - a[1]);
		lines.push('', `Self ms/delivery, ${c.label} minus ${contenders[0].label} (largest 25):`, '');
		for (const [k, d] of selfDiffs.slice(0, 25)) lines.push(`  ${d.toFixed(3).padStart(7)}  ${k}`);
	}
	const text = lines.join('\n') + '\n';
	fs.writeFileSync(path.join(OUT, 'summary.md'), text);
	process.stdout.write(text);
}

function median(values) {
	const s = [...values].sort((a, b) => a - b);
	return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
}

main().catch((error) => {
	log(`FAILED: ${error.stack || error}`);
	process.exit(1);
});
