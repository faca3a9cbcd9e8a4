'use strict';
// Turns the results of bench/run.js into docs/benchmarks.md.
const fs = require('fs');
const path = require('path');
const { median, medianOf, fmt, ratio, pct, mib, series } = require('./lib/stats');

const ANALYSIS = path.join(__dirname, 'analysis.md');

const yes = (ok) => (ok === undefined ? '–' : ok ? 'yes' : '**no**');
const met = (ok) => (ok === undefined ? 'n/a' : ok ? 'met' : '**missed**');
const allTrue = (runs, pick) => (runs.length ? runs.every(pick) : undefined);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const escape = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function statusList(statuses) {
	return Object.entries(statuses || {})
		.map(([s, n]) => `${n}×${s}`)
		.join(', ');
}

function firstError(runs) {
	const r = runs.find((x) => x.error);
	return r ? escape(r.error).slice(0, 300) : 'none';
}

function summaryRows(results) {
	const rows = [];
	const ra = results.returnAll;
	if (ra) {
		const requests = median(ra.pack.map((r) => r.requests));
		const packMs = medianOf(ra.pack, (r) => r.ms);
		const bareMs = medianOf(ra.bare, (r) => r.ms);
		const builtinReq = median(ra.builtin.map((r) => r.requests));
		rows.push([
			`1. Return All ${fmt(ra.contacts)} contacts: HTTP requests`,
			fmt(requests),
			`built-in: ${fmt(builtinReq)} (${allTrue(ra.builtin, (r) => r.correct) ? 'complete' : 'fails'}); bare loop: ${fmt(median(ra.bare.map((r) => r.requests)))}`,
			'–',
			'= 100',
			met(requests === 100 && allTrue(ra.pack, (r) => r.correct)),
		]);
		const oauthMs = ra.packOAuth && ra.packOAuth.length ? medianOf(ra.packOAuth, (r) => r.ms) : undefined;
		rows.push([
			'1. Return All: wall time',
			fmt(packMs, 0, 'ms'),
			`bare loop: ${fmt(bareMs, 0, 'ms')}${oauthMs !== undefined ? `; this pack with its OAuth2 credential: ${fmt(oauthMs, 0, 'ms')} (${ratio(oauthMs, bareMs)})` : ''}`,
			ratio(packMs, bareMs),
			'≤ 1.15× bare',
			met(packMs / bareMs <= 1.15),
		]);
	}
	const cr = results.creates;
	if (cr) {
		const share = medianOf(cr.pack, (r) => r.rateShare);
		const lost = Math.max(...cr.pack.map((r) => r.lost));
		const dup = Math.max(...cr.pack.map((r) => r.duplicates));
		// Contacts stored without any of the emails sent (results before this figure lack it).
		const unmatched = Math.max(...cr.pack.map((r) => r.unmatched || 0));
		rows.push([
			`2. ${fmt(cr.count)} creates under ${cr.limit.max} req / ${cr.limit.intervalMs / 1000} s: share of the allowed rate`,
			pct(share, 1),
			`built-in: ${cr.builtin.some((r) => r.lost > 0) ? `lost ${fmt(median(cr.builtin.map((r) => r.lost)))} items` : pct(medianOf(cr.builtin, (r) => r.rateShare), 1)}`,
			'–',
			'≥ 90 %',
			met(share >= 0.9),
		]);
		rows.push([
			'2. Creates: items lost / duplicates (worst run)',
			`${lost} / ${dup}`,
			`built-in: ${Math.max(...cr.builtin.map((r) => r.lost))} / ${Math.max(...cr.builtin.map((r) => r.duplicates))}`,
			'–',
			'0 / 0',
			met(lost === 0 && dup === 0 && unmatched === 0),
		]);
	}
	const wh = results.webhooks;
	if (wh && wh.settings) {
		const sustained = (runs) => medianOf(runs, (r) => r.sustainedPerSec);
		const cpu = (runs) => medianOf(runs, (r) => r.cpuMsPerDelivery);
		const peak = (runs) => medianOf(runs, (r) => r.rssPeak);
		const on = wh.settings.true;
		const off = wh.settings.false;
		const withAuth = (set, pick, decimals, unit) =>
			set && set.plainAuth && set.plainAuth.length ? `; Webhook v2 + Header Auth (control with a credential): ${fmt(pick(set.plainAuth), decimals, unit)}` : '';
		for (const c of wh.contenders.filter((x) => x.name !== 'plain' && x.name !== 'plainAuth')) {
			const credentialed = c.name === 'callbell' || c.name === 'dialpad';
			if (on) {
				const rate = sustained(on[c.name]) / sustained(on.plain);
				const cost = cpu(on[c.name]) / cpu(on.plain);
				rows.push([
					`3. ${c.label} (lazy acquisition on): sustained deliveries/s`,
					fmt(sustained(on[c.name]), 1, '/s'),
					`Webhook v2: ${fmt(sustained(on.plain), 1, '/s')}${credentialed ? withAuth(on, sustained, 1, '/s') : ''}`,
					ratio(rate, 1),
					'≥ 0.9× Webhook v2',
					met(rate >= 0.9),
				]);
				rows.push([
					`3. ${c.label} (lazy acquisition on): n8n CPU per delivery`,
					fmt(cpu(on[c.name]), 1, 'ms'),
					`Webhook v2: ${fmt(cpu(on.plain), 1, 'ms')}${credentialed ? withAuth(on, cpu, 1, 'ms') : ''}`,
					ratio(cost, 1),
					'≤ 1.15× Webhook v2',
					met(cost <= 1.15),
				]);
				const mem = peak(on[c.name]) / peak(on.plain);
				rows.push([`3. ${c.label} (lazy acquisition on): n8n peak RSS under the load`, mib(peak(on[c.name])), `Webhook v2: ${mib(peak(on.plain))}`, ratio(mem, 1), '≤ 1.15× Webhook v2', met(mem <= 1.15)]);
			}
			if (off) {
				rows.push([
					`3. ${c.label} at n8n's defaults (lazy acquisition off): sustained deliveries/s`,
					fmt(sustained(off[c.name]), 1, '/s'),
					`Webhook v2: ${fmt(sustained(off.plain), 1, '/s')}; CPU per delivery ${fmt(cpu(off[c.name]), 1, 'ms')} vs ${fmt(cpu(off.plain), 1, 'ms')} (${ratio(cpu(off[c.name]), cpu(off.plain))}); cap set by n8n (live-webhooks.js \`webhookPhaseNeedsIsolate\`)`,
					ratio(sustained(off[c.name]), sustained(off.plain)),
					'– (n8n\'s cap)',
					'–',
				]);
			}
		}
	}
	const ws = results.webhookSettings;
	if (ws) {
		const sustained = (runs) => medianOf(runs, (r) => r.sustainedPerSec);
		const cpu = (runs) => medianOf(runs, (r) => r.cpuMsPerDelivery);
		if (ws.regular) rows.push([
			'6. Trigger v2, `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true`: executions/s',
			fmt(sustained(ws.regular.on), 0, '/s'),
			`n8n's default (false): ${fmt(sustained(ws.regular.off), 0, '/s')}; n8n CPU per delivery ${fmt(cpu(ws.regular.on), 0, 'ms')} vs ${fmt(cpu(ws.regular.off), 0, 'ms')}`,
			ratio(sustained(ws.regular.on), sustained(ws.regular.off)),
			'–',
			'–',
		]);
		if (ws.queue && ws.queue.onePlain) {
			for (const [n, label] of [
				['one', '1 webhook processor'],
				['two', '2 webhook processors'],
			]) {
				const rate = sustained(ws.queue[n]) / sustained(ws.queue[`${n}Plain`]);
				const cost = cpu(ws.queue[n]) / cpu(ws.queue[`${n}Plain`]);
				rows.push([`6. Queue mode, ${label}: Contacts API Trigger executions/s`, fmt(sustained(ws.queue[n]), 1, '/s'), `Webhook v2: ${fmt(sustained(ws.queue[`${n}Plain`]), 1, '/s')}`, ratio(rate, 1), '≥ 0.9× Webhook v2', met(rate >= 0.9)]);
				rows.push([`6. Queue mode, ${label}: CPU per delivery (webhook processors + workers)`, fmt(cpu(ws.queue[n]), 1, 'ms'), `Webhook v2: ${fmt(cpu(ws.queue[`${n}Plain`]), 1, 'ms')}`, ratio(cost, 1), '≤ 1.15× Webhook v2', met(cost <= 1.15)]);
			}
		}
		if (ws.queue) {
			rows.push([
				'6. Queue mode through nginx, 2 webhook processors: executions/s',
				fmt(sustained(ws.queue.two), 0, '/s'),
				`1 webhook processor: ${fmt(sustained(ws.queue.one), 0, '/s')}; answered ${fmt(medianOf(ws.queue.two, (r) => r.requestsPerSec), 0, '/s')} vs ${fmt(medianOf(ws.queue.one, (r) => r.requestsPerSec), 0, '/s')}`,
				ratio(sustained(ws.queue.two), sustained(ws.queue.one)),
				'–',
				'–',
			]);
		}
	}
	const oa = results.otherApis;
	if (oa) {
		const d = oa.dialpad.runs;
		const c = oa.callbell.runs;
		rows.push([
			`7. Dialpad Return All, ${fmt(oa.dialpad.calls)} calls with int64 ids: every id exact, once`,
			`${allTrue(d, (r) => r.correct && r.exactIds) ? 'all runs exact' : '**not exact**'}; ${fmt(median(d.map((r) => r.requests)))} requests`,
			`${fmt(oa.dialpad.expectedPages)} pages of ${oa.dialpad.pageSize}; ${fmt(medianOf(d, (r) => r.ms), 0, 'ms')}, n8n CPU ${fmt(medianOf(d, (r) => r.cpuMs), 0, 'ms')}`,
			ratio(median(d.map((r) => r.requests)), oa.dialpad.expectedPages),
			'exact, once; 1.00× the pages',
			met(allTrue(d, (r) => r.correct && r.exactIds && r.requests === oa.dialpad.expectedPages)),
		]);
		rows.push([
			`7. Callbell paging, Return All of ${fmt(oa.callbell.contacts)} contacts: every contact once`,
			`${allTrue(c, (r) => r.correct) ? 'all runs complete' : '**incomplete**'}; ${fmt(median(c.map((r) => r.requests)))} requests`,
			`${fmt(oa.callbell.expectedPages)} pages of ${oa.callbell.pageSize}; ${fmt(medianOf(c, (r) => r.ms), 0, 'ms')}, n8n CPU ${fmt(medianOf(c, (r) => r.cpuMs), 0, 'ms')}`,
			ratio(median(c.map((r) => r.requests)), oa.callbell.expectedPages),
			'once; 1.00× the pages',
			met(allTrue(c, (r) => r.correct && r.requests === oa.callbell.expectedPages)),
		]);
	}
	const sig = results.signature;
	if (sig) {
		const ratios = signatureRatios(sig.figures);
		if (ratios.length) {
			for (const { name, value } of ratios) rows.push([`4. Signature check cost (${name}) vs bare crypto.verify`, ratio(value, 1), '–', ratio(value, 1), '≤ 1.2×', met(value <= 1.2)]);
		} else {
			rows.push(['4. Signature check cost vs bare crypto.verify', sig.available ? (sig.failed ? 'script failed' : 'see section 4') : 'not available', '–', '–', '≤ 1.2×', 'n/a']);
		}
	}
	const cold = results.cold;
	if (cold) {
		const main = cold.runtimes[0];
		rows.push([`5. Cold load of the pack (${main.files} files, median of ${cold.samples})`, fmt(main.packMs, 1, 'ms'), `n8n-workflow itself: ${fmt(main.workflowMs, 0, 'ms')}`, '–', '≤ 50 ms', met(main.packMs <= 50)]);
		rows.push(['5. Packed tarball', `${fmt(cold.tarball.bytes / 1024, 1)} KiB`, `unpacked ${fmt(cold.tarball.unpackedBytes / 1024, 0)} KiB, ${cold.tarball.files} files`, '–', '–', '–']);
	}
	return rows;
}

