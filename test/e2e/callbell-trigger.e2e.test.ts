/**
 * Callbell Trigger inside a real n8n, against a Callbell sandbox of this file (the
 * credential's Base URL points at it; Callbell keeps one webhook per account, so the shared
 * sandbox is left alone):
 * activation through the public API subscribes n8n's production URL with the chosen events,
 * a delivery signed by the sandbox sender (test/sandbox/callbell/deliver.js) starts exactly
 * one execution with its payload, a forged one gets 401 and starts nothing, a connection
 * check gets 200 {"status":"ok"} and starts nothing, deactivation unsubscribes.
 * Then the account's single webhook in someone else's hands (set in the Callbell dashboard
 * through the sandbox's control route, received by another system's endpoint): activation
 * refuses to replace it, deactivation leaves it, also across an n8n restart (a second n8n of
 * this file, so the shared one is not disturbed).
 */
import type { IDataObject } from 'n8n-workflow';

import { createCredential, e2eState, n8nApi, removeSetup, type N8nApi } from './helpers/e2e';
import { startExtraN8n, type ExtraN8n } from './helpers/instance';
import {
	createTriggerWorkflow,
	expectExecutionCountStays,
	nodeOutput,
	postWebhook,
	sleep,
	waitForExecutionCount,
	waitUntil,
	type TriggerWorkflow,
} from './helpers/triggers';

const { startCallbellSandbox, CALLBELL_DEMO } = require('../sandbox/callbell/server');
const deliver: {
	deliverEvent(sandbox: unknown, event: string, payload: unknown, options?: IDataObject): Promise<Delivery>;
	sendConnectionCheck(sandbox: unknown, options?: IDataObject): Promise<Delivery>;
	signatureHeader(secret: string, rawBody: Buffer | string, options?: IDataObject): string;
	replay(sandbox: unknown, delivery: Delivery): Promise<Delivery>;
} = require('../sandbox/callbell/deliver');

interface Delivery {
	status: number;
	body: any;
	text: string;
	url: string;
	signature?: string;
}

interface CallbellSandbox {
	url: string;
	store: {
		webhook: { url: string; subscriptions: string[]; enabled: boolean } | null;
		deliveries: IDataObject[];
		otherReceivers: Record<string, unknown[]>;
	};
	requests: Array<{ method: string; path: string; headers: Record<string, string>; body: any; status: unknown }>;
	specViolations(): string[];
	clearRequests(): void;
	close(): Promise<void>;
}

const SECRET = 'whsec_e2eN8n_9Tr4Kx2Lm7Pq5Vz8Bw3Hc6';
const EVENTS = ['message_created', 'contact_created'];
const TRIGGER = 'Callbell Trigger';
const MESSAGE: IDataObject = {
	to: '393331234567',
	from: '441234567890',
	text: 'Ciao! Is my order on its way? ✓ "quoted" \u00e9',
	attachments: [],
	status: 'received',
	channel: 'whatsapp',
	contact: { uuid: 'eb2b914a977e4ab896e7b886698b3eac', name: 'Marta Rossi', tags: ['vip'] },
	createdAt: '2024-03-01T10:06:29.000+01:00',
};

