/**
 * Callbell Trigger in queue mode, across processes: main subscribes nginx's production URL on
 * activation (once), signed deliveries from the sandbox sender come in through nginx and run
 * once each on the workers, every accepted delivery replayed once to each webhook processor
 * directly starts nothing, restarting a webhook processor and the main process subscribes
 * nothing again, and deactivation on main unsubscribes once.
 */
import type { IDataObject } from 'n8n-workflow';

import { createCredential, n8nApi } from '../e2e/helpers/e2e';
import { waitUntil } from '../e2e/helpers/triggers';
import { activeWorkflow, callbellTrigger, pool, queueCluster, report, runTag, settledExecutions, tally, type ActiveWorkflow, type Answer } from './helpers';

const { startCallbellSandbox, CALLBELL_DEMO } = require('../sandbox/callbell/server');
const deliver: {
	deliverEvent(sandbox: unknown, event: string, payload: unknown, options?: IDataObject): Promise<Delivery>;
	replay(sandbox: unknown, delivery: Delivery, options?: IDataObject): Promise<Delivery>;
} = require('../sandbox/callbell/deliver');

interface Delivery extends Answer {
	url: string;
	rawBody: Buffer;
	headers: Record<string, string>;
}

interface CallbellSandbox {
	url: string;
	store: { webhook: { url: string; subscriptions: string[]; enabled: boolean } | null };
	requests: Array<{ method: string; path: string; status: unknown }>;
	specViolations(): string[];
	close(): Promise<void>;
}

const SECRET = 'whsec_e2eQueue_4Hc7Tz1Kw9Pm3Qx6Vb2Ln8';
const EVENTS = ['message_created'];
const DELIVERIES = 30;

