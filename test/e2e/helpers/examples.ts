/**
 * examples/*.json in the real n8n: read, imported the way `npm start` imports them
 * (scripts/runner/demo.js importExamples, credentials rewired), and their triggers found.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';

import { n8nApi } from './e2e';

const { importExamples } = require('../../../scripts/runner/demo');

export const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');

export interface WorkflowJson {
	name: string;
	nodes: Array<IDataObject & { name: string; type: string; parameters: IDataObject; webhookId?: string; credentials?: Record<string, { id: string; name: string }> }>;
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	pinData?: Record<string, Array<{ json: IDataObject }>>;
}

export function readExample(file: string): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson;
}

/** Workflows in n8n by name (GET /rest/workflows). */
export async function workflowsByName(): Promise<Map<string, string>> {
	const list = (await n8nApi().request('GET', '/rest/workflows')) as Array<{ id: string; name: string }>;
	return new Map(list.map((w) => [w.name, w.id]));
}

/**
 * Imports one example through the start command's import (from a folder holding only the
 * changed copy), under a unique name; `change` may pin trigger data or set trigger keys.
 * The new workflow's id is added to `created` (for clean-up).
 */
export async function importVariant(
	file: string,
	credentialIds: Record<string, string>,
	created: string[],
	change: (wf: WorkflowJson) => void = () => undefined,
): Promise<{ id: string; json: WorkflowJson }> {
	const json = readExample(file);
	json.name = `${json.name} [e2e ${crypto.randomUUID().slice(0, 8)}]`;
	// Fresh webhook ids and paths: an activated copy must not share a route with another.
	for (const node of json.nodes) if (node.webhookId) node.webhookId = crypto.randomUUID();
	change(json);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-example-'));
	try {
		fs.writeFileSync(path.join(dir, file), JSON.stringify(json));
		expect(await importExamples(n8nApi(), credentialIds, dir)).toEqual([json.name]);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	const id = (await workflowsByName()).get(json.name)!;
	expect(id).toBeDefined();
	created.push(id);
	return { id, json };
}

export function exampleTrigger(json: WorkflowJson): WorkflowJson['nodes'][number] {
	const node = json.nodes.find((n) => /Trigger$|\.webhook$/.test(n.type));
	if (!node) throw new Error(`${json.name} has no trigger`);
	return node;
}

export function expectSuccess(execution: any): void {
	const error = execution?.data?.resultData?.error;
	expect({ status: execution.status, error: error && `${error.message} ${error.description ?? ''}` }).toEqual({ status: 'success', error: undefined });
}