/** Finds "ratio"-like numbers in the signature bench's JSON, whatever its exact shape. */
function signatureRatios(figures) {
	const out = [];
	const walk = (value, trail) => {
		if (value && typeof value === 'object') {
			for (const [k, v] of Object.entries(value)) walk(v, [...trail, k]);
		} else if (typeof value === 'number' && /ratio/i.test(trail[trail.length - 1] || '')) {
			out.push({ name: trail.slice(0, -1).join(' ') || trail.join(' '), value });
		}
	};
	if (figures) walk(figures, []);
	return out;
}

function returnAllSection(ra) {
	const hasControl = ra.packOAuth && ra.packOAuth.length > 0;
	const cols = hasControl ? [ra.pack, ra.packOAuth, ra.builtin, ra.bare] : [ra.pack, ra.builtin, ra.bare];
	const heads = hasControl
		? ['A: this pack (token credential)', 'A2: this pack (OAuth2 credential, control)', 'B: built-in HighLevel v2', 'C: bare fetch loop']
		: ['A: this pack', 'B: built-in HighLevel v2', 'C: bare fetch loop'];
	const packMs = medianOf(ra.pack, (r) => r.ms);
	const bareMs = medianOf(ra.bare, (r) => r.ms);
	const med = (c, pick) => medianOf(c, pick);
	const isBuiltin = (c) => c === ra.builtin;
	const isBare = (c) => c === ra.bare;
	const trail = (ra.builtin[ra.builtin.length - 1] || {}).trail || [];
	return [
		`## 1. Return All of ${fmt(ra.contacts)} contacts`,
		'',
		ranLine(ra.ran),
		"Contenders: **A** this pack's Contacts API node (Contact → Get Many, Return All) with its Private Integration token credential; " +
			(hasControl ? "**A2** the same node with the pack's OAuth2 credential holding the same token (a control: see the analysis); " : '') +
			"**B** n8n's built-in HighLevel node v2 (Contact → Get Many, Return All); **C** a bare `fetch` loop over the same pages in its own process on the Node that runs n8n (the limit). " +
			`Run as ${hasControl ? 'A A2 B C, A A2 B C' : 'A B C, A B C'}, … after one unmeasured warm-up pass each; the sandbox's rate limit is off here (100 pages are exactly one full window of the documented limit, so back-to-back runs would measure the wait). ` +
			"Wall time is n8n's own clock for the node (run data `startTime` → end); for C, first request to last parsed page. Requests and statuses are the sandbox's record. RSS and CPU are the n8n main process (RSS sampled every 20 ms; CPU from /proc until the execution was stored, which includes saving 10,000 items); for C, the loop process's own CPU.",
		'',
		table(
			['figure (median of runs)', ...heads, 'A ÷ C'],
			[
				['HTTP requests', ...cols.map((c) => fmt(median(c.map((r) => r.requests)))), ratio(median(ra.pack.map((r) => r.requests)), median(ra.bare.map((r) => r.requests)))],
				['answers', ...cols.map((c) => statusList(c[0] && c[0].statuses)), '–'],
				['TCP connections the sandbox accepted', ...cols.map((c) => (isBuiltin(c) ? 'n/a (via the proxy)' : fmt(med(c, (r) => r.tcpConnections)))), '–'],
				['items out', ...cols.map((c) => fmt(median(c.map((r) => r.items)))), '–'],
				['correct (every item exactly once, all runs)', ...cols.map((c) => yes(allTrue(c, (r) => r.correct))), '–'],
				['wall time', ...cols.map((c) => `${fmt(med(c, (r) => r.ms), 0, 'ms')}${isBuiltin(c) && !allTrue(c, (r) => r.correct) ? ' (until it failed)' : ''}`), ratio(packMs, bareMs)],
				['wall time, each run (ms)', ...cols.map((c) => series(c, (r) => r.ms)), '–'],
				['CPU time', ...cols.map((c) => fmt(med(c, (r) => r.cpuMs), 0, 'ms')), ratio(med(ra.pack, (r) => r.cpuMs), med(ra.bare, (r) => r.cpuMs))],
				['whole execution (n8n)', ...cols.map((c) => (isBare(c) ? '–' : fmt(med(c, (r) => r.executionMs), 0, 'ms'))), '–'],
				['peak RSS of n8n during the run', ...cols.map((c) => (isBare(c) ? 'n/a (no n8n)' : mib(med(c, (r) => r.rssPeak)))), '–'],
				['RSS growth during the run', ...cols.map((c) => (isBare(c) ? '–' : mib(med(c, (r) => r.rssGrowth)))), '–'],
				['node error', ...cols.map((c) => (isBare(c) ? '–' : firstError(c))), '–'],
			],
		),
		'',
		`What the built-in node sent, page by page (last run): ${trail.map((t) => `page ${t.page}: query \`${t.query.join(', ') || '(none)'}\` → ${t.status}`).join('; ') || 'nothing'}.`,
		ra.proxyConnects ? `Its traffic went through the TLS-intercepting proxy (${ra.proxyConnects.accepted} CONNECT tunnels to services.leadconnectorhq.com in this scenario, ${ra.proxyConnects.refused.length} refused to other hosts).` : '',
		'',
	].join('\n');
}

function createsSection(cr) {
	const cols = [cr.pack, cr.builtin];
	const row = (label, pick, decimals = 0, unit = '') => [label, ...cols.map((c) => fmt(medianOf(c, pick), decimals, unit))];
	return [
		`## 2. ${fmt(cr.count)} creates under the rate limit`,
		'',
		ranLine(cr.ran),
		`Sandbox limit: ${cr.limit.max} requests per ${fmt(cr.limit.intervalMs)} ms, sliding window per token, the documented \`X-RateLimit-*\` headers, no \`Retry-After\` (none is documented). ` +
			`${cr.limit.max === 100 && cr.limit.intervalMs === 10000 ? 'This is the documented limit, not scaled.' : `**Scaled** from the documented 100 per 10 s.`} ` +
			`Every run starts on an empty window and an empty location that allows duplicates (so a create sent twice shows up as a second contact). ` +
			`**A** this pack's Contacts API node, Contact → Create, default settings. **B** the built-in HighLevel node v2, Contact → "Create or Update" (its only create; it posts to \`/contacts/upsert/\`), **Retry On Fail on with its defaults** (3 tries, 1000 ms apart). Run A B, A B, …`,
		'',
		`Share of the allowed rate = the fastest legal time for the accepted writes (request k may go at ⌊k / ${cr.limit.max}⌋ · ${cr.limit.intervalMs / 1000} s; ${fmt(cr.fastestLegalMs / 1000, 0)} s for ${fmt(cr.count)}) ÷ the time from the first write to the last accepted one (sandbox clock). Only defined when nothing was lost.`,
		'',
		table(
			['figure (median of runs)', 'A: this pack', 'B: built-in HighLevel v2 + Retry On Fail'],
			[
				row('node time', (r) => r.ms / 1000, 1, 's'),
				['node time, each run', ...cols.map((c) => series(c, (r) => r.ms / 1000, 1) + ' s')],
				row('write requests sent', (r) => r.requests),
				row('accepted (2xx)', (r) => r.accepted),
				row('refused with 429', (r) => r.rejected429),
				row('other failed writes', (r) => r.otherErrors),
				row('accepted writes per second, first write → last accepted', (r) => r.perSecond, 2),
				// Only meaningful for a client that sends one write at a time.
				['wait after a 429 until the next write (median over all 429s of all runs)', fmt(median(cr.pack.flatMap((r) => r.waitAfter429Ms || [])), 0, 'ms'), 'n/a (all items at once)'],
				['burst: first write after a wait → the 429 that ends it (median)', fmt(median(cr.pack.flatMap((r) => r.burstMs || [])), 0, 'ms'), 'n/a (all items at once)'],
				['share of the allowed rate', ...cols.map((c) => (c.some((r) => r.lost > 0) ? 'n/a (items lost)' : pct(medianOf(c, (r) => r.rateShare), 1)))],
				['items lost (each run)', ...cols.map((c) => series(c, (r) => r.lost))],
				['duplicates created (each run)', ...cols.map((c) => series(c, (r) => r.duplicates))],
				['contacts stored without a sent email (each run)', ...cols.map((c) => series(c, (r) => r.unmatched || 0))],
				['writes re-sent for items already written', ...cols.map((c) => series(c, (r) => r.resent))],
				row('items out of the node', (r) => r.itemsOut),
				['execution status', ...cols.map((c) => c.map((r) => r.status).join(' / '))],
				['node error', firstError(cr.pack), firstError(cr.builtin)],
				['peak RSS of n8n', ...cols.map((c) => mib(medianOf(c, (r) => r.rssPeak)))],
			],
		),
		'',
	].join('\n');
}

