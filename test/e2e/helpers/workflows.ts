/**
 * Small building blocks for e2e workflows beyond runWorkflowSteps (./e2e.ts): resource
 * locator values, node settings, a Contacts sandbox contact inserted directly into the
 * store, and waiting for the executions of an activated workflow.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CONTACTS_DEMO } from '../../harness/sandboxes';
import type { ContactsSandbox, StepResult } from './e2e';
import { n8nApi } from './e2e';

// Plain CommonJS, shared with the start command.
const runner = require('../../../scripts/runner');
const contactsStore = require('../../sandbox/contacts/store');

/** A resource locator parameter "By ID" (expressions allowed). */
export function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value };
}

/** Node settings: run once for the first input item only (n8n's "Execute Once"). */
export const EXECUTE_ONCE: IDataObject = { executeOnce: true };

/** Node settings: output one empty item when the node returns nothing ("Always Output Data"). */
export const ALWAYS_OUTPUT: IDataObject = { alwaysOutputData: true };

/** Inserts a contact straight into the Contacts sandbox's store (no request); returns it. */
export function insertContact(sandbox: ContactsSandbox, fields: IDataObject = {}): IDataObject {
	return contactsStore.insertContact(sandbox.store, { locationId: CONTACTS_DEMO.locationId, ...fields }) as IDataObject;
}

/** A new id in the shape the Contacts sandbox uses (20 characters). */
export function newContactsId(): string {
	return contactsStore.newId() as string;
}

/** json of a step's first output. */
export function jsonOf(step: StepResult | undefined): IDataObject[] {
	return (step?.items ?? []).map((i) => i.json);
}

/** One node's run result in an execution read from the public API (items, outputs, error). */
export function nodeResult(execution: unknown, nodeName: string): StepResult {
	return runner.nodeResult(execution, nodeName) as StepResult;
}

/**
 * Waits until an (activated) workflow has `count` finished executions and resolves to them
 * with their run data, oldest first.
 */
export async function waitForExecutions(workflowId: string, count: number, timeoutMs = 30_000): Promise<any[]> {
	const api = n8nApi();
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = (await api.listExecutions({ workflowId, limit: 100 })) as Array<{ id: string; status: string; stoppedAt?: string }>;
		const done = list.filter((e) => e.stoppedAt && !['new', 'running', 'waiting'].includes(e.status));
		if (list.length >= count && done.length === list.length) {
			const sorted = [...done].sort((a, b) => Number(a.id) - Number(b.id));
			return await Promise.all(sorted.map((e) => api.getExecution(e.id, { includeData: true })));
		}
		if (Date.now() > deadline) {
			throw new Error(`workflow ${workflowId}: ${done.length}/${list.length} finished executions, expected ${count} within ${timeoutMs} ms`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

/**
 * The editor's "Execute workflow" from a trigger that has pinned data: runs the stored
 * workflow with that data and resolves to the finished execution (with run data).
 */
export async function runFromPinnedTrigger(workflowId: string, triggerName: string, timeoutMs = 30_000): Promise<any> {
	const api = n8nApi();
	const executionId = await api.runWorkflowManually(workflowId, { triggerName });
	return await api.waitForExecution(executionId, { timeoutMs });
}
