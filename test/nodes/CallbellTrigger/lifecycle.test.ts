/**
 * Activation and deactivation of the Callbell Trigger against the Callbell sandbox, through
 * n8n-core's HookContext in ActiveWorkflowManager's order (checkExists → create; delete).
 * Callbell has ONE webhook per account, no ID for it and no way to read it; the trigger
 * goes by its static data and by who answered the newest delivery in Callbell's delivery
 * log (ownership.ts). These tests pin down when it may replace or delete the webhook and
 * when it must leave it alone, also after a restart (fresh modules, same static data).
 */
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';

import type { IDataObject } from 'n8n-workflow';
import type { WebhookServer } from '../../harness/webhook';
import type { CallbellSandbox } from './fixtures';
import * as fixtures from './fixtures';
import { ALL_EVENTS, CALLBELL_DEMO, credentials, deliver, EVENT_PAYLOADS, requestsTo, startSandbox, startTrigger } from './fixtures';

/** The trigger's lifecycle record in the node's static data (../shared/triggers/lifecycle.ts). */
function lifecycleOf(data: IDataObject): IDataObject | undefined {
	const all = data.triggerLifecycle as Record<string, { value?: IDataObject }> | undefined;
	return all?.callbell?.value;
}

/** The registration the node's static data holds ({} when it holds none, or a tombstone). */
function registrationOf(data: IDataObject): IDataObject {
	const value = lifecycleOf(data);
	if (value?.state !== 'subscribed') return {};
	return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'state'));
}

let sandbox: CallbellSandbox;
const harnesses: WebhookServer[] = [];

async function trigger(
	options: Parameters<typeof startTrigger>[1] = {},
	process: typeof fixtures = fixtures,
): Promise<WebhookServer> {
	const harness = await process.startTrigger(sandbox, options);
	harnesses.push(harness);
	return harness;
}

/**
 * An n8n restart: the node, n8n-core and the harness loaded afresh (no module state
 * survives), while static data stays in the same "database" (the harness's StaticDataStore).
 */
function restartedN8n(): typeof fixtures {
	let fresh: typeof fixtures | undefined;
	jest.isolateModules(() => {
		fresh = require('./fixtures') as typeof fixtures;
	});
	return fresh!;
}

/** The same workflow, as a restarted n8n (or another process) loads it. */
async function sameWorkflow(first: WebhookServer, process: typeof fixtures, events = ['message_created']): Promise<WebhookServer> {
	return await trigger(
		{ events, workflowId: first.workflowId, webhookId: first.node.webhookId, webhookBaseUrl: () => first.webhookBase, staticData: first.staticData },
		process,
	);
}

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

let warnings: jest.SpyInstance;

beforeEach(() => {
	sandbox.store.webhook = null;
	sandbox.store.deliveries.length = 0;
	sandbox.store.otherReceivers = {};
	delete sandbox.store.webhookSubscribable;
	delete sandbox.store.webhookLogWithoutHeaders;
	delete sandbox.store.webhookLogOldestFirst;
	delete sandbox.store.webhookLogPerRecord;
	sandbox.faults.clear();
	sandbox.clearRequests();
	warnings = jest.spyOn(Container.get(Logger), 'warn');
});

afterEach(async () => {
	warnings.mockRestore();
	expect(sandbox.specViolations()).toEqual([]);
	await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

const subscribes = () => requestsTo(sandbox, 'POST', '/webhooks/subscribe');
const unsubscribes = () => requestsTo(sandbox, 'DELETE', '/webhooks/unsubscribe');
const logReads = () => requestsTo(sandbox, 'GET', '/webhooks/events');
const warned = () => warnings.mock.calls.map((call) => String(call[0])).join('\n');

/** Another integration (Zapier, Make) setting the account webhook through the API. */
async function foreignSubscribe(url: string, subscriptions = ['message_created']): Promise<void> {
	const res = await fetch(`${sandbox.url}/webhooks/subscribe`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${CALLBELL_DEMO.apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' },
		body: JSON.stringify({ url, subscriptions }),
	});
	expect(res.status).toBe(200);
}

/** Someone setting the account webhook in the Callbell dashboard (sandbox control route). */
async function dashboardSets(url: string, subscriptions = ['message_created']): Promise<void> {
	const res = await fetch(`${sandbox.url}/__sandbox/dashboard/webhook`, {
		method: 'PUT',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ url, subscriptions }),
	});
	expect(res.status).toBe(200);
}