/** "Run of <start> to <end>; load average (1 / 5 / 15 min) a before, b after." */
function ranLine(ran) {
	if (!ran) return '';
	const load = (l) => (l || []).join(' / ');
	return `Run of ${ran.startedAt} to ${ran.finishedAt}; load average (1 / 5 / 15 min) ${load(ran.loadBefore)} before, ${load(ran.loadAfter)} after.\n`;
}

function webhooksSection(wh) {
	if (!wh.settings) return '## 3. Signed webhooks through n8n\n\n(Result of an older bench version: not rendered.)\n';
	const contenders = wh.contenders;
	const lines = [
		'## 3. Signed webhooks through n8n: the three triggers beside Webhook v2',
		'',
		ranLine(wh.ran),
		`Contenders, each in an active workflow holding only it (bench/lib/contenders.js): **Webhook v2** n8n's own Webhook node (POST, respond immediately), fed the Contacts API deliveries; **Contacts API Trigger** v2, Signature Check "Auto", ContactCreate deliveries with a unique \`webhookId\` and fresh \`timestamp\`, \`x-ghl-signature\` = Ed25519 over the exact body; **Callbell Trigger** v2 with a signing secret, \`contact_created\` envelopes with a unique contact, \`X-Callbell-Signature\` (t, HMAC-SHA256); **Dialpad Trigger** v2, \`call.hangup\` events with a unique int64 \`call_id\` and fresh \`event_timestamp\`, sent as HS256 JWTs with the secret the trigger registered at the Dialpad sandbox. Every trigger keeps its duplicate record on. ` +
			`autocannon, ${wh.connections} connections for ${wh.durationSec} s per run, every delivery used once. ` +
			(wh.warmupSec ? `Before round 1 every contender ran once for ${wh.warmupSec} s under the same load, not counted (without it, every contender's round-1 run was its slowest: n8n's own start-up work and the first executions of each workflow). ` : '') +
			'Each setting of `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE` has its own n8n process (regular mode, SQLite), both up for the whole scenario; each round runs every contender once per setting, the order rotating by one per round. ' +
			'*Sustained* = executions n8n stored ÷ (load time + time until the last one was stored). *n8n CPU per delivery* = CPU time of the n8n process over the run ÷ executions stored (/proc; far less disturbed by other load than the rates). *Peak RSS* = the highest RSS of that n8n process sampled every 20 ms during a run, median over the contender\'s runs (the process is shared by the contenders: its heap carries over from run to run, which the rotating order spreads over the contenders). **Webhook v2 + Header Auth** is a control, not a target: n8n\'s Webhook node with a credential, which n8n loads per request and (like the credentials of any start node) checks for access before every execution, as it does for the Callbell and Dialpad Triggers.',
		'',
	];
	for (const [lazy, title] of [
		['true', '`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true` (the targets; the setting the README recommends)'],
		['false', "n8n's default (`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=false`)"],
	]) {
		const set = wh.settings[lazy];
		if (!set) continue;
		const here = contenders.filter((c) => set[c.name]);
		const cols = here.map((c) => set[c.name]);
		const triggers = here.slice(1);
		const row = (label, pick, decimals = 0, unit = '') => {
			const v = cols.map((c) => medianOf(c, pick));
			return [label, ...v.map((x) => fmt(x, decimals, unit)), ...triggers.map((_, i) => ratio(v[i + 1], v[0]))];
		};
		const peak = (c) => medianOf(c, (r) => r.rssPeak);
		lines.push(
			`### ${title}`,
			'',
			table(
				['figure (median of runs)', ...here.map((c) => c.label), ...triggers.map((c) => `${c.label.replace(' Trigger', '')} ÷ Webhook v2`)],
				[
					row('sustained deliveries per second', (r) => r.sustainedPerSec, 1),
					['sustained, each run', ...cols.map((c) => series(c, (r) => r.sustainedPerSec, 1)), ...triggers.map(() => '–')],
					row('answered 2xx per second during the load', (r) => r.requestsPerSec),
					row('n8n CPU per delivery', (r) => r.cpuMsPerDelivery, 1, 'ms'),
					['n8n CPU per delivery, each run (ms)', ...cols.map((c) => series(c, (r) => r.cpuMsPerDelivery, 1)), ...triggers.map(() => '–')],
					row('latency p50', (r) => r.p50, 0, 'ms'),
					row('latency p99', (r) => r.p99, 0, 'ms'),
					['peak RSS of n8n during a run', ...cols.map((c) => mib(peak(c))), ...triggers.map((_, i) => ratio(peak(cols[i + 1]), peak(cols[0])))],
					['peak RSS, each run (MiB)', ...cols.map((c) => series(c, (r) => r.rssPeak / 2 ** 20)), ...triggers.map(() => '–')],
					['RSS growth during a run', ...cols.map((c) => mib(medianOf(c, (r) => r.rssPeak - r.rssBefore))), ...triggers.map(() => '–')],
					row('deliveries answered 2xx', (r) => r.ok),
					row('non-2xx answers', (r) => r.non2xx),
					row('socket errors / timeouts', (r) => r.errors + r.timeouts),
					row('executions stored', (r) => r.executions),
					row('drain after the load', (r) => r.drainMs, 0, 'ms'),
					['load average (1 min) at each run', ...cols.map((c) => series(c, (r) => r.load, 1)), ...triggers.map(() => '–')],
				],
			),
			'',
		);
	}
	return lines.join('\n');
}

