/**
 * Shared saves of the duplicate record in regular mode (nodes/shared/triggers/dedup.ts
 * `saveBeforeAnswer`), against n8n-workflow's real Workflow and ObservableObject: what n8n reads
 * when it answers without a run, and a waiting delivery whose connection goes. (Written from a
 * review that found both faults in the first version of shared saves.)
 */
import { EventEmitter } from 'events';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { checkAndRecord } from '../../../../nodes/shared/triggers/dedup';
import { noteAccepted, takeAccepted } from '../../../../nodes/shared/triggers/acceptedHere';
import { startOnce } from '../../../../nodes/shared/triggers/skeleton';

let seq = 0;
function fakeRes() {
	const res = new EventEmitter() as EventEmitter & { writableEnded: boolean; destroyed: boolean; statusCode: number; end(): void };
	res.writableEnded = false;
	res.destroyed = false;
	res.statusCode = 200;
	res.end = () => {
		res.writableEnded = true;
		res.emit('finish');
	};
	return res;
}
/** A request as n8n builds it: a Workflow whose static data is an ObservableObject. */
function request(wf: string) {
	const workflow = new Workflow({ id: wf, name: 'x', nodes: [], connections: {}, active: true, nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as never, staticData: { 'node:Trigger': { activation: 'yes' } } });
	const res = fakeRes();
	const ctx = {
		workflow,
		getWorkflow: () => ({ id: wf }),
		getNode: () => ({ id: 'node-1', name: 'Trigger' }),
		getMode: () => 'webhook',
		getWorkflowStaticData: () => workflow.staticData['node:Trigger'] as IDataObject,
		getResponseObject: () => res,
		helpers: {},
	} as unknown as IWebhookFunctions;
	return { ctx, workflow, res };
}
const settings = () => ({ maxEntries: 1000, toleranceMs: 300_000, now: Date.now() });

beforeAll(() => {
	// Regular mode: an execution of an accepted delivery started in this process.
	noteAccepted('s', 'k');
	expect(takeAccepted('s', 'k')).toBe('here');
});

it('without deferSave a new delivery marks static data at once', async () => {
	const r = request(`wf-${++seq}`);
	expect(await checkAndRecord(r.ctx, { key: 'id:ctl', anchor: Date.now() }, settings(), false)).toBe(false);
	expect(r.workflow.staticData.__dataChanged).toBe(true);
	r.res.end();
});

it('regular mode: a new delivery that starts nothing (its handover only acknowledges) is marked before n8n saves', async () => {
	const r = request(`wf-${++seq}`);
	const answer = await startOnce(r.ctx, { key: 'id:ack', anchor: Date.now() }, settings(), { dup: true }, () => ({ acknowledge: { status: 'ignored' } }));
	expect(answer).toEqual({ webhookResponse: { status: 'ignored' } });
	// n8n: no WorkflowRunner.run, straight to responseCallback -> saveStaticData (flag checked now, no timer turn)
	const flagAtSave = r.workflow.staticData.__dataChanged;
	r.res.end();
	expect(flagAtSave).toBe(true);
});

it('regular mode: a delivery waiting for another request\'s save stops waiting when its own connection goes', async () => {
	const wf = `wf-${++seq}`;
	const saver = request(wf);
	await startOnce(saver.ctx, { key: 'id:A', anchor: Date.now() }, settings(), {}, () => ({ item: { json: {} }, answer: {} }));
	const follower = request(wf);
	let done = false;
	const p = startOnce(follower.ctx, { key: 'id:B', anchor: Date.now() }, settings(), {}, () => ({ item: { json: {} }, answer: {} })).then(() => (done = true));
	follower.res.destroyed = true;
	follower.res.emit('close');
	await new Promise((r) => setTimeout(r, 300));
	const stillWaiting = !done;
	saver.res.end();
	await p;
	expect(stillWaiting).toBe(false);
});
