/**
 * Echo Guard, Callbell side: the Callbell node stamps its contact writes in the account's text
 * custom field "n8n Sync Stamp" (the demo account has it), and the Callbell Trigger drops their
 * echoes before an execution exists, from the delivery alone (no ledger needed: tested in a
 * modelled second process). Through the Callbell sandbox, which sends a signed contact_updated
 * for every contact write, the pack's own included, and n8n's webhook path. The trigger's
 * workflow is a sync half: [Callbell Trigger] → [Sink] → [Callbell: get the contact].
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { clearLedger } from '../../../nodes/shared/sync/ledger';
import { stampIn } from '../../../nodes/shared/sync/records';
import { deliver as postRaw, StaticDataStore, type WebhookServer } from '../../harness/webhook';
import { freshProcess, runSyncWrite } from '../shared/sync/helpers';
import { useSyncTrigger } from '../shared/sync/triggerServers';
import { credentials, type CallbellSandbox } from './fixtures';

const callbell = require('../../sandbox/callbell/server');
const deliverJs = require('../../sandbox/callbell/deliver');
const DEMO = callbell.CALLBELL_DEMO as { signingSecret: string; contacts: Record<string, string>; channels: Record<string, string>; phones: Record<string, string> };

interface Held {
	release(): Promise<void>;
	/** Forgets the held deliveries (never sent). */
	drop(): void;
}

type Sandbox = CallbellSandbox & {
	webhooks: { idle(): Promise<void>; hold(match: (entry: { origin: string }) => boolean): Held };
	humanEdit(spec: IDataObject): unknown;
	store: CallbellSandbox['store'] & { contacts: Map<string, IDataObject>; customFields: IDataObject[] };
};

let sandbox: Sandbox;
const JOHN = () => DEMO.contacts.john;
const cred = () => credentials(sandbox, { signingSecret: DEMO.signingSecret });

/** Headers of a Callbell delivery of `raw`, signed with the demo secret at the current second. */
const signedNow = (raw: string) => ({ 'content-type': 'application/json', 'x-callbell-signature': deliverJs.signatureHeader(DEMO.signingSecret, raw, { timestamp: Math.floor(Date.now() / 1000) }) as string });
const webhookLog = () => (sandbox.webhooks as unknown as { log: Array<{ origin: string; recordId: string | null; event: unknown }> }).log;

const { serve, settle, lastItem } = useSyncTrigger({
	start: async () => (sandbox = (await callbell.startCallbellSandbox({ rateLimit: { enabled: false }, webhookDelayMs: 0 })) as Sandbox),
	server: (options) => ({
		type: 'callbellTrigger',
		parameters: { events: ['contact_created', 'contact_updated', 'message_created'], replaceExistingWebhook: true, options },
		credentials: cred(),
		after: { type: 'callbell', parameters: { resource: 'contact', operation: 'get', contactUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } } },
	}),
});

async function syncUpdate(updateFields: INodeParameters, options: INodeParameters = {}) {
	const run = await runSyncWrite({
		type: 'callbell',
		credentials: cred(),
		parameters: { resource: 'contact', operation: 'update', contactUuid: { __rl: true, mode: 'id', value: JOHN() }, updateFields, options },
	});
	expect(run.error).toBeUndefined();
	return run.items[0].json;
}

