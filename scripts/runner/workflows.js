'use strict';
// Builds small workflows around the pack's nodes and runs them in a real n8n.
//
// How a run happens (measured on n8n 2.41.1, see README of scripts/runner in the report):
//   mode 'manual' (default) — the editor's "Execute workflow": a Manual Trigger whose pinned
//     data holds the input items, POST /rest/workflows/:id/run {triggerToStartFrom}, then
//     GET /api/v1/executions/:id?includeData=true until it has stopped. No activation, no
//     webhook registration race, exact input items (pinData), full run data of every node
//     (errors included), one execution id per run.
//   mode 'webhook' — a production Webhook trigger (responseMode lastNode) + Split Out of the
//     posted items; activate, POST /webhook/<path>, then read the workflow's execution. This
//     is the path production traffic takes; use it when that matters.
// `n8n execute --id` (CLI) was not chosen: ~2.6 s of process start per run, needs its own
// broker port and shares the SQLite file with the running server.
const crypto = require('crypto');

const PACK_NAME = 'n8n-nodes-contacts-api';

function fullType(type) {
	return type.includes('.') ? type : `${PACK_NAME}.${type}`;
}

/** { contactsApi: 'id' | {id, name} } → n8n's node `credentials` shape. */
function normalizeCredentials(credentials) {
	if (!credentials) return undefined;
	return Object.fromEntries(
		Object.entries(credentials).map(([type, ref]) => [
			type,
			typeof ref === 'object' && ref !== null ? { id: String(ref.id), name: ref.name || '' } : { id: String(ref), name: '' },
		]),
	);
}

const nodeVersionCache = new WeakMap();
/** The node type's default version, from /types/nodes.json (cached per client). */
async function defaultVersion(api, type) {
	let map = nodeVersionCache.get(api);
	if (!map) {
		map = new Map();
		for (const n of await api.nodeTypes()) {
			const versions = Array.isArray(n.version) ? n.version : [n.version];
			const v = n.defaultVersion ?? Math.max(...versions);
			if (!map.has(n.name) || map.get(n.name) < v) map.set(n.name, v);
		}
		nodeVersionCache.set(api, map);
	}
	if (!map.has(type)) throw new Error(`node type ${type} is not loaded in this n8n (see /types/nodes.json)`);
	return map.get(type);
}

/**
 * Builds a linear workflow: trigger → steps[0] → steps[1] → …
 * steps: [{ type, parameters, credentials?, name?, typeVersion?, continueOnFail?,
 *           settings? (extra node fields, e.g. { retryOnFail: true }) }]
 * Returns { workflow, triggerName, stepNames, webhookPath? }.
 */