/** Another system's endpoint (answers 200 {"status":"ok"}, as Callbell asks). */
const otherSystem = (name: string) => `${sandbox.url}/__sandbox/receivers/${name}`;

/** Callbell delivering a message_created to whatever the account webhook is now. */
async function callbellDelivers(...waitFor: WebhookServer[]): Promise<number> {
	const delivery = await deliver.deliverEvent(sandbox, 'message_created', EVENT_PAYLOADS.message_created);
	await Promise.all(waitFor.map((h) => h.settled()));
	return delivery.status;
}

/** Our trigger on message_created, activated and proven by one delivery Callbell logged as answered. */
async function deliveredTrigger(): Promise<WebhookServer> {
	const ours = await trigger({ events: ['message_created'] });
	await ours.activate();
	await callbellDelivers(ours);
	return ours;
}

/**
 * A delivery that loaded static data before the deactivation saves its copy (whole, with the
 * registration the deactivation removed) after it.
 */
async function deactivateUnderStaleSave(ours: WebhookServer): Promise<void> {
	const loadedByDelivery = ours.staticData.load(ours.workflowId);
	await ours.deactivate();
	ours.staticData.save({ id: ours.workflowId, staticData: { ...loadedByDelivery, __dataChanged: true } } as never);
}

describe('activation', () => {
	it('reads the delivery log, subscribes the production URL with the chosen events and records it in static data', async () => {
		const harness = await trigger({ events: ['message_created', 'contact_deleted'] });
		await harness.activate();

		expect(logReads()).toHaveLength(1);
		expect(logReads()[0].query).toEqual({ page: '1', items: '10' });
		expect(subscribes()).toHaveLength(1);
		expect(subscribes()[0].body).toEqual({ url: harness.webhookUrl(), subscriptions: ['message_created', 'contact_deleted'] });
		expect(subscribes()[0].headers.authorization).toBe(`Bearer ${CALLBELL_DEMO.apiKey}`);
		expect(harness.webhookUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/[0-9a-f-]{36}\/webhook$/);
		expect(sandbox.store.webhook).toMatchObject({
			url: harness.webhookUrl(),
			subscriptions: ['message_created', 'contact_deleted'],
			enabled: true,
		});
		const stored = registrationOf(harness.nodeStaticData);
		expect(stored).toMatchObject({
			url: harness.webhookUrl(),
			subscriptions: ['message_created', 'contact_deleted'],
			createdAt: sandbox.store.webhook!.createdAt,
		});
		// The account fingerprint is a hash: the API key itself is never stored.
		expect(stored.account).toMatch(/^[0-9a-f]{32}$/);
		expect(JSON.stringify(harness.staticData.peek(harness.workflowId))).not.toContain(CALLBELL_DEMO.apiKey);
	});

	it('subscribes all ten events when all are chosen', async () => {
		const harness = await trigger({ events: ALL_EVENTS });
		await harness.activate();
		expect(sandbox.store.webhook!.subscriptions).toEqual(ALL_EVENTS);
	});

	it('answers every delivery with its receiver header, which Callbell keeps in the log', async () => {
		const harness = await trigger({ events: ['message_created'] });
		await harness.activate();
		expect(await callbellDelivers(harness)).toBe(200);
		const res = await fetch(`${sandbox.url}/webhooks/events`, {
			headers: { Authorization: `Bearer ${CALLBELL_DEMO.apiKey}`, Accept: 'application/json' },
		});
		const log = (await res.json()) as { webhook_events: Array<{ response: { code: number; headers: Record<string, string> } }> };
		expect(log.webhook_events).toHaveLength(1);
		expect(log.webhook_events[0].response.code).toBe(200);
		expect(log.webhook_events[0].response.headers['x-n8n-callbell-receiver']).toMatch(/^[0-9a-f]{24}$/);
	});

	it('refuses to replace a webhook another system receives, saying what the log shows and how to proceed', async () => {
		await dashboardSets(otherSystem('zapier'));
		expect(await callbellDelivers()).toBe(200);
		sandbox.clearRequests();

		const harness = await trigger({ events: ['contact_created'] });
		const error = await harness.activate().then(
			() => undefined,
			(e: Error & { description?: string }) => e,
		);
		expect(error?.message).toBe("The Callbell account's webhook may belong to someone else");
		expect(error?.description).toMatch(
			/^Callbell keeps one webhook per account, and the newest delivery in Callbell's log \(message_created at \S+\) was answered by an endpoint that is not an n8n Callbell Trigger \(HTTP 200\)\./,
		);
		expect(error?.description).toContain('turn on "Replace Existing Webhook" in this node');
		// Nothing replaced, nothing deleted by n8n's clean-up after the failed activation.
		expect(subscribes()).toHaveLength(0);
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook!.url).toBe(otherSystem('zapier'));
		expect(registrationOf(harness.nodeStaticData)).toEqual({});
	});

	it('refuses to take the webhook another workflow\'s Callbell Trigger receives', async () => {
		const theirs = await trigger({ events: ['contact_created', 'message_created'] });
		await theirs.activate();
		await callbellDelivers(theirs);
		const ours = await trigger({ events: ['message_created'] });
		await expect(ours.activate()).rejects.toMatchObject({
			description: expect.stringContaining('was answered by a Callbell Trigger on another URL'),
		});
		expect(sandbox.store.webhook!.url).toBe(theirs.webhookUrl());
	});

	it('refuses when the newest delivery failed: n8n cannot tell whose webhook it is', async () => {
		await foreignSubscribe('http://127.0.0.1:9/gone');
		await expect(callbellDelivers()).rejects.toThrow();
		const harness = await trigger({ events: ['message_created'] });
		await expect(harness.activate()).rejects.toMatchObject({
			description: expect.stringContaining('failed, so n8n cannot tell which endpoint it went to'),
		});
		expect(sandbox.store.webhook!.url).toBe('http://127.0.0.1:9/gone');
	});

	it('replaces it when "Replace Existing Webhook" is on, and logs a warning', async () => {
		await dashboardSets(otherSystem('make'));
		await callbellDelivers();
		const harness = await trigger({ events: ['contact_created'], replaceExisting: true });
		await harness.activate();
		expect(sandbox.store.webhook).toMatchObject({ url: harness.webhookUrl(), subscriptions: ['contact_created'] });
		expect(warned()).toContain(
			'Callbell Trigger: replacing the account\'s webhook as "Replace Existing Webhook" is on; the newest delivery in Callbell\'s log',
		);
	});

	it('subscribes without the option when the webhook has no deliveries yet (nothing shows another receiver)', async () => {
		await foreignSubscribe('https://hooks.zapier.example/hooks/catch/1/abc');
		const harness = await trigger({ events: ['contact_created'] });
		await harness.activate();
		expect(sandbox.store.webhook).toMatchObject({ url: harness.webhookUrl(), subscriptions: ['contact_created'] });
	});

	it('refuses a localhost webhook URL before calling Callbell, naming the fix', async () => {
		const harness = await trigger({ webhookBaseUrl: (port) => `http://localhost:${port}/webhook` });
		await expect(harness.activate()).rejects.toThrow(/Callbell does not accept localhost webhook URLs/);
		await expect(harness.activate()).rejects.toMatchObject({ description: expect.stringContaining('WEBHOOK_URL') });
		expect(subscribes()).toHaveLength(0);
		expect(unsubscribes()).toHaveLength(0);
		expect(registrationOf(harness.nodeStaticData)).toEqual({});
	});

	it('refuses an empty event list before calling Callbell', async () => {
		const harness = await trigger({ events: [] });
		await expect(harness.activate()).rejects.toThrow('Choose at least one event in "Events"');
		// n8n's clean-up (delete) only reads the log: nothing there is this workflow's.
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /webhooks/events']);
	});

	it('retries a subscribe that failed with a 5xx (it is idempotent)', async () => {
		sandbox.faults.inject({ kind: '503', count: 1, method: 'POST', path: '/webhooks/subscribe' });
		const harness = await trigger({ events: ['message_created'] });
		await harness.activate();
		expect(subscribes().map((r) => r.status)).toEqual([503, 200]);
		expect(sandbox.store.webhook!.url).toBe(harness.webhookUrl());
	});

	it('reports a rejected API key without leaking it', async () => {
		const harness = await trigger();
		await harness.credentialsHelper.updateCredentials(
			{ id: 'x', name: 'x' },
			'callbellApi',
			credentials(sandbox, { apiKey: CALLBELL_DEMO.revokedApiKey }).callbellApi,
		);
		const error = await harness.activate().then(
			() => undefined,
			(e: Error & { description?: string; context?: unknown }) => e,
		);
		expect(error).toBeDefined();
		expect(error!.message).toMatch(/^Callbell rejected the API key \(401/);
		expect(error!.message).toContain('[redacted]');
		// The sandbox echoes the rejected key in its 401 body, like some APIs do.
		const everything = JSON.stringify({ message: error!.message, description: error!.description, error });
		expect(everything).not.toContain(CALLBELL_DEMO.revokedApiKey);
		expect(registrationOf(harness.nodeStaticData)).toEqual({});
		expect(sandbox.store.webhook).toBeNull();
	});

	it('fails when Callbell drops events from the subscription, and removes the half-made webhook itself', async () => {
		// The Webhook object doc lists only seven subscribable events.
		sandbox.store.webhookSubscribable = ALL_EVENTS.slice(0, 7);
		const harness = await trigger({ events: ['message_created', 'agent_status_updated', 'team_membership_updated'] });
		await expect(harness.activate()).rejects.toThrow(
			'Callbell did not subscribe the webhook to: agent_status_updated, team_membership_updated',
		);
		expect(unsubscribes()).toHaveLength(1);
		expect(sandbox.store.webhook).toBeNull();
		expect(registrationOf(harness.nodeStaticData)).toEqual({});
	});
});

