'use strict';
// Scenario 7: Return All against the two other APIs of the pack, each on its own sandbox in
// this process (rate limits off: the figure is the node's work, not a wait).
//   Dialpad  Call → Get Many, Return All over `calls` finished calls whose call_id (and
//            master/entry point ids) lie beyond 2^53 (int64, as Dialpad's ids are): every id
//            must come out exactly as the API sent it; cursor pages of `dialpadPage`
//   Callbell Contact → Get Many, Return All over `contacts` contacts: page-number pages of
//            the documented 50 (the sandbox's Callbell page size)
// Each run: n8n's own clock for the node, n8n's CPU until the execution was stored, the
// sandbox's request count, every item exactly once. Nothing is asserted.
const { buildLinearWorkflow } = require('../../scripts/runner');
const { runSampled } = require('../lib/n8n-session');
const { checkItems } = require('./return-all');

const NODE_NAME = 'Node';
const INT64_BASE = 9007199254800000n;

async function workflowWith(api, node, name) {
	const { workflow } = await buildLinearWorkflow(api, [{ name: NODE_NAME, ...node }], [{}], { name });
	return (await api.createWorkflow(workflow)).id;
}

async function runOnce({ api, n8n }, sandbox, workflowId, path, expected, idOf) {
	sandbox.clearRequests();
	const { result, cpuMs } = await runSampled({ api, n8n }, workflowId, NODE_NAME, { timeoutMs: 300000 });
	const requests = sandbox.requests.filter((r) => r.path === path);
	const ids = result.items.map(idOf);
	return {
		ms: result.nodeMs,
		cpuMs,
		requests: requests.length,
		failedRequests: requests.filter((r) => Number(r.status) >= 400).length,
		...checkItems(ids.map((id) => ({ id })), expected),
		// Every id is a string equal to the API's digits (a JSON number would have lost them).
		exactIds: ids.every((id) => typeof id === 'string' && expected.has(id)),
		rssPeak: result.rss.peak,
		error: result.nodeError ? String(result.nodeError.message) : result.workflowError ? String(result.workflowError.message) : undefined,
	};
}

/**
 * run({ api, n8n }, { rounds, calls, contacts, dialpadPage, log })
 * → { dialpad: { runs, calls, pageSize, expectedPages }, callbell: { runs, contacts, pageSize, expectedPages } }
 */
async function run(ctx, { rounds, calls, contacts, dialpadPage, log }) {
	const { startDialpadSandbox, DIALPAD_DEMO } = require('../../test/sandbox/dialpad/server');
	const { startCallbellSandbox, CALLBELL_DEMO } = require('../../test/sandbox/callbell/server');
	const dialpad = await startDialpadSandbox({ port: 0, pageSize: dialpadPage, rateLimit: { enabled: false }, endpointLimits: false });
	const callbell = await startCallbellSandbox({ port: 0, contacts, rateLimit: { enabled: false } });
	try {
		// Finished calls with int64 ids, cloned from a demo call (the sandbox's own shape).
		const template = dialpad.store.calls.find((c) => c.state === 'hangup' && c.date_ended);
		const now = Date.now();
		for (let i = 0; i < calls; i++) {
			const id = String(INT64_BASE + BigInt(i) * 7n);
			dialpad.store.calls.push({ ...template, call_id: id, master_call_id: id, entry_point_call_id: id, date_started: now - 3_600_000 - i * 1000, date_ended: now - 3_000_000 - i * 1000, event_timestamp: now - 3_000_000 - i * 1000 + 100 });
		}
		const expectedCalls = new Set(dialpad.store.calls.filter((c) => c.state === 'hangup' && c.date_ended).map((c) => String(c.call_id)));
		const expectedContacts = new Set(callbell.store.order.map(String));

		const dialpadCredential = await ctx.api.createCredential({ name: 'bench: Dialpad (Return All)', type: 'dialpadApi', data: { apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: dialpad.url } });
		const callbellCredential = await ctx.api.createCredential({ name: 'bench: Callbell (Return All)', type: 'callbellApi', data: { apiKey: CALLBELL_DEMO.apiKey, baseUrl: callbell.url } });
		const dialpadWf = await workflowWith(
			ctx.api,
			{ type: 'n8n-nodes-contacts-api.dialpad', parameters: { resource: 'call', operation: 'getAll', returnAll: true }, credentials: { dialpadApi: { id: dialpadCredential.id, name: 'bench: Dialpad (Return All)' } } },
			'bench: Dialpad calls getAll (Return All)',
		);
		const callbellWf = await workflowWith(
			ctx.api,
			{ type: 'n8n-nodes-contacts-api.callbell', parameters: { resource: 'contact', operation: 'getAll', returnAll: true }, credentials: { callbellApi: { id: callbellCredential.id, name: 'bench: Callbell (Return All)' } } },
			'bench: Callbell contacts getAll (Return All)',
		);
		const out = {
			dialpad: { runs: [], calls: expectedCalls.size, pageSize: dialpad.pageSize, expectedPages: Math.ceil(expectedCalls.size / dialpad.pageSize) },
			callbell: { runs: [], contacts: expectedContacts.size, pageSize: callbell.pageSize, expectedPages: Math.ceil(expectedContacts.size / callbell.pageSize) },
		};
		const dialpadRun = () => runOnce(ctx, dialpad, dialpadWf, '/api/v2/call', expectedCalls, (item) => item.call_id);
		const callbellRun = () => runOnce(ctx, callbell, callbellWf, '/contacts', expectedContacts, (item) => item.uuid);
		// One unmeasured pass each (n8n compiles the nodes' code paths on first use).
		await dialpadRun();
		await callbellRun();
		for (let round = 1; round <= rounds; round++) {
			const d = await dialpadRun();
			const c = await callbellRun();
			out.dialpad.runs.push(d);
			out.callbell.runs.push(c);
			log(
				`other APIs round ${round}/${rounds}: Dialpad ${d.items} calls in ${d.ms?.toFixed(0)} ms, ${d.requests} req, exact ids ${d.exactIds}${d.error ? ` (${d.error.slice(0, 80)})` : ''}` +
					` | Callbell ${c.items} contacts in ${c.ms?.toFixed(0)} ms, ${c.requests} req${c.error ? ` (${c.error.slice(0, 80)})` : ''}`,
			);
		}
		out.specViolations = [...dialpad.specViolations(), ...callbell.specViolations()];
		return out;
	} finally {
		await dialpad.close();
		await callbell.close();
	}
}

module.exports = { run };
