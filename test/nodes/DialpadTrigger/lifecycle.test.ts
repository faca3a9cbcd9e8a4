/**
 * Activation and deactivation of the Dialpad Trigger against the Dialpad sandbox, through
 * n8n-core's HookContext in ActiveWorkflowManager's order (checkExists → create; delete).
 */
import { DialpadInteger, parseDialpadJson, stringifyDialpadJson } from '../../../nodes/Dialpad/transport';
import { dialpadInt64 } from '../../harness/sandboxes';
import { deliver as post, StaticDataStore, type WebhookServer } from '../../harness/webhook';
import { deliverJs, DIALPAD_DEMO, requestsTo, signJwt, startDialpadSandbox, startTrigger, type DialpadSandbox, type TriggerOptions } from './fixtures';

let sandbox: DialpadSandbox;

/** The registration the trigger's lifecycle record holds in static data (undefined: none). */
function registrationIn(harness: WebhookServer): Record<string, unknown> | undefined {
	const all = harness.nodeStaticData.triggerLifecycle as Record<string, { value?: Record<string, unknown> }> | undefined;
	return all?.dialpad?.value;
}
const harnesses: WebhookServer[] = [];

async function trigger(options: TriggerOptions = {}): Promise<WebhookServer> {
	const harness = await startTrigger(sandbox, options);
	harnesses.push(harness);
	return harness;
}

