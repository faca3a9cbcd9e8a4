/**
 * The worker-side check of the triggers' execute() (nodes/shared/triggers/executed.ts), issue 19:
 * a webhook processor enqueues a delivery's execution and is killed before it answers; the
 * sender retries, another processor (which knows nothing of the first delivery) enqueues a
 * second execution. Modelled with two harness "processors" (separate module state and static
 * data, as after a crash n8n never saved the first one's record) in queue mode, sharing the
 * database's processed_data table, as n8n's workers do.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ProcessedDataTable, WebhookServer } from '../../../harness/webhook';
import { deliver as post, InMemoryDeduplicator, StaticDataStore } from '../../../harness/webhook';
import type * as CallbellFixtures from '../../CallbellTrigger/fixtures';
import { EVENT_PAYLOADS, startSandbox, startTrigger, type CallbellSandbox } from '../../CallbellTrigger/fixtures';

let sandbox: CallbellSandbox;
const harnesses: WebhookServer[] = [];

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await Promise.all(harnesses.map((h) => h.close()));
	await sandbox.close();
});

/** A webhook processor with its own module state (nothing shared but the database). */
function processor(): typeof CallbellFixtures {
	let fresh: typeof CallbellFixtures | undefined;
	jest.isolateModules(() => {
		fresh = require('../../CallbellTrigger/fixtures') as typeof CallbellFixtures;
		// The node (and its in-process duplicate record) loaded inside this registry too.
		(require('../../../harness/webhook') as typeof import('../../../harness/webhook')).preloadNode('callbellTrigger');
	});
	return fresh!;
}

async function start(fixtures: typeof CallbellFixtures, table: ProcessedDataTable, ids: IDataObject): Promise<WebhookServer> {
	const harness = await fixtures.startTrigger(sandbox, {
		events: ['message_created'],
		processedData: table,
		staticData: new StaticDataStore(),
		queueMode: {},
		...(ids as object),
	});
	harnesses.push(harness);
	return harness;
}

it('a retry of a delivery whose execution was already enqueued runs nothing the second time; other deliveries still run', async () => {
	const table: ProcessedDataTable = new Map();
	const ids = { workflowId: 'wf-crash-retry', nodeId: 'node-crash-retry', webhookId: 'hook-crash-retry' };
	const killed = await start(processor(), table, ids);
	const other = await start(processor(), table, ids);
	const body = JSON.stringify({ event: 'message_created', payload: { ...EVENT_PAYLOADS.message_created, uuid: 'enqueued-before-the-kill' } });

	// The first attempt: enqueued and run (its answer never reached the sender).
	expect((await post(killed.listeningUrl(), body)).status).toBe(200);
	await killed.settled();
	// The sender's retry reaches the other processor, which accepts it (it knows nothing of it).
	const retry = await post(other.listeningUrl(), body);
	expect(retry.status).toBe(200);
	expect(retry.json).not.toHaveProperty('duplicate');
	await other.settled();

	const ran = [...killed.executions, ...other.executions].filter((e) => e.sinkItems.length > 0);
	expect(ran).toHaveLength(1);
	expect(ran[0].sinkItems[0].json).not.toHaveProperty('__deliveryMark');

	// A new delivery still runs on either processor.
	const fresh = JSON.stringify({ event: 'message_created', payload: { ...EVENT_PAYLOADS.message_created, uuid: 'a-new-one' } });
	expect((await post(other.listeningUrl(), fresh)).status).toBe(200);
	await other.settled();
	expect([...killed.executions, ...other.executions].filter((e) => e.sinkItems.length > 0)).toHaveLength(2);
});

it('executions of one worker check the processed-data record one call at a time: concurrent deliveries lose no entry and share calls', async () => {
	const table: ProcessedDataTable = new Map();
	const ids = { workflowId: 'wf-concurrent', nodeId: 'node-concurrent', webhookId: 'hook-concurrent' };
	// A database round trip between n8n's read and write of the row (its findOne + UPDATE).
	const harness = await startTrigger(sandbox, {
		events: ['message_created'],
		processedData: table,
		staticData: new StaticDataStore(),
		dbLatencyMs: 5,
		queueMode: {},
		...ids,
	});
	harnesses.push(harness);
	const calls = jest.spyOn(InMemoryDeduplicator.prototype, 'checkProcessedAndRecord');
	const bodies = Array.from({ length: 12 }, (_, i) =>
		JSON.stringify({ event: 'message_created', payload: { ...EVENT_PAYLOADS.message_created, uuid: `concurrent-${i}` } }),
	);
	const answers = await Promise.all(bodies.map((body) => post(harness.listeningUrl(), body)));
	expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
	await harness.settled();
	expect(harness.executions.filter((e) => e.sinkItems.length > 0)).toHaveLength(12);

	// Every delivery is in the record (overlapping read-modify-writes of one process dropped some
	// before), in fewer calls than executions.
	const row = table.get(`${ids.workflowId}|n:${ids.nodeId}`);
	expect(row?.data).toHaveLength(12);
	expect(calls.mock.calls.length).toBeLessThan(12);
	calls.mockRestore();
});

it('in regular mode an execution whose delivery waited for a shared save skips the processed-data check; the others check; copies are still refused', async () => {
	const table: ProcessedDataTable = new Map();
	const ids = { workflowId: 'wf-regular', nodeId: 'node-regular', webhookId: 'hook-regular' };
	const harness = await startTrigger(sandbox, { events: ['message_created'], processedData: table, staticData: new StaticDataStore(), dbLatencyMs: 3, ...ids });
	harnesses.push(harness);
	const body = (id: string) => JSON.stringify({ event: 'message_created', payload: { ...EVENT_PAYLOADS.message_created, uuid: id } });
	// The first delivery saves its own copy, and its execution checks.
	expect((await post(harness.listeningUrl(), body('regular-first'))).status).toBe(200);
	await harness.settled();
	const row = () => table.get(`${ids.workflowId}|n:${ids.nodeId}`)?.data ?? [];
	expect(row()).toHaveLength(1);
	const bodies = Array.from({ length: 8 }, (_, i) => body(`regular-${i}`));
	const answers = await Promise.all([...bodies, bodies[0], bodies[5]].map((b) => post(harness.listeningUrl(), b)));
	expect(answers.map((a) => a.status)).toEqual([...bodies, 0, 0].map(() => 200));
	await harness.settled();
	expect(harness.executions.filter((e) => e.sinkItems.length > 0)).toHaveLength(9);
	// Only the executions of deliveries that saved their own copy asked the record.
	expect(row().length).toBeGreaterThan(1);
	expect(row().length).toBeLessThan(9);
});