describe('checkExists', () => {
	it('is false without static data, and true after activation while the log shows no other receiver', async () => {
		const harness = await trigger({ events: ['message_created'] });
		expect(await harness.lifecycle('checkExists')).toBe(false);
		expect(sandbox.requests).toHaveLength(0);
		await harness.activate();
		await callbellDelivers(harness);
		sandbox.clearRequests();
		expect(await harness.lifecycle('checkExists')).toBe(true);
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /webhooks/events']);
	});

	it('does not trust static data read back after a restart (a stale save may have rolled it back): subscribes the same webhook again', async () => {
		const first = await trigger({ events: ['message_created'] });
		await first.activate();
		await callbellDelivers(first);
		sandbox.clearRequests();

		const restarted = await sameWorkflow(first, restartedN8n());
		expect(restarted.webhookUrl()).toBe(first.webhookUrl());
		await restarted.activate('init');
		expect(subscribes().map((r) => r.body)).toEqual([{ url: first.webhookUrl(), subscriptions: ['message_created'] }]);
		expect(unsubscribes()).toHaveLength(0);
		// Recorded by this process now: the next check goes by the log alone.
		await callbellDelivers(restarted);
		expect(await restarted.lifecycle('checkExists')).toBe(true);
	});

	it('is false when the delivery log cannot be read (the record alone proves nothing): create() subscribes again', async () => {
		const harness = await deliveredTrigger();
		sandbox.faults.inject({ kind: '403', count: 1, method: 'GET', path: '/webhooks/events' });
		expect(await harness.lifecycle('checkExists')).toBe(false);
		expect(warned()).toContain('Callbell Trigger: could not read the delivery log');
	});

	it('is false when the events changed, so activation subscribes again with the new list', async () => {
		const first = await trigger({ events: ['message_created'] });
		await first.activate();
		await callbellDelivers(first);
		sandbox.clearRequests();

		const edited = await sameWorkflow(first, fixtures, ['message_created', 'conversation_closed']);
		expect(edited.webhookUrl()).toBe(first.webhookUrl());
		expect(await edited.lifecycle('checkExists')).toBe(false);
		await edited.activate();
		expect(subscribes()).toHaveLength(1);
		expect(sandbox.store.webhook!.subscriptions).toEqual(['message_created', 'conversation_closed']);
	});

	it('is false when the credential now points to another API key', async () => {
		const harness = await trigger({ events: ['message_created'] });
		await harness.activate();
		sandbox.store.apiKeys.set('test_sbx_second_key_9Tq', { key: 'test_sbx_second_key_9Tq', userEmail: 'olivia@demo-shop.test', userName: 'Olivia Owner', revoked: false });
		await harness.credentialsHelper.updateCredentials(
			{ id: 'x', name: 'x' },
			'callbellApi',
			credentials(sandbox, { apiKey: 'test_sbx_second_key_9Tq' }).callbellApi,
		);
		expect(await harness.lifecycle('checkExists')).toBe(false);
	});
});