describe('Callbell Trigger in n8n (activated through the public API)', () => {
	const api = n8nApi();
	let sandbox: CallbellSandbox;
	let credentialId: string;
	let wf: TriggerWorkflow;
	let executions = 0;
	const startedAnswers: Delivery[] = [];

	const calls = (method: string, path: string) => sandbox.requests.filter((r) => r.method === method && r.path === path);

	beforeAll(async () => {
		sandbox = await startCallbellSandbox({ port: 0, rateLimit: { enabled: false } });
		credentialId = await createCredential(
			'callbellApi',
			{ apiKey: CALLBELL_DEMO.apiKey, baseUrl: sandbox.url, signingSecret: SECRET },
			'Callbell sandbox (callbell-trigger e2e)',
		);
		wf = await createTriggerWorkflow(api, {
			type: 'callbellTrigger',
			name: 'e2e Callbell Trigger',
			triggerName: TRIGGER,
			parameters: { events: EVENTS },
			credentials: { callbellApi: credentialId },
		});
	});

	afterEach(() => {
		expect(sandbox.specViolations()).toEqual([]);
	});

	afterAll(async () => {
		await removeSetup(api, { workflowId: wf?.id, credentialId, sandbox });
	});

	it('activation subscribes the production URL with the chosen events', async () => {
		expect(sandbox.store.webhook).toBeNull();
		await api.activateWorkflow(wf.id);

		const productionUrl = `${e2eState().url}/webhook/${wf.webhookPath}`;
		// n8n runs the trigger's create() hook shortly after the activate call has answered.
		await waitUntil(() => sandbox.store.webhook, { what: 'the subscribe call of the activation' });
		expect(sandbox.store.webhook).toEqual(expect.objectContaining({ url: productionUrl, subscriptions: EVENTS, enabled: true }));
		const subscribes = calls('POST', '/webhooks/subscribe');
		expect(subscribes).toHaveLength(1);
		expect(subscribes[0].body).toEqual({ url: productionUrl, subscriptions: EVENTS });
		expect(subscribes[0].headers.authorization).toBe(`Bearer ${CALLBELL_DEMO.apiKey}`);
		expect(calls('DELETE', '/webhooks/unsubscribe')).toHaveLength(0);

		// Wait out the short window in which n8n still answers 404 for a new route (a GET is a
		// connection check: it starts nothing either way).
		const ready = await postWebhook(e2eState().url, wf.webhookPath, '', {}, { method: 'GET' });
		expect(ready).toMatchObject({ status: 200, body: { status: 'ok' } });
	});

	it('a signed delivery from the sandbox sender starts exactly one execution with the payload', async () => {
		const delivery = await deliver.deliverEvent(sandbox, 'message_created', MESSAGE, { secret: SECRET });
		expect(delivery.url).toBe(`${e2eState().url}/webhook/${wf.webhookPath}`);
		expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
		expect(delivery.status).toBe(200);
		startedAnswers.push(delivery);

		executions += 1;
		const all = await waitForExecutionCount(api, wf.id, executions);
		const execution = all[executions - 1];
		expect(execution).toMatchObject({ mode: 'webhook', status: 'success', finished: true });
		const expected = { ...MESSAGE, _callbell: { event: 'message_created', verified: true } };
		expect(nodeOutput(execution, TRIGGER)).toEqual([expected]);
		expect(nodeOutput(execution, wf.nextName)).toEqual([expected]);
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it("Callbell's delivery log keeps n8n's answer with the trigger's receiver header", async () => {
		const log = await sandboxLog(sandbox);
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({ event: 'message_created', success: true, response: { code: 200, body: { status: 'ok' } } });
		expect(log[0].response.headers['x-n8n-callbell-receiver']).toMatch(/^[0-9a-f]{24}$/);
	});

	it('answers a delivery that started a run as the README documents: 200 {"status":"ok"}', () => {
		// n8n (2.41.1 and 1.123.81) answers an onReceived webhook whose description names no
		// `responseData` with the literal text "firstEntryJson" (its default for that field),
		// whatever webhookResponse the node returned alongside workflowData.
		expect(startedAnswers.map((a) => ({ status: a.status, body: a.body }))).toEqual([{ status: 200, body: { status: 'ok' } }]);
	});

	it('forged deliveries get 401 and start nothing', async () => {
		const original = JSON.stringify({ event: 'message_created', payload: MESSAGE });
		const signature = deliver.signatureHeader(SECRET, original);
		const tampered = original.replace('Is my order on its way?', 'Refund me to IBAN XX00!');
		const forged: Array<[string, IDataObject]> = [
			['body changed after signing', { rawBody: tampered, signature }],
			['signed with another secret', { secret: 'whsec_someone_else' }],
			['unsigned', {}],
			['stale signature timestamp', { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 }],
		];
		for (const [label, options] of forged) {
			const delivery = await deliver.deliverEvent(sandbox, 'message_created', MESSAGE, options);
			expect({ label, status: delivery.status }).toEqual({ label, status: 401 });
			expect(JSON.parse(delivery.text)).toEqual({ error: expect.stringMatching(/^Invalid x-callbell-signature: \w+$/) });
		}
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it('connection checks get 200 {"status":"ok"} and start nothing', async () => {
		for (const options of [{}, { method: 'GET' }, { secret: SECRET }, { rawBody: '' }]) {
			const check = await deliver.sendConnectionCheck(sandbox, options);
			expect({ options, status: check.status, body: check.body }).toEqual({ options, status: 200, body: { status: 'ok' } });
		}
		// An event the workflow did not choose is acknowledged the same way, without a run.
		const unchosen = await deliver.deliverEvent(sandbox, 'contact_deleted', { uuid: 'x' }, { secret: SECRET, force: true });
		expect({ status: unchosen.status, body: unchosen.body }).toEqual({ status: 200, body: { status: 'ok' } });
		await expectExecutionCountStays(api, wf.id, executions);
	});

	it('a second chosen event runs once more', async () => {
		const contact = { uuid: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', name: 'Ada Lovelace', phoneNumber: '+441234567890', tags: [] };
		const delivery = await deliver.deliverEvent(sandbox, 'contact_created', contact, { secret: SECRET });
		expect(delivery.status).toBe(200);
		startedAnswers.push(delivery);
		executions += 1;
		const all = await waitForExecutionCount(api, wf.id, executions);
		expect(nodeOutput(all[executions - 1], TRIGGER)).toEqual([{ ...contact, _callbell: { event: 'contact_created', verified: true } }]);
		await expectExecutionCountStays(api, wf.id, executions, 1000);
	});

	it('every accepted delivery replayed once (same bytes, same signature) is refused and starts nothing', async () => {
		expect(startedAnswers).toHaveLength(2);
		for (const original of startedAnswers) {
			const replayed = await deliver.replay(sandbox, original);
			expect({ status: replayed.status, body: replayed.body }).toEqual({
				status: 200,
				body: { status: 'ok', duplicate: true, message: 'already processed' },
			});
		}
		await expectExecutionCountStays(api, wf.id, executions, 1000);
	});

	it('deactivation unsubscribes: the sandbox account has no webhook any more', async () => {
		sandbox.clearRequests();
		await api.deactivateWorkflow(wf.id);
		await waitUntil(() => calls('DELETE', '/webhooks/unsubscribe').length > 0, { what: 'the unsubscribe call of the deactivation' });
		expect(calls('DELETE', '/webhooks/unsubscribe')).toHaveLength(1);
		expect(calls('DELETE', '/webhooks/unsubscribe')[0].status).toBe(200);
		expect(calls('POST', '/webhooks/subscribe')).toHaveLength(0);
		expect(sandbox.store.webhook).toBeNull();
		// n8n stops routing the URL (a '{}' that still reaches the node is a connection check).
		await waitUntil(async () => (await postWebhook(e2eState().url, wf.webhookPath, '{}', {}, { retryMs: 0 })).status === 404, {
			what: 'the production URL to answer 404',
		});
		await expectExecutionCountStays(api, wf.id, executions, 500);
	});
});

/** GET /webhooks/events as the API answers it (the delivery log of the current webhook). */
async function sandboxLog(sandbox: CallbellSandbox): Promise<any[]> {
	const res = await fetch(`${sandbox.url}/webhooks/events`, {
		headers: { Authorization: `Bearer ${CALLBELL_DEMO.apiKey}`, Accept: 'application/json' },
	});
	return ((await res.json()) as { webhook_events: any[] }).webhook_events;
}

/** The Callbell dashboard of the sandbox account (a control route, not the API). */
async function dashboard(sandbox: CallbellSandbox, method: 'PUT' | 'DELETE', webhook?: { url: string; subscriptions: string[] }): Promise<void> {
	const res = await fetch(`${sandbox.url}/__sandbox/dashboard/webhook`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		body: webhook ? JSON.stringify(webhook) : undefined,
	});
	expect(res.status).toBe(200);
}

const otherSystem = (sandbox: CallbellSandbox, name: string) => `${sandbox.url}/__sandbox/receivers/${name}`;

/**
 * The account's webhook set by someone else while (or before) a workflow is active: the
 * trigger must neither replace it unasked nor delete it. `n8n` is the instance the
 * workflow lives in; `restart` restarts it (undefined: the shared n8n, never restarted).
 */
function someoneElsesWebhook(label: string, setup: () => Promise<{ api: N8nApi; url: string; restart?: () => Promise<void>; close?: () => Promise<void> }>): void {
	describe(`Callbell Trigger and a webhook someone else set (${label})`, () => {
		let n8n: { api: N8nApi; url: string; restart?: () => Promise<void>; close?: () => Promise<void> };
		let sandbox: CallbellSandbox;
		let wf: TriggerWorkflow;
		let executions = 0;
		const calls = (method: string, path: string) => sandbox.requests.filter((r) => r.method === method && r.path === path);

		beforeAll(async () => {
			n8n = await setup();
			sandbox = await startCallbellSandbox({ port: 0, rateLimit: { enabled: false } });
			const credential = await n8n.api.createCredential({
				name: `Callbell sandbox (${label})`,
				type: 'callbellApi',
				data: { apiKey: CALLBELL_DEMO.apiKey, baseUrl: sandbox.url, signingSecret: SECRET },
			});
			wf = await createTriggerWorkflow(n8n.api, {
				type: 'callbellTrigger',
				name: `e2e Callbell Trigger (${label})`,
				triggerName: TRIGGER,
				parameters: { events: EVENTS },
				credentials: { callbellApi: String(credential.id) },
			});
		}, 240_000);

		afterEach(() => {
			expect(sandbox.specViolations()).toEqual([]);
		});

		afterAll(async () => {
			if (n8n && wf) {
				await n8n.api.deactivateWorkflow(wf.id).catch(() => undefined);
				await n8n.api.deleteWorkflow(wf.id).catch(() => undefined);
			}
			if (sandbox) await sandbox.close();
			if (n8n?.close) await n8n.close();
		});

		/** Activates and waits until n8n serves the URL and Callbell's webhook points to it. */
		async function activated(): Promise<void> {
			await n8n.api.activateWorkflow(wf.id);
			const url = `${n8n.url}/webhook/${wf.webhookPath}`;
			await waitUntil(() => sandbox.store.webhook?.url === url, { what: 'the subscribe call of the activation' });
			await postWebhook(n8n.url, wf.webhookPath, '', {}, { method: 'GET' });
		}

		/** Callbell delivers a signed message_created to whatever the account's webhook is. */
		async function callbellDelivers(): Promise<Delivery> {
			return await deliver.deliverEvent(sandbox, 'message_created', MESSAGE, { secret: SECRET });
		}

		/** Callbell delivers to the workflow's webhook: one more execution. */
		async function deliveredToTheWorkflow(): Promise<void> {
			expect((await callbellDelivers()).status).toBe(200);
			executions += 1;
			await waitForExecutionCount(n8n.api, wf.id, executions);
		}

		/** The dashboard points the account's webhook at another system, which gets the next delivery. */
		async function dashboardTakesOver(): Promise<void> {
			await dashboard(sandbox, 'PUT', { url: otherSystem(sandbox, 'crm'), subscriptions: ['message_created'] });
			expect((await callbellDelivers()).status).toBe(200);
		}

		/** Deactivates, waits for the node's delete() (it reads the log), and a quiet moment. */
		async function deactivated(): Promise<void> {
			sandbox.clearRequests();
			await n8n.api.deactivateWorkflow(wf.id);
			await waitUntil(() => calls('GET', '/webhooks/events').length > 0, { what: 'the delivery-log read of the deactivation' });
			await sleep(1000);
		}

		/**
		 * Active and delivered to, then the dashboard takes the webhook over: deactivation
		 * leaves the other system's webhook registered.
		 */
		async function takenOverWhileActive(): Promise<void> {
			await activated();
			await deliveredToTheWorkflow();
			await dashboardTakesOver();
			await deactivated();
			expect(calls('DELETE', '/webhooks/unsubscribe')).toHaveLength(0);
			expect(sandbox.store.webhook!.url).toBe(otherSystem(sandbox, 'crm'));
		}

		it('activation refuses to replace it: nothing subscribed, the publication status says why', async () => {
			await dashboard(sandbox, 'PUT', { url: otherSystem(sandbox, 'crm'), subscriptions: ['message_created'] });
			expect((await callbellDelivers()).status).toBe(200);
			sandbox.clearRequests();

			// n8n 2.x answers the activate call, then runs the trigger's hooks (publication
			// outbox); a failure shows in the workflow's publication status.
			await n8n.api.activateWorkflow(wf.id);
			const status = await waitUntil(
				async () => {
					const current = await n8n.api.request('GET', `/rest/workflows/${wf.id}/publication-status`);
					return JSON.stringify(current).includes('may belong to someone else') ? current : undefined;
				},
				{ what: 'the failed publication status', timeoutMs: 30_000 },
			);
			expect(JSON.stringify(status)).toContain("The Callbell account's webhook may belong to someone else");
			await sleep(1000);
			expect(calls('GET', '/webhooks/events').length).toBeGreaterThan(0);
			expect(calls('POST', '/webhooks/subscribe')).toHaveLength(0);
			expect(calls('DELETE', '/webhooks/unsubscribe')).toHaveLength(0);
			expect(sandbox.store.webhook!.url).toBe(otherSystem(sandbox, 'crm'));
			await n8n.api.deactivateWorkflow(wf.id).catch(() => undefined);
			await sleep(500);
			expect(calls('DELETE', '/webhooks/unsubscribe')).toHaveLength(0);
			expect(sandbox.store.webhook!.url).toBe(otherSystem(sandbox, 'crm'));
		});

		it('set in the dashboard while the workflow is active: deactivation leaves it registered', async () => {
			await dashboard(sandbox, 'DELETE');
			// Callbell's log is kept after a deletion (the sandbox's strict reading): the crm's
			// answers of the previous test would rightly keep the trigger from subscribing.
			sandbox.store.deliveries.length = 0;
			await takenOverWhileActive();
			expect(sandbox.store.otherReceivers.crm).toHaveLength(2);
			await expectExecutionCountStays(n8n.api, wf.id, executions, 500);
		});

		if (label.includes('restart')) {
			it('after an n8n restart: its own webhook is deleted, one the dashboard set is left registered', async () => {
				await dashboard(sandbox, 'DELETE');
				sandbox.store.deliveries.length = 0;
				sandbox.clearRequests();
				await activated();
				await deliveredToTheWorkflow();

				await n8n.restart!();
				// n8n 2.41 calls neither checkExists nor create at start for a workflow whose webhook
				// row is still stored: ActiveWorkflowManager.addWebhooks skips both when storeWebhook
				// fails with QueryFailedError during 'init' (active-workflow-manager.js). So no
				// second subscribe; the webhook Callbell kept keeps delivering.
				const ready = await postWebhook(n8n.url, wf.webhookPath, '', {}, { method: 'GET', retryMs: 30_000 });
				expect(ready.status).toBe(200);
				expect(calls('POST', '/webhooks/subscribe')).toHaveLength(1);
				await deliveredToTheWorkflow();
				// The restarted n8n's answer proves the webhook is this workflow's: deleted.
				await deactivated();
				expect(calls('DELETE', '/webhooks/unsubscribe')).toHaveLength(1);
				expect(sandbox.store.webhook).toBeNull();

				// Same restarted n8n: active again, then the dashboard takes the webhook over.
				await takenOverWhileActive();
			}, 240_000);
		}
	});
}

someoneElsesWebhook('shared n8n', async () => ({ api: n8nApi(), url: e2eState().url }));

someoneElsesWebhook('n8n restart', async () => {
	const extra: ExtraN8n = await startExtraN8n({ version: '2.41.1' });
	return { api: extra.api, url: extra.url, restart: () => extra.restart(), close: () => extra.close() };
});