describe('Echo Guard on Callbell contacts (stamp)', () => {
	it("drops the echo of the pack's stamped write from the delivery alone (no ledger), and passes a human edit after it", async () => {
		const server = await serve();
		const out = await syncUpdate({ name: `John ${Date.now()}` });
		expect(out._sync).toEqual({ stamped: true });
		expect(stampIn('cb', { customFields: out.customFields as IDataObject })).toMatch(/^n8ns1\.cb\.nm\./);
		// As if the write had been made by a worker: this process remembers nothing of it.
		clearLedger();
		await settle(server);
		expect(server.started).toBe(0);

		sandbox.humanEdit({ uuid: JOHN(), changes: { tags: ['vip', 'hot'] } });
		await settle(server);
		expect(server.started).toBe(1);
		expect(lastItem(server)._sync).toMatchObject({ echo: false, reason: 'changed' });
	});

	it("a person's revert that carries the dropped echo's very bytes and signed t (same second) passes; its replay does not", async () => {
		const server = await serve();
		// The echo is sent by hand below, with one fixed t: the echo itself, then after a human
		// edit the same bytes again (the person put the synced value back within the second).
		const held = sandbox.webhooks.hold((entry: { origin: string }) => entry.origin === 'api');
		await syncUpdate({ name: `John ${Date.now()}` });
		const echo = webhookLog().filter((e) => e.origin === 'api').pop();
		const raw = JSON.stringify(echo?.event);
		const headers = signedNow(raw);
		const url = server.listeningUrl();
		expect((await postRaw(url, raw, headers)).status).toBe(200);
		await settle(server);
		expect(server.started).toBe(0);

		sandbox.humanEdit({ uuid: JOHN(), changes: { name: `Joan ${Date.now()}` } });
		await settle(server);
		expect(server.started).toBe(1);

		expect((await postRaw(url, raw, headers)).status).toBe(200);
		await settle(server);
		expect(server.started).toBe(2);
		expect(lastItem(server)._sync).toMatchObject({ echo: false, reason: 'reverted' });
		// The same request once more is a replay of a delivery that ran.
		const replay = await postRaw(url, raw, headers);
		await settle(server);
		expect(replay.json).toMatchObject({ duplicate: true });
		expect(server.started).toBe(2);
		held.drop();
	});

	it('Skip If Unchanged: the same name (spelled with other spaces) is not written again', async () => {
		const name = `John ${Date.now()}`;
		await syncUpdate({ name });
		await sandbox.webhooks.idle();
		sandbox.clearRequests();
		const out = await syncUpdate({ name: `  ${name.replace(' ', '   ')} ` }, { skipUnchanged: true });
		expect(out).toMatchObject({ uuid: JOHN(), name, _sync: { skipped: 'unchanged' } });
		expect(sandbox.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
	});

	it('Off on the trigger and on the action: every echo runs, outputs as before', async () => {
		const server = await serve({ echoGuard: 'off' });
		await syncUpdate({ name: `John ${Date.now()}` });
		await settle(server);
		expect(server.started).toBe(1);
		expect(lastItem(server)).not.toHaveProperty('_sync');
		const off = await syncUpdate({ name: `John ${Date.now()}` }, { markWrites: 'off' });
		expect(off).not.toHaveProperty('_sync');
		expect(stampIn('cb', { customFields: off.customFields as IDataObject })).toBe(stampIn('cb', { customFields: (sandbox.store.contacts.get(JOHN()) as IDataObject).customFields as IDataObject }));
	});
});

describe('Echo Guard on Callbell messages (stamp in metadata)', () => {
	async function send(text: string, options: INodeParameters = {}, metadata?: INodeParameters) {
		const run = await runSyncWrite({
			type: 'callbell',
			credentials: cred(),
			parameters: {
				resource: 'message',
				operation: 'send',
				channelUuid: { __rl: true, mode: 'list', value: DEMO.channels.whatsapp },
				recipientType: 'to',
				to: DEMO.phones.john,
				messageType: 'text',
				text,
				additionalFields: metadata ? { metadata: { entry: Object.entries(metadata).map(([key, value]) => ({ key, value: String(value) })) } } : {},
				options,
			},
		});
		expect(run.error).toBeUndefined();
		return run.items[0].json;
	}

	it("the message_created of a message the pack sent starts nothing; the user's own metadata is kept", async () => {
		const server = await serve();
		const out = await send('Your order has shipped', {}, { order_id: 'A-1' });
		expect(out._sync).toEqual({ stamped: true });
		const stored = [...(sandbox.store as unknown as { messages: Map<string, IDataObject> }).messages.values()].find((m) => m.uuid === out.uuid)!;
		expect(stored.metadata).toEqual({ order_id: 'A-1', n8n_sync: expect.stringMatching(/^n8ns1\.cb\.mt\./) });
		await settle(server);
		expect(server.started).toBe(0);
	});

	it('a message whose text differs from the stamped one (forged or reused metadata) passes; Off passes everything', async () => {
		const server = await serve();
		const out = await send('Original text');
		await settle(server);
		expect(server.started).toBe(0);
		const stored = [...(sandbox.store as unknown as { messages: Map<string, IDataObject> }).messages.values()].find((m) => m.uuid === out.uuid)!;
		// The same stamp on another text (as if copied by hand into a new message): not an echo.
		await send('Another text', { markWrites: 'off' }, { n8n_sync: (stored.metadata as IDataObject).n8n_sync as string });
		await settle(server);
		expect(server.started).toBe(1);
		expect(lastItem(server)._sync).toMatchObject({ echo: false, reason: 'changed' });
		await send('Unmarked', { markWrites: 'off' });
		await settle(server);
		expect(server.started).toBe(2);
		expect(lastItem(server)._sync).toMatchObject({ echo: false, reason: 'no-stamp' });
	});
});

describe('Echo Guard across webhook processors (queue mode: one static data row, no shared memory)', () => {
	const ids = { workflowId: 'wf-cb-processors', nodeId: 'node-cb-processors', webhookId: 'hook-cb-processors' };
	const started: WebhookServer[] = [];
	afterEach(async () => {
		for (const server of started.splice(0)) {
			await server.deactivate();
			await server.close();
		}
	});

	async function processors(store: StaticDataStore, count: number): Promise<WebhookServer[]> {
		const out: WebhookServer[] = [];
		for (let i = 0; i < count; i++) {
			const server = await freshProcess('callbellTrigger', 'callbell').startWebhookServer({
				type: 'callbellTrigger',
				parameters: { events: ['contact_created', 'contact_updated', 'message_created'], replaceExistingWebhook: true, options: {} },
				credentials: cred(),
				after: { type: 'callbell', parameters: { resource: 'contact', operation: 'get', contactUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } } },
				...ids,
				staticData: store,
			});
			started.push(server);
			await server.activate();
			out.push(server);
		}
		return out;
	}

	/** Sends the newest delivery the sandbox made (held, never sent by it) to `server`, signed now. */
	async function sendLast(server: WebhookServer, origin: 'api' | 'human'): Promise<void> {
		const raw = JSON.stringify(webhookLog().filter((e) => e.origin === origin).pop()?.event);
		const headers = signedNow(raw);
		expect((await postRaw(server.url, raw, headers)).status).toBe(200);
		await server.settled();
	}

	it("a revert decided by a third processor passes although an older copy's save erased the edit's invalidation: the dropped echo consumed the stamp", async () => {
		const store = new StaticDataStore();
		const [echoes, edits, reverts] = await processors(store, 3);
		const held = sandbox.webhooks.hold(() => true);
		try {
			const synced = `John ${Date.now()}`;
			await syncUpdate({ name: synced });
			clearLedger(); // the write was a worker's
			await sendLast(echoes, 'api');
			expect(echoes.started).toBe(0);
			// What a processor that loaded the row now (after the echo, before the edit) would save later.
			const older = store.peek(ids.workflowId);

			sandbox.humanEdit({ uuid: JOHN(), changes: { name: `Joan ${Date.now()}` } });
			await sendLast(edits, 'human');
			expect(edits.started).toBe(1);
			expect(edits.executions[0].triggerItems[0].json._sync).toMatchObject({ reason: 'changed' });
			// That processor saves its older copy: the invalidation the edit made is gone from the row.
			store.overwrite(ids.workflowId, older);

			sandbox.humanEdit({ uuid: JOHN(), changes: { name: synced } });
			await sendLast(reverts, 'human');
			expect(reverts.started).toBe(1);
			expect(reverts.executions[0].triggerItems[0].json._sync).toMatchObject({ echo: false, reason: 'reverted' });
		} finally {
			held.drop();
		}
	});

	it('the echo is still dropped by a processor that never saw the write (the stamp is in the delivery); only a second delivery of that stamp passes', async () => {
		const store = new StaticDataStore();
		const [first, second] = await processors(store, 2);
		const held = sandbox.webhooks.hold(() => true);
		try {
			await syncUpdate({ name: `John ${Date.now()}` });
			clearLedger();
			await sendLast(first, 'api');
			expect(first.started).toBe(0);
			// Callbell sends one delivery per write; a second one with the same stamp over the same
			// values (here: the same event re-signed) is read as a person putting the values back.
			await sendLast(second, 'api');
			expect(second.started).toBe(1);
			expect(second.executions[0].triggerItems[0].json._sync).toMatchObject({ reason: 'reverted' });
		} finally {
			held.drop();
		}
	});
});
