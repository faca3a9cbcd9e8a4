/**
 * Helpers for trigger workflows in a real n8n: build a one-trigger workflow (plus a NoOp
 * after it, so the execution shows what reached the next node), activate it through the
 * public API, POST raw bytes to its production URL, and count the executions it started.
 *
 *   const wf = await createTriggerWorkflow(api, { type: 'contactsApiTrigger', parameters });
 *   await api.activateWorkflow(wf.id);
 *   const answer = await postWebhook(api.url, wf.webhookPath, body, headers); // 404s retried
 *   const [execution] = await waitForExecutionCount(api, wf.id, 1);          // with data
 *   await expectExecutionCountStays(api, wf.id, 1);                          // no late ones
 */
import { randomUUID } from 'crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { N8nApi } from './e2e';

const runner = require('../../../scripts/runner');

export interface TriggerWorkflow {
	id: string;
	/** Path after /webhook/ of the trigger's production URL: `<webhookId>/webhook`. */
	webhookPath: string;
	webhookId: string;
	triggerName: string;
	nextName: string;
}

export interface TriggerWorkflowOptions {
	/** 'contactsApiTrigger' (the pack's prefix is added) or a full type name. */
	type: string;
	parameters: INodeParameters;
	/** credential type → credential id */
	credentials?: Record<string, string>;
	name?: string;
	triggerName?: string;
	/** The `path` of the node's webhook description (both pack triggers use 'webhook'). */
	webhookSuffix?: string;
}

/**
 * Creates (inactive) `trigger → NoOp`. The node gets a webhookId, so n8n serves its webhook
 * at /webhook/<webhookId>/<suffix>, as for a node added in the editor.
 */
export async function createTriggerWorkflow(api: N8nApi, options: TriggerWorkflowOptions): Promise<TriggerWorkflow> {
	const webhookId = randomUUID();
	const triggerName = options.triggerName ?? 'Trigger';
	const nextName = 'Next';
	const created = await api.createWorkflow({
		name: options.name ?? `e2e ${options.type} ${new Date().toISOString()}`,
		nodes: [
			{
				id: randomUUID(),
				name: triggerName,
				type: runner.fullType(options.type),
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: options.parameters,
				...(options.credentials
					? { credentials: Object.fromEntries(Object.entries(options.credentials).map(([type, id]) => [type, { id, name: '' }])) }
					: {}),
			},
			{ id: randomUUID(), name: nextName, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { [triggerName]: { main: [[{ node: nextName, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	});
	return { id: String(created.id), webhookId, webhookPath: `${webhookId}/${options.webhookSuffix ?? 'webhook'}`, triggerName, nextName };
}

export interface WebhookAnswer {
	status: number;
	text: string;
	/** Parsed JSON when the answer is JSON, else the text. */
	body: any;
}

/**
 * POSTs the exact bytes to /webhook/<path>. A 404 (route not registered yet, right after
 * activation) is retried for up to retryMs; pass retryMs 0 to see a 404 as it is.
 */
export async function postWebhook(
	baseUrl: string,
	path: string,
	rawBody: Buffer | string,
	headers: Record<string, string> = {},
	{ retryMs = 10000, method = 'POST' }: { retryMs?: number; method?: string } = {},
): Promise<WebhookAnswer> {
	const url = `${baseUrl.replace(/\/+$/, '')}/webhook/${path}`;
	const deadline = Date.now() + retryMs;
	for (;;) {
		const res = await fetch(url, {
			method,
			headers: { 'content-type': 'application/json', ...headers },
			body: method === 'GET' ? undefined : typeof rawBody === 'string' ? rawBody : new Uint8Array(rawBody),
		});
		const text = await res.text();
		if (res.status === 404 && Date.now() < deadline) {
			await sleep(200);
			continue;
		}
		let body: unknown = text;
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON: keep the text */
		}
		return { status: res.status, text, body };
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls until check() returns a truthy value and resolves to it. n8n 2.41 registers a
 * trigger's webhooks (and runs its create() hook) shortly AFTER the activate call answered,
 * so what activation does elsewhere must be awaited like this.
 */
export async function waitUntil<T>(check: () => T | Promise<T>, { timeoutMs = 15000, intervalMs = 100, what = 'a condition' } = {}): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(intervalMs);
	}
}

/** Every execution of the workflow, oldest first (summaries, no run data). */
export async function executionsOf(api: N8nApi, workflowId: string): Promise<Array<{ id: string; status: string; mode: string; finished?: boolean; stoppedAt?: string | null }>> {
	const list = await api.listExecutions({ workflowId, limit: 250 });
	return [...list].sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Waits until the workflow has `count` executions, all finished, then resolves to them
 * with their run data (oldest first). Fails as soon as there are more than `count`.
 */
export async function waitForExecutionCount(api: N8nApi, workflowId: string, count: number, { timeoutMs = 30000 } = {}): Promise<any[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await executionsOf(api, workflowId);
		if (list.length > count) throw new Error(`workflow ${workflowId} has ${list.length} executions, expected ${count}: ${JSON.stringify(list.map((e) => e.id))}`);
		if (list.length === count) {
			const full = [];
			for (const e of list) full.push(await api.waitForExecution(e.id, { timeoutMs: Math.max(1000, deadline - Date.now()) }));
			return full;
		}
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId} has ${list.length} executions after ${timeoutMs} ms, expected ${count}`);
		await sleep(150);
	}
}

/**
 * Asserts the workflow still has exactly `count` executions after waiting `quietMs`
 * (an execution started by a request is listed within milliseconds; the wait catches late ones).
 */
export async function expectExecutionCountStays(api: N8nApi, workflowId: string, count: number, quietMs = 1500): Promise<void> {
	await sleep(quietMs);
	const list = await executionsOf(api, workflowId);
	expect({ workflowId, executions: list.length }).toEqual({ workflowId, executions: count });
}

/** The json of the items a node output in an execution fetched with data. */
export function nodeOutput(execution: any, nodeName: string): IDataObject[] {
	const runs = execution?.data?.resultData?.runData?.[nodeName] ?? [];
	const last = runs[runs.length - 1];
	return ((last?.data?.main?.[0] ?? []) as Array<{ json: IDataObject }>).map((i) => i.json);
}
