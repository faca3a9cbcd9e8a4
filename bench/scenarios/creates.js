'use strict';
// Scenario 2: 1,000 contact creates under the documented rate limit (100 requests per
// 10 s, sliding window, per token; no Retry-After, as documented).
//   A  this pack's Contacts API node (contact → create), default settings
//   B  n8n's built-in HighLevel node v2 (contact → "Create or Update", which posts to
//      /contacts/upsert/), with Retry On Fail at its defaults (3 tries, 1000 ms apart)
// Before each run the contacts of the location and the limiter's windows are cleared, so
// every run starts on an empty window. The location allows duplicates, so a create sent
// twice shows up as a duplicate contact instead of being refused.
const { buildLinearWorkflow } = require('../../scripts/runner');
const { runSampled } = require('../lib/n8n-session');

const NODE_NAME = 'Node';

function inputItems(count) {
	return Array.from({ length: count }, (_, i) => ({
		email: `bench-${String(i).padStart(5, '0')}@example.com`,
		// The built-in node sends "phone": "" when Phone is empty, which the sandbox refuses
		// with 422; both contenders get the same full payload so the limit is what differs.
		phone: `+1415${String(5550000 + i).padStart(7, '0')}`,
		firstName: `Bench${i}`,
		lastName: 'Create',
	}));
}

/**
 * The pack's contact → create as the bench sets it, for the node's current version (the
 * workflow takes the last version listed). Since 1.1 Email and Phone are top-level
 * parameters: n8n drops an Additional Fields email/phone there (they show for version 1 only),
 * and every create then went out without them.
 */
const PACK_CREATE_PARAMETERS = {
	authentication: 'privateIntegration',
	resource: 'contact',
	operation: 'create',
	email: '={{ $json.email }}',
	phone: '={{ $json.phone }}',
	additionalFields: { firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}' },
};

async function setup({ api, credentials }, count) {
	const items = inputItems(count);
	const pack = await buildLinearWorkflow(
		api,
		[
			{
				type: 'n8n-nodes-contacts-api.contactsApi',
				name: NODE_NAME,
				parameters: PACK_CREATE_PARAMETERS,
				credentials: { contactsApi: credentials.contactsApiLimited },
			},
		],
		items,
		{ name: 'bench: Contacts API create ×1000' },
	);
	const builtin = await buildLinearWorkflow(
		api,
		[
			{
				type: 'n8n-nodes-base.highLevel',
				typeVersion: 2,
				name: NODE_NAME,
				parameters: {
					resource: 'contact',
					operation: 'create',
					email: '={{ $json.email }}',
					phone: '={{ $json.phone }}',
					additionalFields: { firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}' },
				},
				credentials: { highLevelOAuth2Api: credentials.highLevelOAuth2ApiLimited },
				// "Retry On Fail" switched on, "Max. Tries" and "Wait Between Tries" left at their defaults.
				settings: { retryOnFail: true },
			},
		],
		items,
		{ name: 'bench: HighLevel v2 create ×1000 (Retry On Fail)' },
	);
	const packWf = await api.createWorkflow(pack.workflow);
	const builtinWf = await api.createWorkflow(builtin.workflow);
	return { packWorkflowId: packWf.id, builtinWorkflowId: builtinWf.id, emails: items.map((i) => i.email) };
}

/**
 * What the location holds after a run, against the emails that were sent: `lost`, sent
 * emails with no contact; `duplicates`, contacts beyond the first for a sent email;
 * `unmatched`, contacts whose email is none of those sent (no email at all included). Those
 * are counted apart, never as duplicates of each other: a run whose creates lose the email
 * (the node's parameters read wrongly) shows as N unmatched, not as N lost and N − 1
 * duplicates of one empty email.
 */
function countCreates(sandbox, locationId, emails) {
	const stored = sandbox.store.order.map((id) => sandbox.store.contacts.get(id)).filter((c) => c && c.locationId === locationId);
	const sent = new Set(emails);
	const byEmail = new Map();
	let unmatched = 0;
	for (const c of stored) {
		if (sent.has(c.email)) byEmail.set(c.email, (byEmail.get(c.email) || 0) + 1);
		else unmatched++;
	}
	const lost = emails.filter((e) => !byEmail.has(e)).length;
	const duplicates = [...byEmail.values()].reduce((sum, n) => sum + (n - 1), 0);
	return { stored, lost, duplicates, unmatched };
}

function resetSandbox(sandbox, locationId) {
	for (const id of sandbox.store.order) {
		const c = sandbox.store.contacts.get(id);
		if (c && c.locationId === locationId) sandbox.store.contacts.delete(id);
	}
	sandbox.store.order = sandbox.store.order.filter((id) => sandbox.store.contacts.has(id));
	sandbox.clearRequests();
}

