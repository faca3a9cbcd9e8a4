/**
 * Activation and deactivation of the Callbell Trigger against the Callbell sandbox, through
 * n8n-core's HookContext in ActiveWorkflowManager's order (checkExists → create; delete).
 * Callbell has ONE webhook per account and no way to read it, so these tests pin down
 * when the trigger may delete it and when it must leave it alone.
 */
import type { WebhookServer } from '../../harness/webhook';
import type { CallbellSandbox } from './fixtures';
import { ALL_EVENTS, CALLBELL_DEMO, credentials, requestsTo, startSandbox, startTrigger } from './fixtures';

let sandbox: CallbellSandbox;
const harnesses: WebhookServer[] = [];

async function trigger(options: Parameters<typeof startTrigger>[1] = {}): Promise<WebhookServer> {
	const harness = await startTrigger(sandbox, options);
	harnesses.push(harness);
	return harness;
}

beforeAll(async () => {
	sandbox = await startSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

beforeEach(() => {
	sandbox.store.webhook = null;
	delete sandbox.store.webhookSubscribable;
	sandbox.faults.clear();
	sandbox.clearRequests();
});

afterEach(async () => {
	expect(sandbox.specViolations()).toEqual([]);
	await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

const subscribes = () => requestsTo(sandbox, 'POST', '/webhooks/subscribe');
const unsubscribes = () => requestsTo(sandbox, 'DELETE', '/webhooks/unsubscribe');

/** Another integration (Zapier, the dashboard) setting the account webhook directly. */
async function foreignSubscribe(url: string, subscriptions = ['message_created']): Promise<void> {
	const res = await fetch(`${sandbox.url}/webhooks/subscribe`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${CALLBELL_DEMO.apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' },
		body: JSON.stringify({ url, subscriptions }),
	});
	expect(res.status).toBe(200);
}

describe('activation', () => {
	it('subscribes the production URL with the chosen events and records it in static data', async () => {
		const harness = await trigger({ events: ['message_created', 'contact_deleted'] });
		await harness.activate();

		expect(subscribes()).toHaveLength(1);
		expect(subscribes()[0].body).toEqual({ url: harness.webhookUrl(), subscriptions: ['message_created', 'contact_deleted'] });
		expect(subscribes()[0].headers.authorization).toBe(`Bearer ${CALLBELL_DEMO.apiKey}`);
		expect(harness.webhookUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/[0-9a-f-]{36}\/webhook$/);
		expect(sandbox.store.webhook).toMatchObject({
			url: harness.webhookUrl(),
			subscriptions: ['message_created', 'contact_deleted'],
			enabled: true,
		});
		const stored = harness.nodeStaticData.callbellWebhook as Record<string, unknown>;
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

	it('replaces a webhook another integration had set (one webhook per account)', async () => {
		await foreignSubscribe('https://hooks.zapier.example/hooks/catch/1/abc');
		sandbox.clearRequests();
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
		expect(harness.nodeStaticData).toEqual({});
	});

	it('refuses an empty event list before calling Callbell', async () => {
		const harness = await trigger({ events: [] });
		await expect(harness.activate()).rejects.toThrow('Choose at least one event in "Events"');
		expect(sandbox.requests).toHaveLength(0);
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
		expect(harness.nodeStaticData).toEqual({});
		expect(sandbox.store.webhook).toBeNull();
	});

	it('fails when Callbell drops events from the subscription, and cleans up the partial webhook', async () => {
		// The Webhook object doc lists only seven subscribable events.
		sandbox.store.webhookSubscribable = ALL_EVENTS.slice(0, 7);
		const harness = await trigger({ events: ['message_created', 'agent_status_updated', 'team_membership_updated'] });
		await expect(harness.activate()).rejects.toThrow(
			'Callbell did not subscribe the webhook to: agent_status_updated, team_membership_updated',
		);
		// n8n removes the webhooks of a workflow whose activation failed; ours was replaced
		// on the account, so that clean-up deletes it.
		expect(unsubscribes()).toHaveLength(1);
		expect(sandbox.store.webhook).toBeNull();
		expect(harness.nodeStaticData).toEqual({});
	});
});

describe('checkExists', () => {
	it('is false without static data and true after activation, without calling Callbell', async () => {
		const harness = await trigger({ events: ['message_created'] });
		expect(await harness.lifecycle('checkExists')).toBe(false);
		await harness.activate();
		sandbox.clearRequests();
		expect(await harness.lifecycle('checkExists')).toBe(true);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('trusts the saved static data after a restart: no second subscribe', async () => {
		const first = await trigger({ events: ['message_created'] });
		await first.activate();
		sandbox.clearRequests();

		const restarted = await trigger({
			events: ['message_created'],
			workflowId: first.workflowId,
			webhookId: first.node.webhookId,
			webhookBaseUrl: () => first.webhookBase,
			staticData: first.staticData,
		});
		expect(restarted.webhookUrl()).toBe(first.webhookUrl());
		await restarted.activate('init');
		expect(subscribes()).toHaveLength(0);
	});

	it('is false when the events changed, so activation subscribes again with the new list', async () => {
		const first = await trigger({ events: ['message_created'] });
		await first.activate();
		sandbox.clearRequests();

		const edited = await trigger({
			events: ['message_created', 'conversation_closed'],
			workflowId: first.workflowId,
			webhookId: first.node.webhookId,
			webhookBaseUrl: () => first.webhookBase,
			staticData: first.staticData,
		});
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
	it('unsubscribes the webhook it registered and forgets it', async () => {
		const harness = await trigger({ events: ['message_created'] });
		await harness.activate();
		await harness.deactivate();
		expect(unsubscribes()).toHaveLength(1);
		expect(sandbox.store.webhook).toBeNull();
		expect(harness.nodeStaticData).toEqual({});
	});

	it('does not delete the webhook when another workflow has replaced it since', async () => {
		const ours = await trigger({ events: ['message_created'] });
		await ours.activate();
		const theirs = await trigger({ events: ['contact_created'] });
		await theirs.activate();
		expect(sandbox.store.webhook!.url).toBe(theirs.webhookUrl());

		await ours.deactivate();
		expect(unsubscribes()).toHaveLength(0);
		expect(sandbox.store.webhook).toMatchObject({ url: theirs.webhookUrl(), subscriptions: ['contact_created'] });
		expect(ours.nodeStaticData).toEqual({});

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
		const harness = await trigger({ events: ['message_created'] });
		await harness.activate();
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

	it('treats "no webhook" (404) as already deleted', async () => {
		const harness = await trigger({ events: ['message_created'] });
		await harness.activate();
		sandbox.store.webhook = null; // removed in the Callbell dashboard
		await harness.deactivate();
		expect(unsubscribes().map((r) => r.status)).toEqual([404]);
		expect(harness.nodeStaticData).toEqual({});
	});

	it('surfaces a failed unsubscribe and keeps the registration', async () => {
		const harness = await trigger({ events: ['message_created'] });
		await harness.activate();
		sandbox.faults.inject({ kind: '403', count: 1, method: 'DELETE', path: '/webhooks/unsubscribe' });
		await expect(harness.deactivate()).rejects.toThrow(/^Callbell denied access \(403/);
		expect(sandbox.store.webhook!.url).toBe(harness.webhookUrl());
		expect(harness.nodeStaticData.callbellWebhook).toMatchObject({ url: harness.webhookUrl() });
	});

	it('retries an unsubscribe that failed with a 5xx', async () => {
		const harness = await trigger({ events: ['message_created'] });
		await harness.activate();
		sandbox.faults.inject({ kind: '500', count: 1, method: 'DELETE', path: '/webhooks/unsubscribe' });
		await harness.deactivate();
		expect(unsubscribes().map((r) => r.status)).toEqual([500, 200]);
		expect(sandbox.store.webhook).toBeNull();
	});
});