const SECTION_START = '<!-- bench-section:webhook-settings -->';
const SECTION_END = '<!-- /bench-section:webhook-settings -->';

/** Rows shared by both tables of section 6: the figures of scenario 3, A against B. */
function loadRows(a, b) {
	const row = (label, pick, decimals = 0, unit = '') => {
		const v = [a, b].map((c) => medianOf(c, pick));
		return [label, ...v.map((x) => fmt(x, decimals, unit)), ratio(v[1], v[0])];
	};
	return [
		row('answered 2xx per second during the load', (r) => r.requestsPerSec),
		row('executions per second, load + drain', (r) => r.sustainedPerSec, 1),
		['executions per second, each run', series(a, (r) => r.sustainedPerSec, 1), series(b, (r) => r.sustainedPerSec, 1), '–'],
		row('n8n CPU per delivery', (r) => r.cpuMsPerDelivery, 1, 'ms'),
		['n8n CPU per delivery, each run (ms)', series(a, (r) => r.cpuMsPerDelivery, 1), series(b, (r) => r.cpuMsPerDelivery, 1), '–'],
		row('latency p50', (r) => r.p50, 0, 'ms'),
		row('latency p99', (r) => r.p99, 0, 'ms'),
		row('deliveries sent (the last ones still in flight when the load stops)', (r) => r.sent),
		row('deliveries answered 2xx', (r) => r.ok),
		row('non-2xx answers', (r) => r.non2xx),
		row('socket errors / timeouts', (r) => r.errors + r.timeouts),
		// Can exceed the 2xx count by the deliveries in flight when autocannon stopped.
		row('executions', (r) => r.executions),
		row('drain after the load', (r) => r.drainMs, 0, 'ms'),
	];
}

