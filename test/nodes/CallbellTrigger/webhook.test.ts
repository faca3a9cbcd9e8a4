/**
 * Deliveries to the Callbell Trigger over real HTTP: the sandbox sender (deliver.js) posts
 * to the URL the trigger subscribed, the harness runs webhook() in n8n-core's WebhookContext
 * with n8n's raw-body request, answers like n8n's webhook helpers, and runs the workflow
 * through WorkflowExecute. Checked: what Callbell gets back, how many executions started,
 * and what reached the next node.
 */
import type { IDataObject } from 'n8n-workflow';

import { deliver as postRaw, StaticDataStore, type WebhookServer } from '../../harness/webhook';
import type { CallbellSandbox, Delivery } from './fixtures';
import { ALL_EVENTS, credentials, deliver, EVENT_PAYLOADS, SECRET, startTrigger, useSandbox } from './fixtures';

let sandbox: CallbellSandbox;
useSandbox((started) => (sandbox = started));

/** Sends and waits until any execution it started has finished. */
async function send(harness: WebhookServer, event: string, payload: unknown, options: IDataObject = {}): Promise<Delivery> {
	const delivery = await deliver.deliverEvent(sandbox, event, payload, options);
	await harness.settled();
	return delivery;
}

function expectRejected(harness: WebhookServer, delivery: Delivery, executionsBefore: number): void {
	expect(delivery.status).toBe(401);
	expect(JSON.parse(delivery.text)).toEqual({ error: expect.stringMatching(/^Invalid x-callbell-signature: \w+$/) });
	expect(harness.executions).toHaveLength(executionsBefore);
}

