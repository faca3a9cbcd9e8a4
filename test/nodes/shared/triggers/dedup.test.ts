/**
 * The shared duplicate record (nodes/shared/triggers/dedup.ts) at unit level: the parts the
 * webhook harness (test/harness/webhook.ts) does not model — the editor's test deliveries, and
 * what one request writes when the copy it loaded lacks ids its process holds.
 */
import type { IDataObject, IWebhookFunctions, WorkflowExecuteMode } from 'n8n-workflow';
import * as workflow from 'n8n-workflow';

import { checkAndRecord, type DedupSettings } from '../../../../nodes/shared/triggers/dedup';

let workflowSeq = 0;

/** One request's view: the static-data copy n8n loaded for it, in the given mode. */
function request(workflowId: string, loaded: IDataObject, mode: WorkflowExecuteMode = 'webhook') {
	const data: IDataObject = JSON.parse(JSON.stringify(loaded)) as IDataObject;
	const ctx = {
		getWorkflow: () => ({ id: workflowId }),
		getNode: () => ({ id: 'node-1', name: 'Trigger' }),
		getMode: () => mode,
		getWorkflowStaticData: () => data,
		// Already answered: keeps the "mark until answered" loop to one turn.
		getResponseObject: () => ({ writableEnded: true, destroyed: false }),
		helpers: {},
	} as unknown as IWebhookFunctions;
	return { ctx, data };
}

const keysOf = (data: IDataObject) => ((data.processedDeliveries as { keys?: string[] } | undefined)?.keys ?? []).slice().sort();
const settings = (): DedupSettings => ({ maxEntries: 1000, toleranceMs: 300_000, now: Date.now() });
const mark = (id: string) => ({ key: `id:${id}`, anchor: Date.now() });

describe('shared duplicate record', () => {
	it("keeps the editor's test deliveries apart: n8n never saves them, so they neither block nor disturb production", async () => {
		const wf = `wf-${++workflowSeq}`;
		const test = request(wf, {}, 'manual');
		expect(await checkAndRecord(test.ctx, mark('a'), settings())).toBe(false);
		// A second test copy in the same listening session is still a duplicate.
		expect(await checkAndRecord(request(wf, {}, 'manual').ctx, mark('a'), settings())).toBe(true);

		// Production, database copy without the test id (n8n did not save it): the real delivery
		// runs, and a production duplicate of another id writes nothing for the test id.
		const prod = request(wf, {});
		expect(await checkAndRecord(prod.ctx, mark('a'), settings())).toBe(false);
		expect(keysOf(prod.data)).toEqual(['id:a']);
		const saved = prod.data;
		const dup = request(wf, saved);
		expect(await checkAndRecord(dup.ctx, mark('a'), settings())).toBe(true);
		expect(dup.data).toEqual(saved);
	});

	it('a refused duplicate writes back ids of its process that the loaded copy lacks (erased by another process) and learns the ones it loads', async () => {
		const wf = `wf-${++workflowSeq}`;
		const first = request(wf, {});
		expect(await checkAndRecord(first.ctx, mark('mine'), settings())).toBe(false);
		// Another process saved a copy loaded before that save: 'mine' is gone, 'theirs' is new.
		const other = { processedDeliveries: { keys: ['id:theirs'], anchors: [Date.now()] } };
		const dup = request(wf, other);
		const sleep = jest.spyOn(workflow, 'sleep');
		expect(await checkAndRecord(dup.ctx, mark('theirs'), settings())).toBe(true);
		expect(keysOf(dup.data)).toEqual(['id:mine', 'id:theirs']);
		// The back-off that breaks processes saving in step: one wait of 1-20 ms.
		expect(sleep).toHaveBeenCalledTimes(1);
		const waited = sleep.mock.calls[0][0];
		expect(waited).toBeGreaterThanOrEqual(1);
		expect(waited).toBeLessThanOrEqual(20);
		sleep.mockRestore();

		// Learned: a later copy holding neither shows this process still refuses 'theirs'.
		const later = request(wf, {});
		expect(await checkAndRecord(later.ctx, mark('theirs'), settings())).toBe(true);
		expect(keysOf(later.data)).toEqual(['id:mine', 'id:theirs']);
	});

	it('a duplicate whose loaded copy already holds everything writes nothing (no extra save)', async () => {
		const wf = `wf-${++workflowSeq}`;
		const first = request(wf, {});
		expect(await checkAndRecord(first.ctx, mark('x'), settings())).toBe(false);
		const saved = JSON.parse(JSON.stringify(first.data)) as IDataObject;
		const dup = request(wf, saved);
		const before = dup.data.processedDeliveries;
		const sleep = jest.spyOn(workflow, 'sleep');
		expect(await checkAndRecord(dup.ctx, mark('x'), settings())).toBe(true);
		// Same object: n8n's change tracking sees no assignment, so it saves nothing; no back-off.
		expect(dup.data.processedDeliveries).toBe(before);
		expect(sleep).not.toHaveBeenCalled();
		sleep.mockRestore();
	});
});