/** "1.8× the executions per second (12 → 22/s) and 0.4× the CPU per delivery (90 → 35 ms)". */
function effect(a, b) {
	const sa = medianOf(a, (r) => r.sustainedPerSec);
	const sb = medianOf(b, (r) => r.sustainedPerSec);
	const ca = medianOf(a, (r) => r.cpuMsPerDelivery);
	const cb = medianOf(b, (r) => r.cpuMsPerDelivery);
	const aa = medianOf(a, (r) => r.requestsPerSec);
	const ab = medianOf(b, (r) => r.requestsPerSec);
	return (
		`${ratio(sb, sa)} the executions per second (${fmt(sa, 1)} → ${fmt(sb, 1)}/s), ${ratio(ab, aa)} the deliveries answered per second (${fmt(aa, 0)} → ${fmt(ab, 0)}/s) ` +
		`and ${ratio(cb, ca)} the n8n CPU per delivery (${fmt(ca, 1)} → ${fmt(cb, 1)} ms)`
	);
}

/**
 * Section 6 (bench/scenarios/webhook-settings.js). Carries its own date, machine and load,
 * between markers, so that a run of only this scenario can replace it in an existing report
 * (mergeSections) without touching the other tables.
 */
function webhookSettingsSection(ws, m = {}) {
	const load = (l) => (l || []).join(' / ');
	const lazy = '`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE`';
	const lines = [
		SECTION_START,
		ws.regular ? '## 6. Webhook throughput: lazy isolate acquisition, and 1 vs 2 webhook processors' : '## 6. Queue mode: 1 vs 2 webhook processors, the trigger beside Webhook v2',
		'',
		`Run of ${ws.startedAt} (to ${ws.finishedAt}), ${ws.rounds} alternating rounds, medians reported. Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, shared with other work; ` +
			(ws.regular ? `load average (1 / 5 / 15 min) ${load(ws.regular.loadBefore)} before part a, ${load(ws.regular.loadAfter)} after it` : 'load average (1 / 5 / 15 min)') +
			(ws.queue ? `${ws.regular ? ',' : ''} ${load(ws.queue.loadBefore)} before part b, ${load(ws.queue.loadAfter)} after it` : '') +
			`. n8n ${m.n8n} on Node ${m.n8nNode}; this pack ${m.pack}${m.commit ? ` at ${m.commit}` : ''}.`,
		'',
		`Contender in every column: this pack's Contacts API Trigger at **typeVersion 2** (Signature Check "Auto", the run's Ed25519 key), one active workflow holding only the trigger; autocannon, ${ws.connections} connections for ${ws.durationSec} s per run, ` +
			'ContactCreate deliveries from a pre-signed pool (unique `webhookId`, fresh `timestamp`, `x-ghl-signature` = Ed25519 over the exact body), 100 warm-up deliveries first. ' +
			'*Executions per second* = executions finished ÷ (load time + time until the last one finished); *n8n CPU per delivery* = CPU time of the n8n processes that handle deliveries over the run ÷ executions (read from /proc; far less disturbed by other load than the rates).',
		'',
		`${lazy} is n8n 2.41.1's \`expressionEngine.lazyAcquire\` (@n8n/config \`dist/configs/expression-engine.config.js\`, default \`false\`), handed to the expression engine by \`n8n start\`, \`n8n webhook\` and \`n8n worker\` (\`dist/commands/base-command.js\`). ` +
			'With it, acquiring an isolate only opens a scope and the isolate is taken on the first expression that reaches the engine (@n8n/expression-runtime `evaluator/expression-evaluator.js`, `acquire`). ' +
			"n8n acquires one for the webhook phase of every start node except its own Webhook node v2+ (`dist/webhooks/live-webhooks.js`, `webhookPhaseNeedsIsolate`), and isolates are single-use, so at the default every delivery to a community trigger builds one; at typeVersion 2 the trigger's webhook phase evaluates no expression, so with the setting it builds none.",
		'',
	];
	if (ws.regular) {
		lines.push(
			`### a. Regular mode (\`n8n start\`, SQLite): ${lazy}=false vs =true`,
			'',
			'Two n8n processes, one per setting, started one after the other and then both kept up; the load alternates false, true, false, true, … (the other process idles meanwhile). CPU is the loaded n8n process.',
			'',
			table(['figure (median of runs)', 'false (n8n default)', 'true', 'true ÷ false'], loadRows(ws.regular.off, ws.regular.on)),
			'',
			`In this run ${lazy}=true gave ${effect(ws.regular.off, ws.regular.on)}.`,
			'',
		);
	} else {
		lines.push('Regular mode at both settings, for all three triggers beside Webhook v2, is section 3.', '');
	}
	if (ws.queue) {
		const q = ws.queue;
		const statuses = (st) => statusList(st) || '–';
		lines.push(
			`### b. Queue mode through the shipped nginx: 1 vs 2 webhook processors (${q.workers} workers, ${lazy}=${q.lazyAcquire})`,
			'',
			`One cluster of scripts/runner/queue.js (PostgreSQL ${q.versions?.postgres}, Redis ${q.versions?.redis}, nginx ${q.versions?.nginx}; main, ${q.workers} workers at concurrency 10, 2 webhook processors) and two nginx instances rendered from scripts/runner/queue/nginx.conf: one whose upstream holds both webhook processors (the cluster's own), one holding only the first. ` +
				'Same database, workers and warm processes; each column has its own trigger workflow; the load alternates 1, 2, 1, 2, …. Executions are counted in PostgreSQL once finished (`stoppedAt` set), so the rate is work the workers completed. CPU is the sum over both webhook processors and the workers (main and PostgreSQL left out).',
			'',
			table(['figure (median of runs)', '1 webhook processor', '2 webhook processors', '2 ÷ 1'], loadRows(q.one, q.two)),
			'',
			`Execution statuses of the two workflows just before the cluster was stopped (warm-ups${q.twoFlipped && q.twoFlipped.length ? ' and b2' : ''} included; \`running\`: still executing at that moment): 1 processor ${statuses(q.oneStatuses)}; 2 processors ${statuses(q.twoStatuses)}.`,
			'',
			`In this run 2 webhook processors gave ${effect(q.one, q.two)}.`,
			'',
		);
		if (q.onePlain && q.onePlain.length) {
			lines.push(
				'The same cluster and nginx instances with an active workflow holding only n8n\'s Webhook node v2 (POST, respond immediately), fed the same deliveries; trigger and Webhook v2 alternate within each round (their order alternating per round). Same CPU scope.',
				'',
				'1 webhook processor:',
				'',
				table(['figure (median of runs)', 'Webhook v2', 'Contacts API Trigger', 'trigger ÷ Webhook v2'], loadRows(q.onePlain, q.one)),
				'',
				'2 webhook processors:',
				'',
				table(['figure (median of runs)', 'Webhook v2', 'Contacts API Trigger', 'trigger ÷ Webhook v2'], loadRows(q.twoPlain, q.two)),
				'',
			);
		}
		if (q.twoFlipped && q.twoFlipped.length) {
			const [off, on] = q.lazyAcquire ? [q.twoFlipped, q.two] : [q.two, q.twoFlipped];
			lines.push(
				`### b2. Queue mode, 2 webhook processors: ${lazy}=false vs =true`,
				'',
				`The 2-processor column of b, then the same cluster after its webhook processors and workers were restarted with ${lazy}=${!q.lazyAcquire} (main keeps its setting; it receives no delivery), ${q.twoFlipped.length} more runs on the same workflow. Measured after b, not alternated.`,
				'',
				table(['figure (median of runs)', 'false', 'true', 'true ÷ false'], loadRows(off, on)),
				'',
				`In this run ${lazy}=true gave the queue-mode cluster ${effect(off, on)}.`,
				'',
			);
		}
	}
	lines.push(SECTION_END, '');
	return lines.join('\n');
}