describe('with a signing secret in the credential', () => {
	let harness: WebhookServer;

	beforeAll(async () => {
		harness = await startTrigger(sandbox, { events: ALL_EVENTS, secret: SECRET });
		await harness.activate();
		expect(sandbox.store.webhook!.url).toBe(harness.webhookUrl());
	});

	afterAll(async () => {
		await harness.deactivate();
		await harness.close();
	});

	it.each(ALL_EVENTS)('runs the workflow once for a signed %s delivery, with the payload', async (event) => {
		const before = harness.executions.length;
		const delivery = await send(harness, event, EVENT_PAYLOADS[event], { secret: SECRET });

		expect(delivery.status).toBe(200);
		expect(delivery.body).toEqual({ status: 'ok' });
		expect(harness.executions).toHaveLength(before + 1);
		const execution = harness.executions[before];
		expect(execution.run.status).toBe('success');
		const expected = { ...EVENT_PAYLOADS[event], _callbell: { event, verified: true } };
		expect(execution.triggerItems.map((i) => i.json)).toEqual([expected]);
		expect(execution.sinkItems.map((i) => i.json)).toEqual([expected]);
	});

	it('keeps the exact characters of the body (the bytes that were signed)', async () => {
		const before = harness.executions.length;
		const rawBody = '{"event":"message_created","payload":{"text":"caf\\u00e9 \\ud83d\\ude00 \\"x\\"","n":1.50}}';
		const delivery = await send(harness, 'message_created', undefined, { secret: SECRET, rawBody });
		expect(delivery.status).toBe(200);
		expect(harness.executions[before].triggerItems[0].json).toEqual({
			text: 'café 😀 "x"',
			n: 1.5,
			_callbell: { event: 'message_created', verified: true },
		});
	});

	it('accepts a header with several v1 entries when one matches', async () => {
		const before = harness.executions.length;
		// Another contact: the exact bytes of an accepted delivery are refused as a replay.
		const delivery = await send(harness, 'contact_created', { ...EVENT_PAYLOADS.contact_created, uuid: 'contact-several-v1' }, {
			secret: SECRET,
			extraSignatures: ['0'.repeat(64)],
		});
		expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=0{64}$/);
		expect(delivery.status).toBe(200);
		expect(harness.executions).toHaveLength(before + 1);
	});

	it('rejects a tampered body with 401 and starts nothing', async () => {
		const before = harness.executions.length;
		const original = JSON.stringify({ event: 'message_created', payload: EVENT_PAYLOADS.message_created });
		const signature = deliver.signatureHeader(SECRET, original);
		const tampered = original.replace('Is my order on its way?', 'Refund me to IBAN XX00!');
		expect(tampered).not.toBe(original);
		const delivery = await send(harness, 'message_created', undefined, { rawBody: tampered, signature });
		expectRejected(harness, delivery, before);
	});

	it('rejects a tampered signature', async () => {
		const before = harness.executions.length;
		const body = JSON.stringify({ event: 'contact_updated', payload: EVENT_PAYLOADS.contact_updated });
		const good = deliver.signatureHeader(SECRET, body);
		const v1 = good.split('v1=')[1];
		const bad = good.replace(v1, (v1[0] === 'f' ? 'e' : 'f') + v1.slice(1));
		const delivery = await send(harness, 'contact_updated', undefined, { rawBody: body, signature: bad });
		expectRejected(harness, delivery, before);
	});

	it('rejects a delivery signed with another secret', async () => {
		const before = harness.executions.length;
		const delivery = await send(harness, 'contact_deleted', EVENT_PAYLOADS.contact_deleted, { secret: 'whsec_someone_else' });
		expectRejected(harness, delivery, before);
	});

	it('rejects an unsigned delivery', async () => {
		const before = harness.executions.length;
		const delivery = await send(harness, 'message_created', EVENT_PAYLOADS.message_created);
		expect(delivery.headers['X-Callbell-Signature']).toBeUndefined();
		expectRejected(harness, delivery, before);
	});

	it.each([
		['stale', -301],
		['far in the past', -86_400],
		['in the future', 301],
	])('rejects a signature whose timestamp is %s', async (_label, offset) => {
		// One second past the 5-minute edge: the clock is frozen so that the time the delivery
		// takes on a loaded machine cannot carry a future timestamp back inside the window.
		jest.spyOn(Date, 'now').mockReturnValue(Date.now());
		const before = harness.executions.length;
		const delivery = await send(harness, 'conversation_opened', EVENT_PAYLOADS.conversation_opened, {
			secret: SECRET,
			timestamp: deliver.nowSeconds() + offset,
		});
		expectRejected(harness, delivery, before);
	});

	it('accepts a timestamp a little off the clock (within 5 minutes)', async () => {
		const before = harness.executions.length;
		const payload = { ...EVENT_PAYLOADS.conversation_closed, uuid: 'conversation-off-clock' };
		const delivery = await send(harness, 'conversation_closed', payload, {
			secret: SECRET,
			timestamp: deliver.nowSeconds() - 240,
		});
		expect(delivery.status).toBe(200);
		expect(harness.executions).toHaveLength(before + 1);
	});

	it.each([
		['no timestamp', (v1: string) => `v1=${v1}`],
		['a non-numeric timestamp', (v1: string) => `t=soon,v1=${v1}`],
		['no v1', () => `t=${deliver.nowSeconds()}`],
		['another scheme only', (v1: string) => `t=${deliver.nowSeconds()},v0=${v1}`],
		['a bare hex string', (v1: string) => v1],
	])('rejects a malformed header with %s', async (_label, make) => {
		const before = harness.executions.length;
		const body = JSON.stringify({ event: 'message_created', payload: EVENT_PAYLOADS.message_created });
		const v1 = deliver.signatureHeader(SECRET, body).split('v1=')[1];
		const delivery = await send(harness, 'message_created', undefined, { rawBody: body, signature: make(v1) });
		expectRejected(harness, delivery, before);
	});

	it('refuses every accepted delivery replayed inside the window: 200 "already processed", no second execution', async () => {
		const accepted: Delivery[] = [];
		for (const [i, event] of ALL_EVENTS.entries()) {
			const payload = { ...(EVENT_PAYLOADS[event] as IDataObject), replayCase: i };
			const delivery = await send(harness, event, payload, { secret: SECRET });
			expect(delivery.status).toBe(200);
			accepted.push(delivery);
		}
		const before = harness.executions.length;
		for (const original of accepted) {
			const replayed = await deliver.replay(sandbox, original);
			await harness.settled();
			expect(replayed.rawBody.equals(original.rawBody)).toBe(true);
			expect(replayed.status).toBe(200);
			expect(JSON.parse(replayed.text)).toEqual({ status: 'ok', duplicate: true, message: 'already processed' });
		}
		expect(harness.executions).toHaveLength(before);
	});

	it('rejects a captured delivery replayed after the 5-minute tolerance', async () => {
		const before = harness.executions.length;
		const payload = { ...EVENT_PAYLOADS.message_created, uuid: 'message-replayed-late' };
		const original = await send(harness, 'message_created', payload, { secret: SECRET });
		expect(original.status).toBe(200);
		expect(harness.executions).toHaveLength(before + 1);

		// Six minutes later on the receiving side: the same bytes and header again.
		const realNow = Date.now();
		jest.spyOn(Date, 'now').mockImplementation(() => realNow + 6 * 60 * 1000);
		const replayed = await deliver.replay(sandbox, original);
		await harness.settled();
		expect(replayed.rawBody.equals(original.rawBody)).toBe(true);
		expectRejected(harness, replayed, before + 1);
	});

	it('answers connection checks with 200 {"status":"ok"} and starts nothing, signed or not', async () => {
		const before = harness.executions.length;
		const checks = [
			await deliver.sendConnectionCheck(sandbox), // POST {}
			await deliver.sendConnectionCheck(sandbox, { rawBody: '' }), // POST, empty body
			await deliver.sendConnectionCheck(sandbox, { method: 'GET' }),
			await deliver.sendConnectionCheck(sandbox, { secret: SECRET }),
			await deliver.sendConnectionCheck(sandbox, { rawBody: '{"event":""}' }),
			await deliver.sendConnectionCheck(sandbox, { rawBody: '[{"event":"message_created"}]' }),
			await deliver.sendConnectionCheck(sandbox, { rawBody: 'ping', headers: { 'Content-Type': 'text/plain' } }),
		];
		await harness.settled();
		for (const check of checks) {
			expect(check.status).toBe(200);
			expect(check.body).toEqual({ status: 'ok' });
		}
		expect(harness.executions).toHaveLength(before);
	});

	it('logs every delivery in the sandbox (read by GET /webhooks/events)', async () => {
		const count = sandbox.store.deliveries.length;
		await send(harness, 'contact_created', EVENT_PAYLOADS.contact_created, { secret: SECRET });
		expect(sandbox.store.deliveries).toHaveLength(count + 1);
		expect(sandbox.store.deliveries[count]).toMatchObject({
			event: 'contact_created',
			success: true,
			statusCode: 200,
			response: { status: 'ok' },
		});
	});
});