/**
 * The fastest any client can legally finish N requests under "M per I ms" starting on an
 * empty window: request k may go at floor(k / M) · I, so the last at floor((N − 1) / M) · I.
 */
function fastestLegalMs(n, max, intervalMs) {
	return Math.floor((n - 1) / max) * intervalMs;
}

async function runOne({ api, n8n, sandbox, createLocationId }, workflowId, emails, limit) {
	resetSandbox(sandbox, createLocationId);
	sandbox.limiter.configure({ ...limit, enabled: true });
	const started = Date.now();
	const { result } = await runSampled({ api, n8n }, workflowId, NODE_NAME, { timeoutMs: 600000 });
	const wallMs = Date.now() - started;
	const writes = sandbox.requests.filter((r) => r.method === 'POST' && /^\/contacts\/(upsert)?$/.test(r.path));
	const accepted = writes.filter((r) => r.status === 200 || r.status === 201);
	const first = writes[0];
	const lastAccepted = accepted[accepted.length - 1];
	const { stored, lost, duplicates, unmatched } = countCreates(sandbox, createLocationId, emails);
	// Time from the first write on the wire to the last accepted one, by the sandbox's clock.
	const spanMs = first && lastAccepted ? lastAccepted.at - first.at : undefined;
	const fastest = fastestLegalMs(accepted.length, limit.max, limit.intervalMs);
	const error = result.nodeError || result.workflowError;
	const pacing = pacingOf(writes);
	return {
		ms: result.nodeMs,
		executionMs: result.executionMs,
		wallMs,
		status: result.status,
		itemsOut: result.items.length,
		requests: writes.length,
		accepted: accepted.length,
		rejected429: writes.filter((r) => r.status === 429).length,
		otherErrors: writes.filter((r) => typeof r.status !== 'number' || (r.status >= 300 && r.status !== 429)).length,
		created: stored.length,
		lost,
		duplicates,
		unmatched,
		// Extra accepted writes beyond one per item: an upsert re-sent by a retry updates
		// instead of duplicating, but it still spends the rate limit.
		resent: Math.max(0, accepted.length - (emails.length - lost)),
		spanMs,
		// Share of the allowed rate: the legal minimum time for the writes that went through,
		// over the time they took. Only meaningful when nothing was lost.
		rateShare: lost === 0 && spanMs ? fastest / spanMs : undefined,
		perSecond: spanMs ? (accepted.length / spanMs) * 1000 : undefined,
		error: error ? `${error.httpCode ? `HTTP ${error.httpCode}: ` : ''}${error.message}` : undefined,
		// How the time went: after each 429, the wait until the next write; and each burst,
		// from the first write after a wait to the 429 that ended it.
		waitAfter429Ms: pacing.waits,
		burstMs: pacing.bursts,
		rssPeak: result.rss.peak,
	};
}

function pacingOf(writes) {
	const waits = [];
	const bursts = [];
	let burstStart = writes[0] && writes[0].at;
	for (let i = 0; i < writes.length; i++) {
		if (writes[i].status !== 429) continue;
		if (burstStart !== undefined) bursts.push(writes[i].at - burstStart);
		const next = writes.slice(i + 1).find((w) => w.status !== 429);
		if (next) waits.push(next.at - writes[i].at);
		burstStart = next && next.at;
	}
	return { waits, bursts };
}

async function run(ctx, { rounds, count, limit, log }) {
	const prepared = await setup(ctx, count);
	const results = { pack: [], builtin: [], count, limit, fastestLegalMs: fastestLegalMs(count, limit.max, limit.intervalMs) };
	for (let round = 1; round <= rounds; round++) {
		const a = await runOne(ctx, prepared.packWorkflowId, prepared.emails, limit);
		results.pack.push(a);
		log(`creates round ${round}/${rounds}: pack ${(a.ms / 1000).toFixed(1)} s, ${a.accepted} created, ${a.rejected429}×429, lost ${a.lost}, dup ${a.duplicates}, unmatched ${a.unmatched}, rate ${(a.rateShare * 100).toFixed(1)} %`);
		const b = await runOne(ctx, prepared.builtinWorkflowId, prepared.emails, limit);
		results.builtin.push(b);
		log(`creates round ${round}/${rounds}: built-in ${(b.ms / 1000).toFixed(1)} s, ${b.accepted} written, ${b.rejected429}×429, lost ${b.lost}, dup ${b.duplicates}, unmatched ${b.unmatched}${b.error ? ` (${b.error.slice(0, 80)})` : ''}`);
	}
	return results;
}

module.exports = { run, fastestLegalMs, resetSandbox, countCreates, inputItems, PACK_CREATE_PARAMETERS };