/**
 * The report `existing` with section 6 taken from `fresh` (a rendered report): replaced where
 * it was, else inserted before "How the built-in node reaches the sandbox" (or appended).
 */
function mergeSections(existing, fresh) {
	const start = fresh.indexOf(SECTION_START);
	const end = fresh.indexOf(SECTION_END);
	if (start < 0 || end < 0) return existing;
	const section = fresh.slice(start, end + SECTION_END.length);
	const i = existing.indexOf(SECTION_START);
	const j = existing.indexOf(SECTION_END);
	if (i >= 0 && j > i) return existing.slice(0, i) + section + existing.slice(j + SECTION_END.length);
	const anchor = existing.indexOf('## How the built-in node reaches the sandbox');
	if (anchor >= 0) return `${existing.slice(0, anchor)}${section}\n\n${existing.slice(anchor)}`;
	return `${existing.trimEnd()}\n\n${section}\n`;
}

/**
 * Re-renders the hand-written analysis at the end of an existing report from the current
 * bench/analysis.md, against that report's own run: its "Last full run" date and the status
 * words of its summary table (a merge of section 6 keeps both).
 */
function refreshAnalysis(existing) {
	const at = existing.indexOf('\n## Analysis');
	const startedAt = (existing.match(/^Last full run: (\S+),/m) || [])[1];
	if (at < 0 || !startedAt || !fs.existsSync(ANALYSIS)) return existing;
	const summary = existing.slice(existing.indexOf('## Summary against the targets'));
	const rows = summary
		.slice(0, summary.indexOf('\n## ', 3))
		.split('\n')
		.filter((l) => l.startsWith('| ') && !l.startsWith('| figure |'))
		.map((l) => l.slice(2, -2).split(' | '));
	return `${existing.slice(0, at + 1)}${renderAnalysis(fs.readFileSync(ANALYSIS, 'utf8'), { startedAt }, rows)}\n`;
}