describe('deactivation', () => {
	it('unsubscribes the webhook it registered once the log shows it answered, and forgets it', async () => {
		const harness = await deliveredTrigger();
		await harness.deactivate();
		expect(unsubscribes()).toHaveLength(1);
		expect(sandbox.store.webhook).toBeNull();
		expect(registrationOf(harness.nodeStaticData)).toEqual({});
	});

	it('leaves its own webhook in place when nothing was delivered yet, and logs how to delete it', async () => {
		const harness = await trigger({ events: ['message_created'] });
		await harness.activate();
		await harness.deactivate();
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook!.url).toBe(harness.webhookUrl());
		expect(registrationOf(harness.nodeStaticData)).toEqual({});
		expect(warned()).toContain(
			`Callbell Trigger: the account's webhook is left in place because Callbell's delivery log shows no delivery since this workflow subscribed, so nothing shows the webhook still points to this workflow. If it still points to this workflow (${harness.webhookUrl()}), delete it in Callbell → Settings → API Settings → Webhooks.`,
		);
	});

	it('does not delete the webhook when another workflow has replaced it since', async () => {
		const ours = await deliveredTrigger();
		const theirs = await trigger({ events: ['contact_created', 'message_created'], replaceExisting: true });
		await theirs.activate();
		expect(sandbox.store.webhook!.url).toBe(theirs.webhookUrl());
		await callbellDelivers(theirs);

		await ours.deactivate();
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook).toMatchObject({ url: theirs.webhookUrl(), subscriptions: ['contact_created', 'message_created'] });
		expect(registrationOf(ours.nodeStaticData)).toEqual({});

		// The other workflow still owns it and removes it on its own deactivation.
		await theirs.deactivate();
		expect(unsubscribes()).toHaveLength(1);
		expect(sandbox.store.webhook).toBeNull();
	});

	it('does not delete anything when it never registered a webhook', async () => {
		await foreignSubscribe('https://hook.make.example/abc');
		const harness = await trigger();
		await harness.deactivate();
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook!.url).toBe('https://hook.make.example/abc');
	});

	it('does not delete when the credential now points to another API key', async () => {
		const harness = await deliveredTrigger();
		sandbox.store.apiKeys.set('test_sbx_third_key_2Wd', { key: 'test_sbx_third_key_2Wd', userEmail: 'olivia@demo-shop.test', userName: 'Olivia Owner', revoked: false });
		await harness.credentialsHelper.updateCredentials(
			{ id: 'x', name: 'x' },
			'callbellApi',
			credentials(sandbox, { apiKey: 'test_sbx_third_key_2Wd' }).callbellApi,
		);
		await harness.deactivate();
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook!.url).toBe(harness.webhookUrl());
	});

	it.each([
		['the log is kept after a deletion', false, [404]],
		['the log goes with the webhook record', true, []],
	])('destroys nothing when the webhook was deleted in the dashboard meanwhile (%s)', async (_label, perRecord, statuses) => {
		sandbox.store.webhookLogPerRecord = perRecord;
		const harness = await deliveredTrigger();
		const res = await fetch(`${sandbox.url}/__sandbox/dashboard/webhook`, { method: 'DELETE' });
		expect(res.status).toBe(200);
		await harness.deactivate();
		// The newest delivery was this trigger's: an unsubscribe finds no webhook (404).
		expect(unsubscribes().map((r) => r.status)).toEqual(statuses);
		expect(sandbox.store.webhook).toBeNull();
		expect(registrationOf(harness.nodeStaticData)).toEqual({});
	});

	it('treats "no webhook" (404) on unsubscribe as already deleted', async () => {
		const harness = await deliveredTrigger();
		sandbox.faults.inject({ kind: '404', count: 1, method: 'DELETE', path: '/webhooks/unsubscribe' });
		await harness.deactivate();
		expect(unsubscribes().map((r) => r.status)).toEqual([404]);
		expect(registrationOf(harness.nodeStaticData)).toEqual({});
	});

	it('surfaces a failed unsubscribe and keeps the registration', async () => {
		const harness = await deliveredTrigger();
		sandbox.faults.inject({ kind: '403', count: 1, method: 'DELETE', path: '/webhooks/unsubscribe' });
		await expect(harness.deactivate()).rejects.toThrow(/^Callbell denied access \(403/);
		expect(sandbox.store.webhook!.url).toBe(harness.webhookUrl());
		expect(registrationOf(harness.nodeStaticData)).toMatchObject({ url: harness.webhookUrl() });
	});

	it('retries an unsubscribe that failed with a 5xx', async () => {
		const harness = await deliveredTrigger();
		sandbox.faults.inject({ kind: '500', count: 1, method: 'DELETE', path: '/webhooks/unsubscribe' });
		await harness.deactivate();
		expect(unsubscribes().map((r) => r.status)).toEqual([500, 200]);
		expect(sandbox.store.webhook).toBeNull();
	});
});

