/**
 * The pack's action nodes in queue mode: every process loaded the community package, and the
 * nodes execute on the workers (manual runs are offloaded too, OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS),
 * both from the editor's "Execute workflow" and from a production webhook that came in through
 * nginx and a webhook processor. The worker that ran an execution is read from its log
 * ("Worker started execution <id>").
 */
import * as fs from 'fs';
import * as path from 'path';

import { n8nApi, runWorkflowSteps, useContactsSandbox } from '../e2e/helpers/e2e';
import { useCallbellSandbox } from '../e2e/helpers/callbell';
import { waitUntil } from '../e2e/helpers/triggers';
import { queueCluster, report } from './helpers';

const runner = require('../../scripts/runner');

/** Waits until a worker logged the execution, then returns which ones did (1-based). */
async function ranOn(executionId: string): Promise<number[]> {
	await waitUntil(() => workersThatRan(executionId).length > 0, { what: `a worker log line for execution ${executionId}` });
	return workersThatRan(executionId);
}

/** Which workers logged that they ran the execution (1-based). */
function workersThatRan(executionId: string): number[] {
	const cluster = queueCluster();
	return cluster.ports.workers
		.map((_, i) => i + 1)
		.filter((n) => new RegExp(`Worker started execution ${executionId} \\(`).test(fs.readFileSync(path.join(cluster.dir, 'logs', `worker-${n}.log`), 'utf8')));
}

describe('action nodes in queue mode', () => {
	const contacts = useContactsSandbox();
	const callbell = useCallbellSandbox();
	const api = n8nApi();
	const cluster = queueCluster();

	it('every n8n process loaded the pack as a community package', async () => {
		const types = (await api.nodeTypes()).map((n) => n.name);
		for (const t of ['contactsApi', 'contactsApiTrigger', 'callbell', 'callbellTrigger']) expect(types).toContain(runner.fullType(t));
		// Workers and webhook processors load nodes from their own user folders: each logged no failure and has the package.
		for (const name of ['main', 'worker-1', 'worker-2', 'webhook-1', 'webhook-2']) {
			const log = fs.readFileSync(path.join(cluster.dir, 'logs', `${name}.log`), 'utf8');
			expect({ name, failed: /Failed to load package/.test(log) }).toEqual({ name, failed: false });
			expect(fs.existsSync(path.join(cluster.dir, `n8n-${name}`, '.n8n', 'nodes', 'node_modules', runner.PACK_NAME, 'package.json'))).toBe(true);
		}
	});

	it('Execute workflow: Contacts API create → Callbell contact get run on a worker', async () => {
		const result = await runWorkflowSteps(
			[
				{ type: 'contactsApi', name: 'Create', parameters: { resource: 'contact', operation: 'create', email: 'queue@example.com' }, credentials: { contactsApi: contacts.credentialId } },
			],
			[{}],
		);
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		const [contact] = result.items;
		expect(contact).toMatchObject({ email: 'queue@example.com' });
		expect(contacts.sandbox.store.contacts.has(String(contact.id))).toBe(true);
		const ran = await ranOn(result.executionId);
		report(`manual execution ${result.executionId} (Contacts API create) ran on worker ${ran.join(', ')}`);
		expect(ran).toHaveLength(1);

		const callbellRun = await runWorkflowSteps(
			[{ type: 'callbell', name: 'Teams', parameters: { resource: 'team', operation: 'getAll', returnAll: true }, credentials: { callbellApi: callbell.credentialId } }],
			[{}],
		);
		expect(callbellRun.error).toBeUndefined();
		expect(callbellRun.items.length).toBeGreaterThan(0);
		expect(await ranOn(callbellRun.executionId)).toHaveLength(1);
	});

	it('a production webhook through nginx: the Contacts API node runs on a worker', async () => {
		const result = await runWorkflowSteps(
			[
				{ type: 'contactsApi', name: 'Create', parameters: { resource: 'contact', operation: 'create', email: 'webhook-queue@example.com' }, credentials: { contactsApi: contacts.credentialId } },
			],
			[{}],
			{ mode: 'webhook' },
		);
		expect(result.error).toBeUndefined();
		expect(result.execution).toMatchObject({ mode: 'webhook', status: 'success' });
		expect(result.items[0]).toMatchObject({ email: 'webhook-queue@example.com' });
		const ran = await ranOn(result.executionId);
		report(`webhook execution ${result.executionId} ran on worker ${ran.join(', ')}`);
		expect(ran).toHaveLength(1);
	});
});