function signatureSection(sig) {
	const lines = ['## 4. Signature check cost', '', ranLine(sig.ran)];
	if (!sig.available) return [...lines, `Not measured: ${sig.reason}.`, ''].join('\n');
	lines.push('`bench/signature.bench.js` (written with the trigger), run on the Node that runs n8n: the trigger\'s `verifyDelivery` (header lookup, cached key, strict base64, `crypto.verify`) against a bare `crypto.verify` with a key parsed once, in alternating rounds.', '');
	const f = sig.figures;
	if (f && (f.RSA || f.Ed25519)) {
		lines.push(
			table(
				['scheme', 'verifyDelivery', 'bare crypto.verify', 'ratio (median per-round)', 'parsing the PEM on every call (for reference)'],
				['RSA', 'Ed25519'].filter((k) => f[k]).map((k) => [k === 'RSA' ? 'RSA-4096 / SHA-256 (x-wh-signature)' : 'Ed25519 (x-ghl-signature)', fmt(f[k].moduleUs, 1, 'µs'), fmt(f[k].bareUs, 1, 'µs'), ratio(f[k].ratio, 1, 3), fmt(f[k].pemEveryRequestUs, 1, 'µs')]),
			),
			'',
			'Its full output:',
			'',
		);
	}
	if (sig.failed) lines.push('**The script failed.**', '', '```', (sig.stderr || '').trim().slice(-3000), '```', '');
	if (sig.stdout) lines.push('```', sig.stdout.trim().slice(0, 6000), '```', '');
	return lines.join('\n');
}

function echoGuardSection(guard) {
	const lines = ['## 8. Echo Guard cost per delivery', ''];
	lines.push(
		"`bench/echoGuard.bench.js`, run on the Node that runs n8n: the Contacts API Trigger's own work on a signed ContactUpdate (Ed25519 check of the raw body, JSON parse) with the Echo Guard off, and the same plus the guard's decision (receive state from static data, canonical values, stamp HMAC, ledger, state save), in alternating rounds. The guard makes no API call.",
		'',
	);
	if (guard.summary) lines.push(`Guard on/off per delivery (passed edit, dropped echo, state at its 2,000-entry cap): ${guard.summary}`, '');
	if (guard.failed) lines.push('**The script failed.**', '', '```', (guard.stderr || '').trim().slice(-3000), '```', '');
	if (guard.stdout) lines.push('```', guard.stdout.trim().slice(0, 6000), '```', '');
	return lines.join('\n');
}

function coldSection(cold) {
	return [
		'## 5. Cold load and package size',
		'',
		ranLine(cold.ran),
		`Each sample is a fresh \`node\` process that requires and instantiates every node and credential listed in package.json's \`n8n\` section from \`dist/\`, as n8n's loader does. \`n8n-workflow\` is required first and timed apart: inside n8n it is already loaded. Median of ${cold.samples} processes.`,
		'',
		table(
			['runtime', 'pack (all files)', 'each sample', 'n8n-workflow (apart)', 'slowest files (first sample)'],
			cold.runtimes.map((r) => [
				r.label,
				fmt(r.packMs, 1, 'ms'),
				r.runs.map((x) => x.toFixed(1)).join(' / '),
				fmt(r.workflowMs, 0, 'ms'),
				r.slowest.map((f) => `${f.file.replace(/^dist\//, '')} ${f.ms.toFixed(1)} ms`).join('; '),
			]),
		),
		'',
		cold.runtimes[0].missing.length ? `Not built, so not loaded: ${cold.runtimes[0].missing.join(', ')}.\n` : '',
		`Tarball \`${cold.tarball.file}\`: ${fmt(cold.tarball.bytes)} bytes packed, ${fmt(cold.tarball.unpackedBytes)} bytes unpacked, ${cold.tarball.files} files.`,
		'',
	].join('\n');
}

function otherApisSection(oa) {
	const cols = [oa.dialpad.runs, oa.callbell.runs];
	const row = (label, pick, decimals = 0, unit = '') => [label, ...cols.map((c) => fmt(medianOf(c, pick), decimals, unit))];
	return [
		'## 7. Return All against Dialpad (int64 ids) and Callbell (page numbers)',
		'',
		ranLine(oa.ran),
		`This pack's Dialpad node, Call → Get Many with Return All, against a Dialpad sandbox holding ${fmt(oa.dialpad.calls)} finished calls whose \`call_id\` (and master / entry point ids) lie beyond 2^53, sent as JSON numbers as Dialpad sends its int64 ids, in cursor pages of ${oa.dialpad.pageSize}; and its Callbell node, Contact → Get Many with Return All, against a Callbell sandbox holding ${fmt(oa.callbell.contacts)} contacts in page-number pages of ${oa.callbell.pageSize}. ` +
			'Rate limits off (the figure is the node, not a wait); one unmeasured pass each, then Dialpad and Callbell alternate. Wall time is n8n\'s own clock for the node; CPU is the n8n process until the execution was stored; requests are the sandbox\'s record. *Exact* = every id a string equal to the API\'s digits, each exactly once.',
		'',
		table(
			['figure (median of runs)', 'Dialpad: calls', 'Callbell: contacts'],
			[
				['items expected', fmt(oa.dialpad.calls), fmt(oa.callbell.contacts)],
				row('items out', (r) => r.items),
				['every item exactly once (all runs)', yes(allTrue(cols[0], (r) => r.correct)), yes(allTrue(cols[1], (r) => r.correct))],
				['ids exact (int64 as strings, all runs)', yes(allTrue(cols[0], (r) => r.exactIds)), yes(allTrue(cols[1], (r) => r.exactIds))],
				['requests (expected pages)', `${fmt(median(cols[0].map((r) => r.requests)))} (${fmt(oa.dialpad.expectedPages)})`, `${fmt(median(cols[1].map((r) => r.requests)))} (${fmt(oa.callbell.expectedPages)})`],
				row('failed requests', (r) => r.failedRequests),
				row('wall time (n8n clock)', (r) => r.ms, 0, 'ms'),
				['wall time, each run (ms)', ...cols.map((c) => series(c, (r) => r.ms))],
				row('n8n CPU', (r) => r.cpuMs, 0, 'ms'),
				['peak RSS of n8n', ...cols.map((c) => mib(medianOf(c, (r) => r.rssPeak)))],
				['node error', firstError(cols[0]), firstError(cols[1])],
			],
		),
		'',
		oa.specViolations && oa.specViolations.length ? `Sandbox spec violations: ${oa.specViolations.map(escape).join('; ')}.\n` : 'No request broke either sandbox\'s checks.\n',
	].join('\n');
}