async function buildLinearWorkflow(api, steps, inputItems, { mode = 'manual', name } = {}) {
	const items = (inputItems && inputItems.length ? inputItems : [{}]).map((j) => (j && j.json ? j : { json: j }));
	const nodes = [];
	const connections = {};
	const link = (from, to) => {
		connections[from] = { main: [[{ node: to, type: 'main', index: 0 }]] };
	};
	let previous;
	let pinData;
	let webhookPath;
	const triggerName = mode === 'webhook' ? 'Webhook' : 'Start';
	if (mode === 'webhook') {
		webhookPath = `e2e-${crypto.randomUUID()}`;
		nodes.push({
			id: crypto.randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: crypto.randomUUID(),
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		});
		nodes.push({
			id: crypto.randomUUID(),
			name: 'Input Items',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [200, 0],
			parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} },
		});
		link('Webhook', 'Input Items');
		previous = 'Input Items';
	} else {
		nodes.push({
			id: crypto.randomUUID(),
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		});
		pinData = { Start: items };
		previous = 'Start';
	}
	const stepNames = [];
	for (let i = 0; i < steps.length; i++) {
		const step = steps[i];
		const type = fullType(step.type);
		const stepName = step.name || `Step ${i + 1}`;
		nodes.push({
			id: crypto.randomUUID(),
			name: stepName,
			type,
			typeVersion: step.typeVersion ?? (await defaultVersion(api, type)),
			position: [400 + 200 * i, 0],
			parameters: step.parameters || {},
			...(step.credentials ? { credentials: normalizeCredentials(step.credentials) } : {}),
			...(step.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			...(step.settings || {}),
		});
		link(previous, stepName);
		previous = stepName;
		stepNames.push(stepName);
	}
	const workflow = {
		name: name || `e2e ${steps.map((s) => s.type).join(' → ')} ${new Date().toISOString()}`,
		nodes,
		connections,
		settings: { executionOrder: 'v1', saveManualExecutions: true, saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		pinData,
	};
	return { workflow, triggerName, stepNames, webhookPath, items };
}

/** Pulls a node's outputs and error out of an execution (public API shape). */
function nodeResult(execution, nodeName) {
	const runData = execution.data && execution.data.resultData && execution.data.resultData.runData;
	const runs = (runData && runData[nodeName]) || [];
	const last = runs[runs.length - 1];
	const outputs = (last && last.data && last.data.main) || [];
	return {
		ran: runs.length > 0,
		outputs: outputs.map((o) => o || []),
		items: (outputs[0] || []).map((i) => i),
		error: last && last.error,
	};
}

class NodeWorkflowError extends Error {
	constructor(result) {
		const err = result.error || {};
		super(`${result.failedNode || 'workflow'} failed: ${err.message || JSON.stringify(err)}${err.description ? ` — ${err.description}` : ''}`);
		this.n8nError = err;
		this.result = result;
		this.httpCode = err.httpCode;
		this.description = err.description;
	}
}

/**
 * runWorkflowSteps(api, steps, inputItems?, options?) → detailed result:
 * { workflowId, executionId, status, execution, steps: { [name]: {items, outputs, error} },
 *   items (json of the last step's first output), error?, failedNode?, webhookResponse? }
 * options: { mode: 'manual'|'webhook', keep: false (delete the workflow afterwards),
 *            timeoutMs: 60000, throwOnError: false }
 */
async function runWorkflowSteps(api, steps, inputItems, options = {}) {
	const mode = options.mode || 'manual';
	const built = await buildLinearWorkflow(api, steps, inputItems, { mode, name: options.name });
	const created = await api.createWorkflow(built.workflow);
	const workflowId = created.id;
	let executionId;
	let execution;
	let webhookResponse;
	try {
		if (mode === 'webhook') {
			await api.activateWorkflow(workflowId);
			webhookResponse = await api.callWebhook(built.webhookPath, {
				body: { items: built.items.map((i) => i.json) },
				retryMs: 10000,
			});
			execution = await api.waitForWorkflowExecution(workflowId, { timeoutMs: options.timeoutMs || 60000 });
			executionId = execution.id;
		} else {
			executionId = await api.runWorkflowManually(workflowId, { triggerName: built.triggerName });
			execution = await api.waitForExecution(executionId, { timeoutMs: options.timeoutMs || 60000 });
		}
	} finally {
		if (!options.keep) {
			if (mode === 'webhook') await api.deactivateWorkflow(workflowId).catch(() => undefined);
			await api.deleteWorkflow(workflowId).catch(() => undefined);
		}
	}
	const perStep = {};
	for (const n of built.stepNames) perStep[n] = nodeResult(execution, n);
	const resultData = (execution.data && execution.data.resultData) || {};
	const lastName = built.stepNames[built.stepNames.length - 1];
	const failedNode = resultData.lastNodeExecuted && perStep[resultData.lastNodeExecuted] && perStep[resultData.lastNodeExecuted].error ? resultData.lastNodeExecuted : undefined;
	const result = {
		workflowId,
		executionId,
		status: execution.status,
		execution,
		steps: perStep,
		items: perStep[lastName].items.map((i) => i.json),
		error: resultData.error,
		failedNode,
		webhookResponse,
	};
	if (options.throwOnError && (result.error || execution.status === 'error')) throw new NodeWorkflowError(result);
	return result;
}

/**
 * runNodeWorkflow(api, nodeType, parameters, credentials, inputItems?, options?) → json[]
 * Runs ONE node of the pack (nodeType 'contactsApi' or a full type name) on inputItems
 * (plain objects, or {json} items) in a real n8n and resolves to the json of its first
 * output's items. Throws NodeWorkflowError (message, description, httpCode, result) when
 * the node fails. credentials: { contactsApi: '<credential id>' }.
 */
async function runNodeWorkflow(api, nodeType, parameters, credentials, inputItems, options = {}) {
	const result = await runWorkflowSteps(api, [{ type: nodeType, parameters, credentials, name: options.nodeName || 'Node', ...(options.step || {}) }], inputItems, {
		...options,
		throwOnError: true,
	});
	return result.items;
}

module.exports = { PACK_NAME, fullType, buildLinearWorkflow, runWorkflowSteps, runNodeWorkflow, nodeResult, NodeWorkflowError };