beforeAll(async () => {
	sandbox = await startDialpadSandbox();
});
afterAll(async () => {
	await sandbox.close();
});
beforeEach(() => {
	sandbox.store.webhooks = [];
	sandbox.store.subscriptions = { call: [], sms: [], contact: [] };
	sandbox.clearRequests();
});
afterEach(async () => {
	expect(sandbox.specViolations()).toEqual([]);
	sandbox.clearSpecViolations();
	await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

/** Someone else's webhook and subscription in the same company (the dashboard, Zapier…). */
async function foreign(): Promise<{ webhookId: string; subId: string }> {
	const headers = { Authorization: `Bearer ${DIALPAD_DEMO.apiKey}`, 'Content-Type': 'application/json' };
	// Read as Dialpad's int64 IDs must be: exact, as strings.
	const post = async (path: string, body: object) =>
		parseDialpadJson(await (await fetch(`${sandbox.url}/api/v2${path}`, { method: 'POST', headers, body: stringifyDialpadJson(body) })).text()) as { id: string };
	const hook = await post('/webhooks', { hook_url: 'https://zapier.example/hooks/1', secret: 'theirs' });
	const sub = await post('/subscriptions/call', { endpoint_id: new DialpadInteger(hook.id), call_states: ['all'] });
	return { webhookId: String(hook.id), subId: String(sub.id) };
}

describe('Dialpad Trigger: activation', () => {
	it('creates one webhook at its URL with a generated secret, and one subscription per kind', async () => {
		const harness = await trigger();
		await harness.activate();
		expect(sandbox.store.webhooks).toHaveLength(1);
		const webhook = sandbox.store.webhooks[0];
		expect(webhook.hook_url).toBe(harness.webhookUrl());
		expect(webhook.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(requestsTo(sandbox, 'POST', '/subscriptions/call')[0].body).toEqual({ call_states: ['hangup', 'missed'], enabled: true, endpoint_id: dialpadInt64(webhook.id) });
		expect(requestsTo(sandbox, 'POST', '/subscriptions/sms')[0].body).toEqual({ direction: 'inbound', include_internal: false, enabled: true, endpoint_id: dialpadInt64(webhook.id) });
		expect(requestsTo(sandbox, 'POST', '/subscriptions/contact')[0].body).toEqual({ contact_type: 'shared', enabled: true, endpoint_id: dialpadInt64(webhook.id) });
		const record = (harness.nodeStaticData.triggerLifecycle as Record<string, { value: Record<string, unknown> }>).dialpad.value;
		expect(record).toMatchObject({ webhookId: webhook.id, url: harness.webhookUrl() });
		expect((record.subscriptions as unknown[]).length).toBe(3);
	});

	it('each workflow gets its own secret', async () => {
		const a = await trigger();
		const b = await trigger();
		await a.activate();
		await b.activate();
		const secrets = sandbox.store.webhooks.map((w: { secret: string }) => w.secret);
		expect(new Set(secrets).size).toBe(2);
	});

	it('targets a user when asked', async () => {
		const harness = await trigger({ parameters: { events: ['call.ringing', 'sms.inbound', 'sms.outbound'], targetType: 'user', userId: { __rl: true, mode: 'list', value: DIALPAD_DEMO.users.alice.id } } });
		await harness.activate();
		expect(sandbox.store.subscriptions.call[0]).toMatchObject({ target_type: 'user', target_id: DIALPAD_DEMO.users.alice.id, call_states: ['ringing'] });
		expect(sandbox.store.subscriptions.sms[0]).toMatchObject({ target_type: 'user', direction: 'all' });
		expect(sandbox.store.subscriptions.contact).toHaveLength(0);
		// Issue 20, kind 8: target_id and endpoint_id are int64 in the spec: JSON numbers, every digit.
		const raw = requestsTo(sandbox, 'POST', '/subscriptions/call')[0].rawBody;
		expect(raw).toContain(`"target_id":${DIALPAD_DEMO.users.alice.id}`);
		expect(raw).toMatch(/"endpoint_id":\d{16,}[,}]/);
	});

	it('checkExists is answered by the API, across a restart or another process (shared database)', async () => {
		const db = new StaticDataStore();
		const ids = { workflowId: 'wf-restart', nodeId: 'node-restart', webhookId: 'hook-restart', staticData: db, webhookBase: 'https://n8n.example/webhook' };
		const first = await trigger(ids);
		await first.activate();
		const restarted = await trigger(ids);
		sandbox.clearRequests();
		expect(await restarted.lifecycle('checkExists')).toBe(true);
		expect(requestsTo(sandbox, 'GET', /^\/(webhooks|subscriptions)\//).length).toBe(4);
		await restarted.activate();
		expect(sandbox.store.webhooks).toHaveLength(1);
		expect(requestsTo(sandbox, 'POST', '/webhooks')).toHaveLength(0);
	});

	it('a subscription removed at Dialpad makes checkExists false; re-activation replaces everything it owned', async () => {
		const harness = await trigger();
		await harness.activate();
		const oldWebhook = sandbox.store.webhooks[0].id;
		sandbox.store.subscriptions.sms = [];
		expect(await harness.lifecycle('checkExists')).toBe(false);
		await harness.activate();
		expect(sandbox.store.webhooks.map((w: { id: string }) => w.id)).not.toContain(oldWebhook);
		expect(sandbox.store.webhooks).toHaveLength(1);
		expect(sandbox.store.subscriptions.call).toHaveLength(1);
		expect(sandbox.store.subscriptions.sms).toHaveLength(1);
	});

	it('changed settings make checkExists false', async () => {
		const db = new StaticDataStore();
		const ids = { workflowId: 'wf-settings', nodeId: 'node-settings', webhookId: 'hook-settings', staticData: db, webhookBase: 'https://n8n.example/webhook' };
		await (await trigger(ids)).activate();
		const changed = await trigger({ ...ids, parameters: { events: ['call.hangup'] } });
		expect(await changed.lifecycle('checkExists')).toBe(false);
	});

	it('a failure half-way is cleaned up: nothing it created is left', async () => {
		const harness = await trigger();
		sandbox.faults.inject({ kind: '400', method: 'POST', path: '/api/v2/subscriptions/contact' });
		await expect(harness.activate()).rejects.toThrow(/Dialpad rejected the request/);
		expect(sandbox.store.webhooks).toHaveLength(0);
		expect(sandbox.store.subscriptions.call).toHaveLength(0);
		expect(sandbox.store.subscriptions.sms).toHaveLength(0);
	});
});

describe('Dialpad Trigger: deactivation', () => {
	it('deletes exactly what it created and leaves other webhooks and subscriptions alone', async () => {
		const other = await foreign();
		const harness = await trigger();
		await harness.activate();
		await harness.deactivate();
		expect(sandbox.store.webhooks.map((w: { id: string }) => w.id)).toEqual([other.webhookId]);
		expect(sandbox.store.subscriptions.call.map((s: { id: string }) => s.id)).toEqual([other.subId]);
		expect(sandbox.store.subscriptions.sms).toHaveLength(0);
		expect(sandbox.store.subscriptions.contact).toHaveLength(0);
		expect(registrationIn(harness)).toBeUndefined();
	});

	it('after a restart (another process), from the record in the database', async () => {
		const db = new StaticDataStore();
		const ids = { workflowId: 'wf-deact', nodeId: 'node-deact', webhookId: 'hook-deact', staticData: db, webhookBase: 'https://n8n.example/webhook' };
		await (await trigger(ids)).activate();
		const other = await foreign();
		await (await trigger(ids)).deactivate();
		expect(sandbox.store.webhooks.map((w: { id: string }) => w.id)).toEqual([other.webhookId]);
	});

	it('without any record (e.g. a test run n8n did not persist), removes only what points at its own URL', async () => {
		const webhookBase = 'https://n8n.example/webhook';
		const harness = await trigger({ webhookBase });
		await harness.activate();
		const other = await foreign();
		const lost = await trigger({ workflowId: harness.workflowId, nodeId: harness.node.id, webhookId: harness.node.webhookId, webhookBase });
		await lost.deactivate();
		expect(sandbox.store.webhooks.map((w: { id: string }) => w.id)).toEqual([other.webhookId]);
		expect(sandbox.store.subscriptions.call.map((s: { id: string }) => s.id)).toEqual([other.subId]);
	});

	it('never deletes in another account: the credential changed since activation', async () => {
		const db = new StaticDataStore();
		const ids = { workflowId: 'wf-acct', nodeId: 'node-acct', webhookId: 'hook-acct', staticData: db, webhookBase: 'https://n8n.example/webhook' };
		await (await trigger(ids)).activate();
		sandbox.clearRequests();
		await (await trigger({ ...ids, apiKey: DIALPAD_DEMO.userApiKey })).deactivate();
		expect(requestsTo(sandbox, 'DELETE', /./)).toHaveLength(0);
		expect(sandbox.store.webhooks).toHaveLength(1);
	});

	it('things already deleted at Dialpad count as done', async () => {
		const harness = await trigger();
		await harness.activate();
		sandbox.store.webhooks = [];
		sandbox.store.subscriptions = { call: [], sms: [], contact: [] };
		await expect(harness.deactivate()).resolves.toBeUndefined();
		expect(registrationIn(harness)).toBeUndefined();
	});
});

describe('Dialpad Trigger: deliveries without a stored record', () => {
	it('listening for a test event (n8n keeps no static data): the secret is read from Dialpad by the URL', async () => {
		const first = await trigger();
		await first.activate();
		// Same node and URL path, no record: as a test webhook sees it.
		const bare = await trigger({ workflowId: first.workflowId, nodeId: first.node.id, webhookId: first.node.webhookId });
		sandbox.clearRequests();
		const event = deliverJs.callEvent('hangup');
		const good = await post(bare.url, signJwt(JSON.stringify(event), sandbox.store.webhooks[0].secret), { 'content-type': 'application/jwt' });
		const forged = await post(bare.url, signJwt(JSON.stringify(deliverJs.callEvent('hangup')), 'guess'), { 'content-type': 'application/jwt' });
		await bare.settled();
		expect([good.status, forged.status]).toEqual([200, 401]);
		expect(bare.started).toBe(1);
		// Looked up once, then kept in this process for a few minutes.
		expect(requestsTo(sandbox, 'GET', '/webhooks')).toHaveLength(1);

		// A new registration at the same URL (a new test session) brings a new secret: the
		// secret kept in this process is dropped with the old webhook.
		const oldSecret = sandbox.store.webhooks[0].secret;
		await first.lifecycle('create');
		const fresh = await post(bare.url, signJwt(JSON.stringify(deliverJs.callEvent('hangup')), sandbox.store.webhooks[0].secret), { 'content-type': 'application/jwt' });
		const stale = await post(bare.url, signJwt(JSON.stringify(deliverJs.callEvent('hangup')), oldSecret), { 'content-type': 'application/jwt' });
		await bare.settled();
		expect([fresh.status, stale.status]).toEqual([200, 401]);
		expect(bare.started).toBe(2);
	});

	it('a URL Dialpad knows nothing about: 401, nothing runs', async () => {
		const stranger = await trigger();
		const answer = await post(stranger.url, signJwt(JSON.stringify(deliverJs.callEvent('hangup')), 'x'), { 'content-type': 'application/jwt' });
		expect(answer.status).toBe(401);
		expect(answer.json).toEqual({ error: 'This trigger has no webhook secret: activate the workflow again' });
		expect(stranger.started).toBe(0);
		sandbox.clearRequests();
		for (let i = 0; i < 5; i++) await post(stranger.url, 'noise', { 'content-type': 'application/jwt' });
		// Dialpad is not asked again for a path it did not know a moment ago.
		expect(requestsTo(sandbox, 'GET', '/webhooks')).toHaveLength(0);
	});
});

describe('Dialpad Trigger: two n8n processes on one database', () => {
	it('a delivery accepted by one process is a duplicate for the other (shared record)', async () => {
		const db = new StaticDataStore();
		const ids = { workflowId: 'wf-two', nodeId: 'node-two', webhookId: 'hook-two', staticData: db, webhookBase: 'https://n8n.example/webhook' };
		const one = await trigger(ids);
		await one.activate();
		const two = await trigger(ids);
		const token = signJwt(JSON.stringify(deliverJs.callEvent('hangup')), sandbox.store.webhooks[0].secret);
		const first = await post(one.listeningUrl(), token, { 'content-type': 'application/jwt' });
		const second = await post(two.listeningUrl(), token, { 'content-type': 'application/jwt' });
		await Promise.all([one.settled(), two.settled()]);
		expect([first.json, second.json]).toEqual([{ status: 'ok' }, { status: 'already processed', eventType: 'call.hangup' }]);
		expect(one.started + two.started).toBe(1);
	});
});


/**
 * Issue 19: n8n saves static data whole (last writer wins) after deliveries and executions,
 * so a copy loaded before an activation can be written back after it. In queue mode the
 * deliveries run on a webhook processor, which only knows what it loads from the database.
 */
describe('Dialpad Trigger: lifecycle under stale whole-object saves (issue 19)', () => {
	/** A webhook processor: its own module state (no memory shared with the main process). */
	function webhookProcessor(): typeof import('./fixtures') {
		let fresh: typeof import('./fixtures') | undefined;
		jest.isolateModules(() => {
			fresh = require('./fixtures') as typeof import('./fixtures');
		});
		return fresh!;
	}

	it("a stale save holding the previous registration's secret does not make a webhook processor refuse Dialpad's deliveries", async () => {
		const db = new StaticDataStore();
		const ids = { workflowId: 'wf-stale', nodeId: 'node-stale', webhookId: 'hook-stale', staticData: db, webhookBase: 'https://n8n.example/webhook' };
		const main = await trigger(ids);
		await main.activate();
		const loadedByDelivery = db.load(ids.workflowId);
		await main.deactivate();
		await main.activate();
		// The processor takes the route (its checkExists finds the fresh record: no calls that change anything).
		const processor = await webhookProcessor().startTrigger(sandbox, ids);
		harnesses.push(processor);
		sandbox.clearRequests();
		await processor.activate('init');
		expect(requestsTo(sandbox, 'POST', /./)).toHaveLength(0);
		expect(requestsTo(sandbox, 'DELETE', /./)).toHaveLength(0);
		// The delivery saves the copy it loaded before the cycle: the old secret is back.
		db.save({ id: ids.workflowId, staticData: { ...loadedByDelivery, __dataChanged: true } } as never);
		expect(sandbox.store.webhooks).toHaveLength(1);

		const token = signJwt(JSON.stringify(deliverJs.callEvent('hangup')), sandbox.store.webhooks[0].secret);
		const answer = await post(processor.listeningUrl(), token, { 'content-type': 'application/jwt' });
		await processor.settled();
		expect(answer.status).toBe(200);
		expect(processor.started).toBe(1);
		// Forged tokens still get 401, and cost at most one look-up per cache window.
		for (let i = 0; i < 3; i++) {
			const forged = await post(processor.listeningUrl(), signJwt(JSON.stringify(deliverJs.callEvent('hangup')), 'guess'), { 'content-type': 'application/jwt' });
			expect(forged.status).toBe(401);
		}
		expect(processor.started).toBe(1);
	});

	it('the main process is not misled by a stale save either: checkExists asks Dialpad, nothing is orphaned', async () => {
		const harness = await trigger();
		await harness.activate();
		const loadedByDelivery = harness.staticData.load(harness.workflowId);
		await harness.deactivate();
		harness.staticData.save({ id: harness.workflowId, staticData: { ...loadedByDelivery, __dataChanged: true } } as never);
		await harness.activate();
		expect(sandbox.store.webhooks).toHaveLength(1);
		expect(sandbox.store.webhooks[0].hook_url).toBe(harness.webhookUrl());
		await harness.deactivate();
		expect(sandbox.store.webhooks).toHaveLength(0);
		expect(sandbox.store.subscriptions.call).toHaveLength(0);
	});

	it('checkExists is false when Dialpad holds a second webhook at its URL (a lost answer): activation leaves exactly one', async () => {
		const harness = await trigger();
		await harness.activate();
		const headers = { Authorization: `Bearer ${DIALPAD_DEMO.apiKey}`, 'Content-Type': 'application/json' };
		const res = await fetch(`${sandbox.url}/api/v2/webhooks`, { method: 'POST', headers, body: JSON.stringify({ hook_url: harness.webhookUrl(), secret: 'lost' }) });
		expect(res.status).toBe(200);
		expect(await harness.lifecycle('checkExists')).toBe(false);
		await harness.activate();
		expect(sandbox.store.webhooks.filter((w: { hook_url: string }) => w.hook_url === harness.webhookUrl())).toHaveLength(1);
	});
});