describe('without a signing secret', () => {
	let harness: WebhookServer;

	beforeAll(async () => {
		// Another workflow: the account's delivery log (kept after an unsubscribe) would show
		// the previous suite's trigger answering, so this one starts on a fresh account.
		sandbox.store.deliveries.length = 0;
		harness = await startTrigger(sandbox, { events: ['message_created', 'contact_created'] });
		await harness.activate();
	});

	afterAll(async () => {
		await harness.deactivate();
		await harness.close();
	});

	it('accepts an unsigned delivery and marks it unverified', async () => {
		const before = harness.executions.length;
		const delivery = await send(harness, 'message_created', EVENT_PAYLOADS.message_created);
		expect(delivery.status).toBe(200);
		expect(delivery.body).toEqual({ status: 'ok' });
		expect(harness.executions).toHaveLength(before + 1);
		expect(harness.executions[before].sinkItems.map((i) => i.json)).toEqual([
			{ ...EVENT_PAYLOADS.message_created, _callbell: { event: 'message_created', verified: false } },
		]);
	});

	it('does not claim verification for a signed delivery it cannot check', async () => {
		const before = harness.executions.length;
		const delivery = await send(harness, 'contact_created', EVENT_PAYLOADS.contact_created, { secret: SECRET });
		expect(delivery.status).toBe(200);
		expect(harness.executions[before].triggerItems[0].json._callbell).toEqual({ event: 'contact_created', verified: false });
	});

	it('acknowledges an event that is not chosen in "Events" without running the workflow', async () => {
		const before = harness.executions.length;
		const delivery = await send(harness, 'contact_deleted', EVENT_PAYLOADS.contact_deleted, { force: true });
		expect(delivery.status).toBe(200);
		expect(delivery.body).toEqual({ status: 'ok' });
		expect(harness.executions).toHaveLength(before);
	});

	it('puts a payload that is not an object under "payload"', async () => {
		const before = harness.executions.length;
		await send(harness, 'message_created', ['a', 'b']);
		await send(harness, 'message_created', undefined);
		expect(harness.executions.slice(before).map((e) => e.triggerItems[0].json)).toEqual([
			{ payload: ['a', 'b'], _callbell: { event: 'message_created', verified: false } },
			{ payload: null, _callbell: { event: 'message_created', verified: false } },
		]);
	});

	it('answers a connection check with 200 {"status":"ok"} and starts nothing', async () => {
		const before = harness.executions.length;
		const check = await deliver.sendConnectionCheck(sandbox);
		await harness.settled();
		expect(check.status).toBe(200);
		expect(check.body).toEqual({ status: 'ok' });
		expect(harness.executions).toHaveLength(before);
	});

	it('stops receiving once deactivated (n8n answers 404) and the account webhook is gone', async () => {
		// The suite's trigger receives the account webhook, so taking it over needs the option.
		const other = await startTrigger(sandbox, { events: ['message_created'], replaceExisting: true });
		await other.activate();
		const url = other.listeningUrl();
		// A delivery answered by `other` is what lets its deactivation delete the webhook.
		await send(other, 'message_created', EVENT_PAYLOADS.message_created);
		await other.deactivate();
		expect(sandbox.store.webhook).toBeNull();
		const late = await deliver.deliverEvent(sandbox, 'message_created', EVENT_PAYLOADS.message_created, { url });
		expect(late.status).toBe(404);
		expect(other.executions).toHaveLength(1);
		await other.close();
		// Re-register the suite's trigger for the following tests and its own clean-up (the
		// log, kept after the unsubscribe, shows `other` answering last: start it afresh).
		await harness.deactivate();
		sandbox.store.deliveries.length = 0;
		await harness.activate();
	});
});