describe('a delivery log of several pages', () => {
	it.each([
		['newest first (the docs\' example)', false],
		['oldest first', true],
	])('judges the newest delivery when the log lists %s', async (_label, oldestFirst) => {
		sandbox.store.webhookLogOldestFirst = oldestFirst;
		await dashboardSets(otherSystem('crm'));
		for (let i = 0; i < 12; i++) await callbellDelivers();
		const ours = await trigger({ events: ['message_created'], replaceExisting: true });
		await ours.activate();
		await callbellDelivers(ours);
		sandbox.clearRequests();

		await ours.deactivate();
		// Once to judge, once after unsubscribing to record where the log stands.
		expect(logReads().map((r) => r.query.page)).toEqual(['1', '2', '1', '2']);
		expect(unsubscribes()).toHaveLength(1);
	});
});

describe('a delivery log that keeps no response headers (the WebhookEvent table\'s reading)', () => {
	it('activation subscribes with a warning, a restart subscribes again (nothing proves the webhook), deactivation leaves the webhook', async () => {
		sandbox.store.webhookLogWithoutHeaders = true;
		await dashboardSets(otherSystem('crm'));
		await callbellDelivers();
		const ours = await trigger({ events: ['message_created'] });
		await ours.activate();
		expect(sandbox.store.webhook!.url).toBe(ours.webhookUrl());
		expect(warned()).toContain("Callbell Trigger: subscribing without knowing whose webhook the account has: the newest delivery in Callbell's log");
		await callbellDelivers(ours);

		const restarted = await sameWorkflow(ours, restartedN8n());
		await restarted.activate('init');
		expect(subscribes()).toHaveLength(2);
		await restarted.deactivate();
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook!.url).toBe(ours.webhookUrl());
	});
});