describe('Callbell Trigger in queue mode: subscription lifecycle and deliveries across processes', () => {
	const api = n8nApi();
	const cluster = queueCluster();
	let sandbox: CallbellSandbox;
	let credentialId: string;
	let wf: ActiveWorkflow;
	const tag = runTag('cb');
	const accepted: Delivery[] = [];

	const calls = (method: string, path: string) => sandbox.requests.filter((r) => r.method === method && r.path === path);
	const message = (n: number): IDataObject => ({
		to: '393331234567',
		from: '441234567890',
		text: `Order question ${tag}-${n}`,
		status: 'received',
		channel: 'whatsapp',
		contact: { uuid: 'eb2b914a977e4ab896e7b886698b3eac', name: 'Marta Rossi' },
		createdAt: new Date().toISOString(),
	});

	beforeAll(async () => {
		sandbox = await startCallbellSandbox({ port: 0, rateLimit: { enabled: false } });
		credentialId = await createCredential('callbellApi', { apiKey: CALLBELL_DEMO.apiKey, baseUrl: sandbox.url, signingSecret: SECRET }, 'Callbell sandbox (e2e-queue)');
	});

	afterEach(() => {
		expect(sandbox.specViolations()).toEqual([]);
	});

	afterAll(async () => {
		if (wf) await api.deactivateWorkflow(wf.id).catch(() => undefined);
		if (credentialId) await api.deleteCredential(credentialId).catch(() => undefined);
		if (sandbox) await sandbox.close();
	});

	it('activation on main subscribes nginx’s production URL once', async () => {
		// A '{}' without an event is a connection check: 200, no execution (the route probe).
		wf = await activeWorkflow(api, callbellTrigger({ events: EVENTS }, credentialId), { name: 'e2e-queue Callbell', probe: { body: '{}' } });
		await waitUntil(() => sandbox.store.webhook, { what: 'the subscribe call of the activation' });
		expect(sandbox.store.webhook).toEqual(expect.objectContaining({ url: `${cluster.url}/webhook/${wf.webhookPath}`, subscriptions: EVENTS, enabled: true }));
		expect(calls('POST', '/webhooks/subscribe')).toHaveLength(1);
	});

	it(`${DELIVERIES} signed deliveries through nginx run exactly once each`, async () => {
		const answers = await pool(
			Array.from({ length: DELIVERIES }, (_, n) => n),
			3,
			(n) => deliver.deliverEvent(sandbox, 'message_created', message(n), { secret: SECRET }),
		);
		accepted.push(...answers.filter((a) => a.status === 200));
		const index = await settledExecutions([wf.id], tag, { atLeast: DELIVERIES });
		report(`Callbell deliveries through nginx: ${DELIVERIES}, answers ${JSON.stringify(tally(answers))}, executions ${JSON.stringify(index.taggedByStatus)}`);
		expect(tally(answers)).toEqual({ '200 ok': DELIVERIES });
		expect(index.taggedByStatus).toEqual({ success: DELIVERIES });
		expect([...index.perDelivery.values()].every((runs) => runs.length === 1)).toBe(true);
		expect(index.perDelivery.size).toBe(DELIVERIES);
	});

	// Half of the replays reach the processor that accepted the delivery (its local record catches
	// them all); the other half depend on the persisted record, which no save can lose once both
	// processors have loaded an id (nodes/shared/triggers/dedup.ts). Measured: 60 of 60 refused
	// (before this round's heal and back-off: 58-60).
	it('every accepted delivery replayed once to each webhook processor directly → all refused, none runs again', async () => {
		const replays = await pool(
			accepted.flatMap((d) => [0, 1].map((i) => ({ d, url: `${cluster.webhookUrl(i)}/webhook/${wf.webhookPath}` }))),
			4,
			({ d, url }) => deliver.replay(sandbox, d, { url }),
		);
		const index = await settledExecutions([wf.id], tag, { atLeast: DELIVERIES });
		report(`Callbell replays: ${replays.length} (each accepted delivery once to each processor), answers ${JSON.stringify(tally(replays))}, executions ${JSON.stringify(index.taggedByStatus)}`);
		expect(tally(replays)).toEqual({ '200 ok duplicate': replays.length });
		expect(index.tagged).toHaveLength(DELIVERIES);
	});

	it('restarting a webhook processor and the main process subscribes nothing again; deliveries still run once', async () => {
		const webhookRestart = await cluster.restartWebhook(0);
		const mainRestart = await cluster.restart('main');
		report(`restarts: webhook processor 1 in ${webhookRestart.shutdownSeconds.toFixed(1)} + ${webhookRestart.startSeconds?.toFixed(1)} s, main in ${mainRestart.shutdownSeconds.toFixed(1)} + ${mainRestart.startSeconds?.toFixed(1)} s`);
		// Main re-activates the workflow at start; its hook runs right after readiness.
		await waitUntil(async () => (await api.request('GET', `/api/v1/workflows/${wf.id}`)).active, { what: 'the workflow to be active again' });
		expect(calls('POST', '/webhooks/subscribe')).toHaveLength(1);
		expect(calls('DELETE', '/webhooks/unsubscribe')).toHaveLength(0);
		expect(sandbox.store.webhook?.url).toBe(`${cluster.url}/webhook/${wf.webhookPath}`);

		// A new delivery after the restarts: exactly one execution carries it.
		const afterTag = runTag('cbafter');
		const after = await deliver.deliverEvent(sandbox, 'message_created', { ...message(0), text: `After the restarts ${afterTag}-0` }, { secret: SECRET });
		expect(after.status).toBe(200);
		const index = await settledExecutions([wf.id], afterTag, { atLeast: 1 });
		expect(index.tagged).toHaveLength(1);
		expect(calls('POST', '/webhooks/subscribe')).toHaveLength(1);
	});

	it('deactivation on main unsubscribes once', async () => {
		// What the node keeps about its subscription, for the log: the keys of its static data.
		const [[stored = '']] = await cluster.sql(`SELECT "staticData"::text FROM workflow_entity WHERE id = '${wf.id}'`);
		report(`Callbell workflow static data before deactivation: ${stored.replace(/"keys":\[[^\]]*\]/g, '"keys":[…]').replace(/"anchors":\[[^\]]*\]/g, '"anchors":[…]').slice(0, 600)}`);
		await api.deactivateWorkflow(wf.id);
		await waitUntil(() => calls('DELETE', '/webhooks/unsubscribe').length > 0, { what: 'the unsubscribe call of the deactivation' });
		expect(calls('DELETE', '/webhooks/unsubscribe')).toHaveLength(1);
		expect(calls('POST', '/webhooks/subscribe')).toHaveLength(1);
		expect(sandbox.store.webhook).toBeNull();
	});
});