describe('replays across a restart or another n8n process', () => {
	/** A fresh copy of the harness and the node: nothing shared but the "database". */
	function freshProcess(): typeof import('../../harness/webhook') {
		let module: typeof import('../../harness/webhook') | undefined;
		jest.isolateModules(() => {
			module = require('../../harness/webhook') as typeof import('../../harness/webhook');
			module.preloadNode('callbellTrigger');
		});
		return module!;
	}

	it('refuses a replay that reaches a restarted n8n: the record is read from static data', async () => {
		const store = new StaticDataStore();
		const ids = { workflowId: 'wf-callbell-restart', nodeId: 'node-callbell-restart', webhookId: 'hook-callbell-restart' };
		const body = JSON.stringify({ event: 'message_created', payload: { ...EVENT_PAYLOADS.message_created, uuid: 'replayed-after-restart' } });
		const headers = { 'x-callbell-signature': deliver.signatureHeader(SECRET, body) };

		const before = await startTrigger(sandbox, { secret: SECRET, staticData: store, ...ids });
		expect((await postRaw(before.url, body, headers)).status).toBe(200);
		await before.settled();
		expect(before.executions).toHaveLength(1);
		await before.close();

		const fresh = freshProcess();
		const after = await fresh.startWebhookServer({
			type: 'callbellTrigger',
			parameters: { events: ALL_EVENTS },
			credentials: credentials(sandbox, { signingSecret: SECRET }),
			staticData: store,
			...ids,
		});
		const replayed = await fresh.deliver(after.url, body, headers);
		expect(replayed.status).toBe(200);
		expect(replayed.json).toEqual({ status: 'ok', duplicate: true, message: 'already processed' });
		await after.settled();
		expect(after.executions).toHaveLength(0);
		await after.close();
	});
});