describe('a webhook set by someone else, before and after an n8n restart', () => {
	it('survives deactivation when the dashboard replaced ours while the workflow was active', async () => {
		const ours = await deliveredTrigger();
		await dashboardSets(otherSystem('crm'));
		expect(await callbellDelivers()).toBe(200);
		sandbox.clearRequests();

		await ours.deactivate();
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook!.url).toBe(otherSystem('crm'));
		expect(sandbox.store.otherReceivers.crm).toHaveLength(1);
		expect(warned()).toContain('was answered by an endpoint that is not an n8n Callbell Trigger (HTTP 200)');
	});

	it('survives deactivation in a restarted n8n (fresh modules, same static data)', async () => {
		const ours = await deliveredTrigger();

		const restarted = await sameWorkflow(ours, restartedN8n());
		await restarted.activate('init');
		expect(subscribes()).toHaveLength(2);
		await dashboardSets(otherSystem('crm'));
		await callbellDelivers();
		sandbox.clearRequests();

		await restarted.deactivate();
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook!.url).toBe(otherSystem('crm'));
	});

	it('replaced while n8n was down: the restart\'s activation fails with what the log shows and leaves it', async () => {
		const ours = await deliveredTrigger();
		await ours.close();
		await dashboardSets(otherSystem('crm'));
		await callbellDelivers();
		sandbox.clearRequests();

		const restarted = await sameWorkflow(ours, restartedN8n());
		await expect(restarted.activate('init')).rejects.toMatchObject({
			message: "The Callbell account's webhook may belong to someone else",
			description: expect.stringContaining('was answered by an endpoint that is not an n8n Callbell Trigger'),
		});
		expect(subscribes()).toHaveLength(0);
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook!.url).toBe(otherSystem('crm'));
		// n8n's clean-up after the failed activation forgot the stale registration.
		expect(registrationOf(restarted.nodeStaticData)).toEqual({});
		await restarted.deactivate();
		expect(unsubscribes()).toHaveLength(0);
	});

	it('present before activation in a restarted n8n: refused there too', async () => {
		await dashboardSets(otherSystem('crm'));
		await callbellDelivers();
		const harness = await trigger({ events: ['message_created'] }, restartedN8n());
		await expect(harness.activate()).rejects.toThrow("The Callbell account's webhook may belong to someone else");
		await harness.deactivate();
		expect(subscribes()).toHaveLength(0);
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook!.url).toBe(otherSystem('crm'));
	});

	it('our own webhook is still deleted by a restarted n8n', async () => {
		const ours = await trigger({ events: ['message_created'] });
		await ours.activate();
		const restarted = await sameWorkflow(ours, restartedN8n());
		await restarted.activate('init');
		await callbellDelivers(restarted);
		await restarted.deactivate();
		expect(unsubscribes()).toHaveLength(1);
		expect(sandbox.store.webhook).toBeNull();
	});
});