function specViolationText(violations) {
	if (!violations) return '';
	const list = Object.entries(violations);
	if (!list.length) return 'No request of any contender broke the OpenAPI spec (the sandbox checks every request).';
	return `Requests that broke the OpenAPI spec, as the sandbox's checker reported them (all contenders): ${list.map(([m, n]) => `${n}× \`${escape(m)}\``).join('; ')}.`;
}

function renderReport(results) {
	const m = results.machine || {};
	const parts = [
		'# Benchmarks',
		'',
		'<!-- Generated by `npm run bench` (bench/run.js); do not edit by hand. The analysis at the end comes from bench/analysis.md. -->',
		'',
		`Last full run: ${results.startedAt}, ${fmt(results.totalSeconds, 0)} s in all, ${results.config.rounds} alternating rounds per comparison, medians reported.`,
		'',
		`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}; load average at start ${(m.loadAverage || []).join(' / ')} (the machine was shared with other work: absolute figures are noisy, ratios less so).`,
		'',
		`Versions: n8n ${m.n8n} (n8n-core ${m.n8nCore}, n8n-nodes-base ${m.n8nNodesBase}) on Node ${m.n8nNode}; bench and sandbox on Node ${m.node}; this pack ${m.pack}${m.commit ? ` at ${m.commit}` : ''}; autocannon ${m.autocannon}.`,
		'',
		results.missingBuildOutputs && results.missingBuildOutputs.length ? `**Not built at the time of this run** (left out of the pack): ${results.missingBuildOutputs.join(', ')}.\n` : '',
		results.n8nEnv && Object.keys(results.n8nEnv).length ? `**Experiment:** n8n ran with ${Object.entries(results.n8nEnv).map(([k, v]) => `\`${k}=${v}\``).join(', ')} (not n8n's defaults).\n` : 'n8n ran with its default settings, plus the proxy variables described below and `N8N_LOG_LEVEL=warn`.\n',
		results.failures && Object.keys(results.failures).length
			? `**Scenarios that failed in this run** (left out below): ${Object.entries(results.failures).map(([k, v]) => `${k}: ${escape(v)}`).join('; ')}.\n`
			: '',
		'## Summary against the targets',
		'',
		table(['figure', 'this pack', 'comparison', 'ratio', 'target', 'status'], summaryRows(results)),
		'',
	];
	if (results.returnAll) parts.push(returnAllSection(results.returnAll));
	if (results.creates) parts.push(createsSection(results.creates));
	if (results.webhooks) parts.push(webhooksSection(results.webhooks));
	if (results.signature) parts.push(signatureSection(results.signature));
	if (results.echoGuard) parts.push(echoGuardSection(results.echoGuard));
	if (results.cold) parts.push(coldSection(results.cold));
	if (results.webhookSettings) parts.push(webhookSettingsSection(results.webhookSettings, m));
	if (results.otherApis) parts.push(otherApisSection(results.otherApis));
	parts.push(
		'## How the built-in node reaches the sandbox',
		'',
		'The built-in HighLevel node v2 hard-codes `https://services.leadconnectorhq.com` (its `requestDefaults.baseURL`, and the OAuth2 credential\'s token URL). n8n 2.41 sends all node HTTP through `@n8n/backend-network`, which honours `HTTPS_PROXY` / `NO_PROXY` (`proxy-from-env`) and tunnels https targets with `CONNECT`; Node honours `NODE_EXTRA_CA_CERTS`. The bench starts n8n with `HTTPS_PROXY` pointing at a local proxy (bench/lib/tls-proxy.js) and `NODE_EXTRA_CA_CERTS` naming a CA made for the run: the proxy accepts CONNECT only for services.leadconnectorhq.com, terminates TLS with a certificate of that CA and hands the requests to the sandbox, which records them like any other. This is how n8n runs behind a TLS-inspecting corporate proxy; no hosts file, DNS or n8n code is touched. The pack talks plain `http://127.0.0.1` to the sandbox (no proxy). The built-in node\'s credential holds the token data n8n stores after the OAuth2 flow (`oauthTokenData` with `access_token` and `locationId`), created through the public API.',
		'',
		'One adjustment: the built-in node requests `/contacts/upsert/` and `/contacts/{id}/` with a trailing slash. The real API (Express, non-strict routing) treats them as `/contacts/upsert`; the sandbox\'s router is strict, so the proxy drops a trailing slash on any path but the collection path `/contacts/`.',
		'',
		specViolationText(results.specViolations),
		'',
	);
	if (fs.existsSync(ANALYSIS)) parts.push(renderAnalysis(fs.readFileSync(ANALYSIS, 'utf8'), results), '');
	return parts.filter((p) => p !== undefined).join('\n');
}

/**
 * bench/analysis.md is written by hand, from profiles and from the run named in its
 * `<!-- analysis-of: <startedAt> -->` line; it is rendered under a heading that says so. The
 * status words in it are `{{status:<start of a summary label>}}` placeholders filled from THIS
 * run's summary, so the analysis never calls a met target missed (or the reverse).
 */
function renderAnalysis(text, results, rows = summaryRows(results)) {
	const of = (text.match(/<!--\s*analysis-of:\s*(\S+)\s*-->/) || [])[1];
	const body = text
		.replace(/<!--\s*analysis-of:[^>]*-->\n?/, '')
		.replace(/\{\{status:([^}]+)\}\}/g, (_, label) => {
			const row = rows.find((r) => r[0].startsWith(label.trim()));
			return row ? `${row[5]} in the run above` : 'not measured in the run above';
		})
		.trim();
	const dated = of
		? of === results.startedAt
			? `Written for this run (${of}).`
			: `Written by hand for the run of ${of}, not for the run above (${results.startedAt}): the words "met"/"missed" below are filled in from the run above; every other figure quoted here is from the run or diagnostic named with it. Where they differ from the tables, the tables hold.`
		: 'Written by hand; the run it was written for is not recorded. The tables above hold.';
	return body.replace(/^(## [^\n]+\n)/, `$1\n> ${dated}\n`);
}

module.exports = { renderReport, renderAnalysis, signatureRatios, mergeSections, refreshAnalysis, webhookSettingsSection, summaryRows, table };