/**
 * n8n 2.41.1 with its default publication service (WorkflowTriggerActivator
 * .deregisterWebhookTriggers) removes the workflow's routes FIRST and only then runs delete():
 * a delivery in between gets n8n's 404, and Callbell logs it. The harness models that order
 * (deactivate() takes the route down before running delete()). Callbell's log is kept after
 * the webhook is deleted (the sandbox's strict reading), as in the issue's measurement.
 */
describe('deactivate/activate while Callbell delivers (issue 19)', () => {
	async function until(condition: () => boolean): Promise<void> {
		for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
		expect(condition()).toBe(true);
	}

	/** One delivery to the account webhook, answered while the workflow's route is down. */
	async function deliveredWhileRouteDown(): Promise<void> {
		const late = await deliver.deliverEvent(sandbox, 'message_created', EVENT_PAYLOADS.message_created);
		expect(late.status).toBe(404);
	}

	let sequence = 0;
	/** A fresh event (a new message), so the duplicate check does not hold it back. */
	async function freshDelivery(harness: WebhookServer): Promise<number> {
		const payload = { ...EVENT_PAYLOADS.message_created, uuid: `fresh-${++sequence}` };
		const delivery = await deliver.deliverEvent(sandbox, 'message_created', payload);
		await harness.settled();
		return delivery.status;
	}

	async function expectListening(harness: WebhookServer): Promise<void> {
		expect(sandbox.store.webhook).toMatchObject({ url: harness.webhookUrl(), subscriptions: ['message_created'], enabled: true });
		const before = harness.executions.length;
		expect(await freshDelivery(harness)).toBe(200);
		expect(harness.executions.length).toBe(before + 1);
	}

	it("a 404 n8n answered between removing the route and delete() is the trigger's own trace: reactivation subscribes", async () => {
		const ours = await deliveredTrigger();
		// delete() reads the log slowly, so the 404 lands first and is the newest entry it sees.
		sandbox.faults.inject({ kind: 'slow', delayMs: 200, count: 1, method: 'GET', path: '/webhooks/events' });
		const deactivation = ours.deactivate();
		await deliveredWhileRouteDown();
		await deactivation;
		expect(sandbox.store.webhook).toBeNull();
		expect(unsubscribes()).toHaveLength(1);

		await ours.activate();
		await expectListening(ours);
	});

	it('a 404 logged while the trigger unsubscribes (the measured timeline) does not make the next activation refuse', async () => {
		const ours = await deliveredTrigger();
		sandbox.faults.inject({ kind: 'slow', delayMs: 200, count: 1, method: 'DELETE', path: '/webhooks/unsubscribe' });
		const deactivation = ours.deactivate();
		await until(() => unsubscribes().length === 1);
		await deliveredWhileRouteDown();
		await deactivation;
		expect(sandbox.store.webhook).toBeNull();

		await ours.activate();
		await expectListening(ours);
		expect(warned()).not.toContain('may belong to someone else');
	});

	it('after unsubscribing, entries up to that point never count as another endpoint (a delivery that got no answer)', async () => {
		const ours = await deliveredTrigger();
		// Callbell logs a delivery that got no answer (a timeout while n8n was busy) as failed.
		const webhookId = (sandbox.store.webhook as unknown as { _id: string })._id;
		sandbox.store.deliveries.push({ _webhook: webhookId, event: 'message_created', payload: {}, success: false, createdAt: new Date().toISOString() });
		await ours.deactivate();
		expect(sandbox.store.webhook).toBeNull();
		await ours.activate();
		await expectListening(ours);
	});

	it('a stale whole-object save from a delivery does not bring a deleted registration back (same process)', async () => {
		const ours = await deliveredTrigger();
		await deactivateUnderStaleSave(ours);
		expect(sandbox.store.webhook).toBeNull();

		await ours.activate();
		await expectListening(ours);
	});

	it('a stale save that brought a deleted registration back is not trusted by a restarted n8n either', async () => {
		const ours = await deliveredTrigger();
		await deactivateUnderStaleSave(ours);
		sandbox.clearRequests();

		const restarted = await sameWorkflow(ours, restartedN8n());
		await restarted.activate();
		// (The harness of a restarted process does not listen on the first one's port, so the
		// proof is the subscription itself.)
		expect(subscribes().map((r) => r.body)).toEqual([{ url: ours.webhookUrl(), subscriptions: ['message_created'] }]);
		expect(sandbox.store.webhook).toMatchObject({ url: ours.webhookUrl(), subscriptions: ['message_created'], enabled: true });
	});

	it('a stale save does not erase a created registration: deactivation still unsubscribes', async () => {
		const ours = await trigger({ events: ['message_created'] });
		// A delivery (to the previous webhook) loaded static data before the activation…
		const loadedByDelivery = ours.staticData.load(ours.workflowId);
		await ours.activate();
		// …and saves its copy, without the registration, after it.
		ours.staticData.save({ id: ours.workflowId, staticData: { ...loadedByDelivery, __dataChanged: true } } as never);
		expect(await freshDelivery(ours)).toBe(200);
		await ours.deactivate();
		expect(unsubscribes()).toHaveLength(1);
		expect(sandbox.store.webhook).toBeNull();
	});

	it('20 cycles with a delivery in the gap of each: subscribed after every activation, nothing foreign touched', async () => {
		const ours = await deliveredTrigger();
		for (let cycle = 0; cycle < 20; cycle++) {
			const slowPath = cycle % 2 === 0 ? '/webhooks/events' : '/webhooks/unsubscribe';
			sandbox.faults.inject({ kind: 'slow', delayMs: 50, count: 1, method: cycle % 2 === 0 ? 'GET' : 'DELETE', path: slowPath });
			const deactivation = ours.deactivate();
			await deliveredWhileRouteDown().catch(() => undefined);
			await deactivation;
			await ours.activate();
			await expectListening(ours);
		}
		expect(sandbox.store.otherReceivers).toEqual({});
	});
});
