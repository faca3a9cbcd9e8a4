/**
 * Echo Guard, HighLevel side: the Contacts API node's stamped writes and the Contacts API
 * Trigger's decision, through the Contacts sandbox (which, like HighLevel, sends a signed
 * ContactUpdate for every write, the pack's own included) and n8n's webhook path
 * (test/harness/webhook.ts). The trigger's workflow is one half of a sync: [Trigger] → [Sink]
 * → [Contacts API], so the guard's Auto is on.
 *
 * Time: Date is faked (jest's modern timers, Date only), so "a human edit 500 ms after the sync
 * write" is a delivery whose `timestamp` is 500 ms later, with no waiting and no timed assertion.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { canonicalRecord, stampIn } from '../../../nodes/shared/sync/records';
import { makeStamp, stampKey } from '../../../nodes/shared/sync/stamp';
import { contactsCredential, CONTACTS_DEMO, startContactsSandbox, type Sandbox } from '../../harness/sandboxes';
import * as harness from '../../harness/webhook';
import { StaticDataStore, type WebhookServer } from '../../harness/webhook';
import { freshProcess as freshSyncProcess, runSyncWrite } from '../shared/sync/helpers';

const { SANDBOX_WEBHOOK_KEYS } = require('../../sandbox/contacts/webhooks');

type Harness = typeof harness;

interface Emitter {
	delayMs: number | [number, number];
	idle(): Promise<void>;
	hold(match: (entry: IDataObject) => boolean): { release(): Promise<void> };
	log: IDataObject[];
}
type ContactsSandbox = Sandbox & {
	webhooks: Emitter;
	webhookTargets: Array<{ url: string; events?: string[] }>;
	humanEdit(spec: IDataObject): { contact: IDataObject };
	store: { contacts: Map<string, IDataObject>; customFields: Map<string, IDataObject[]> };
};

let sandbox: ContactsSandbox;
let clock = Date.parse('2026-12-03T12:00:00.000Z');
const servers: WebhookServer[] = [];

beforeAll(async () => {
	jest.useFakeTimers({
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'requestAnimationFrame',
			'cancelAnimationFrame',
			'requestIdleCallback',
			'cancelIdleCallback',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
		now: clock,
	});
	sandbox = (await startContactsSandbox({ contacts: 0, webhookDelayMs: 0 })) as ContactsSandbox;
});
afterEach(async () => {
	await sandbox.webhooks.idle();
	sandbox.webhookTargets.length = 0;
});
afterAll(async () => {
	await Promise.all(servers.map(async (server) => await server.close()));
	await sandbox.close();
	jest.useRealTimers();
});

/** Moves the (fake) clock on. */
function advance(ms: number): void {
	clock += ms;
	jest.setSystemTime(clock);
}

const credentials = () => contactsCredential(sandbox);

/** A sync workflow's trigger: [Contacts API Trigger] → [Sink] → [Contacts API: get the contact]. */
async function serve(options: INodeParameters = {}, on: Harness = harness, extra: Partial<harness.WebhookServerOptions> = {}): Promise<WebhookServer> {
	const server = await on.startWebhookServer({
		type: 'contactsApiTrigger',
		parameters: {
			events: ['ContactCreate', 'ContactUpdate', 'ContactTagUpdate'],
			signatureMode: 'ed25519',
			ed25519PublicKey: SANDBOX_WEBHOOK_KEYS.ed25519.publicPem,
			options,
		},
		credentials: credentials(),
		after: {
			type: 'contactsApi',
			parameters: { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
		},
		...extra,
	});
	servers.push(server);
	sandbox.webhookTargets.push({ url: server.url, events: ['ContactUpdate', 'ContactCreate', 'ContactTagUpdate'] });
	return server;
}

async function settle(...list: WebhookServer[]): Promise<void> {
	await sandbox.webhooks.idle();
	for (const server of list) await server.settled();
	await sandbox.webhooks.idle();
}

async function newContact(fields: INodeParameters = {}): Promise<string> {
	const run = await runSyncWrite({
		type: 'contactsApi',
		root: 'input',
		credentials: credentials(),
		typeVersion: 1,
		parameters: {
			resource: 'contact',
			operation: 'create',
			additionalFields: { firstName: 'Ada', lastName: 'Lovelace', email: `ada.${Math.random().toString(36).slice(2)}@example.com`, city: 'London', ...fields },
		},
	});
	expect(run.error).toBeUndefined();
	// Its ContactCreate goes out before any trigger of the test listens.
	await sandbox.webhooks.idle();
	return run.items[0].json.id as string;
}

/** The sync's write: Contacts API contact update in a workflow started by a pack trigger. */
async function syncUpdate(contactId: string, updateFields: INodeParameters, options: INodeParameters = {}) {
	const run = await runSyncWrite({
		type: 'contactsApi',
		credentials: credentials(),
		parameters: {
			resource: 'contact',
			operation: 'update',
			contactId: { __rl: true, mode: 'id', value: contactId },
			updateFields,
			options,
		},
	});
	expect(run.error).toBeUndefined();
	return run.items[0].json;
}

function passed(server: WebhookServer): IDataObject[] {
	return server.executions.map((e) => e.triggerItems[0].json);
}

function stampFieldId(): string | undefined {
	return (sandbox.store.customFields.get(CONTACTS_DEMO.locationId) ?? []).find((f) => f.name === 'n8n Sync Stamp')?.id as string | undefined;
}

describe('Echo Guard on HighLevel contacts', () => {
	it("drops the echo of the pack's own stamped write before any execution exists (and finds/creates the stamp field once)", async () => {
		const contactId = await newContact();
		const server = await serve();
		await settle(server);
		const created = server.started;
		expect(stampFieldId()).toBeUndefined();

		const out = await syncUpdate(contactId, { firstName: 'Augusta' });
		expect(out._sync).toEqual({ stamped: true });
		expect(stampFieldId()).toBeDefined();
		const stored = sandbox.store.contacts.get(contactId)!;
		expect(stampIn('hl', stored)).toMatch(/^n8ns1\.hl\.fn\.[0-9a-f]{16}\.[0-9a-z]+$/);
		await settle(server);
		expect(server.started).toBe(created);
		const answers = sandbox.webhooks.log.filter((e) => e.recordId === contactId && e.origin === 'api').slice(-1);
		expect(((await (answers[0].done as Promise<IDataObject[]>))[0].answer as string)).toContain("echo of this pack's own write");

		// A second write reuses the field: no second POST /customFields.
		sandbox.clearRequests();
		await syncUpdate(contactId, { lastName: 'King' });
		expect(sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/customFields'))).toHaveLength(0);
		await settle(server);
		expect(server.started).toBe(created);
	});

	it("drops the ContactCreate of a contact the pack created (stamp made before the id existed)", async () => {
		const server = await serve();
		await settle(server);
		const before = server.started;
		const run = await runSyncWrite({
			type: 'contactsApi',
			credentials: credentials(),
			typeVersion: 1,
			parameters: {
				resource: 'contact',
				operation: 'create',
				additionalFields: { firstName: 'Mary', lastName: 'Somerville', email: `mary.${Date.now()}@Example.com`, phone: '+1 415 555 2671', tags: 'Lead' },
			},
		});
		expect(run.items[0].json._sync).toEqual({ stamped: true });
		await settle(server);
		expect(server.started).toBe(before);
		const sent = sandbox.webhooks.log.find((e) => e.recordId === run.items[0].json.id && e.name === 'ContactCreate')!;
		expect(((await (sent.done as Promise<IDataObject[]>))[0].answer as string)).toContain("echo of this pack's own write");
	});

	describe.each([0, 50, 500, 5000])('a human edit %i ms after a sync write passes', (after) => {
		it.each([
			['to another field', { city: 'Paris' }],
			['to the field the sync wrote', { firstName: 'Grace' }],
		])('%s, delivered in order: exactly the human edit runs', async (_label, changes) => {
			const contactId = await newContact();
			const server = await serve();
			await settle(server);
			const before = server.started;
			await syncUpdate(contactId, { firstName: 'Augusta' });
			advance(after);
			sandbox.humanEdit({ contactId, changes });
			await settle(server);
			expect(server.started).toBe(before + 1);
			expect(passed(server).at(-1)).toMatchObject({ ...changes, _sync: { echo: false, reason: 'changed' } });
		});

		if (after > 0) {
			it('to another field, delivered before the echo: the human edit runs, the late echo is stale', async () => {
				const contactId = await newContact();
				const server = await serve();
				await settle(server);
				const before = server.started;
				const held = sandbox.webhooks.hold((entry) => entry.recordId === contactId && entry.origin === 'api');
				await syncUpdate(contactId, { firstName: 'Augusta' });
				advance(after);
				sandbox.humanEdit({ contactId, changes: { city: 'Paris' } });
				await settle(server);
				expect(server.started).toBe(before + 1);
				expect(passed(server).at(-1)).toMatchObject({ city: 'Paris', firstName: 'Augusta' });
				await held.release();
				await settle(server);
				expect(server.started).toBe(before + 1);
			});
		}
	});

	it('A→B→A: a human who changes the synced value back passes (twice)', async () => {
		const contactId = await newContact();
		const server = await serve();
		await settle(server);
		const before = server.started;
		await syncUpdate(contactId, { firstName: 'Augusta' });
		advance(10);
		sandbox.humanEdit({ contactId, changes: { firstName: 'Grace' } });
		advance(10);
		sandbox.humanEdit({ contactId, changes: { firstName: 'Augusta' } });
		await settle(server);
		expect(server.started).toBe(before + 2);
		expect(passed(server).slice(-2).map((item) => [item.firstName, (item._sync as IDataObject).reason])).toEqual([
			['Grace', 'changed'],
			['Augusta', 'reverted'],
		]);
	});

	it('a delivery older than one already applied for the record (HighLevel timestamp) is dropped as stale', async () => {
		const contactId = await newContact();
		const server = await serve();
		await settle(server);
		const before = server.started;
		const held = holdNext(contactId);
		sandbox.humanEdit({ contactId, changes: { city: 'Older' } });
		advance(1000);
		sandbox.humanEdit({ contactId, changes: { city: 'Newer' } });
		await settle(server);
		expect(passed(server).at(-1)).toMatchObject({ city: 'Newer' });
		await held.release();
		await settle(server);
		expect(server.started).toBe(before + 1);
	});

	it.each([
		['a wrong HMAC key (forged)', 'another-n8n-instance', 1],
		["this instance's key (control: the pack's own stamp)", undefined, 0],
	])('a human edit carrying a stamp made with %s over its new values', async (_label, wrongKey, runs) => {
		const contactId = await newContact();
		const server = await serve();
		await settle(server);
		await syncUpdate(contactId, { firstName: 'Augusta' });
		await settle(server);
		const before = server.started;
		const instanceId = wrongKey ?? ourInstanceId();
		const after = { ...sandbox.store.contacts.get(contactId)!, firstName: 'Grace' };
		const forged = makeStamp(stampKey(instanceId), 'hl', contactId, ['fn'], canonicalRecord('hl', after), Date.now());
		sandbox.humanEdit({ contactId, changes: { firstName: 'Grace', customFields: { [stampFieldId()!]: forged } } });
		await settle(server);
		expect(server.started).toBe(before + runs);
		if (runs) expect(passed(server).at(-1)!._sync).toMatchObject({ echo: false, reason: 'changed', stamp: forged });
	});

	it.each<[string, () => Promise<WebhookServer>]>([
		['Off on the trigger: every delivery runs as before, without _sync', async () => await serve({ echoGuard: 'off' })],
		[
			'Auto on a trigger whose workflow writes nothing with the pack (only reads events): unchanged, no _sync',
			async () => await serve({}, harness, { after: undefined }),
		],
	])('%s', async (_title, start) => {
		const contactId = await newContact();
		const server = await start();
		await settle(server);
		const before = server.started;
		await syncUpdate(contactId, { firstName: 'Augusta' });
		await settle(server);
		expect(server.started).toBe(before + 1);
		expect(passed(server).at(-1)).not.toHaveProperty('_sync');
	});

	it('two n8n processes share the receive state through static data (union): a revert served by the other process passes', async () => {
		const contactId = await newContact();
		const ids = { workflowId: 'wf-two-process', nodeId: 'node-two-process', webhookId: 'hook-two-process' };
		const store = new StaticDataStore();
		const a = await serve({}, harness, { ...ids, staticData: store });
		sandbox.webhookTargets.length = 0;
		const b = await serve({}, freshProcess(), { ...ids, staticData: store });
		sandbox.webhookTargets.length = 0;
		const to = (server: WebhookServer) => sandbox.webhookTargets.splice(0, sandbox.webhookTargets.length, { url: server.url });

		to(a);
		await syncUpdate(contactId, { firstName: 'Augusta' });
		await settle(a);
		expect(a.started + b.started).toBe(0);
		advance(10);
		sandbox.humanEdit({ contactId, changes: { firstName: 'Grace' } });
		await settle(a);
		expect(a.started).toBe(1);
		// The revert reaches the other process, which never saw B: it learns the invalidated stamp from the database.
		to(b);
		advance(10);
		sandbox.humanEdit({ contactId, changes: { firstName: 'Augusta' } });
		await settle(b);
		expect(b.started).toBe(1);
		expect(passed(b)[0]._sync).toMatchObject({ reason: 'reverted' });
		// An older delivery served by the other process is stale there too (it learns hwm from the database).
		const held = holdNext(contactId);
		sandbox.humanEdit({ contactId, changes: { city: 'Old' } });
		advance(10);
		to(a);
		sandbox.humanEdit({ contactId, changes: { city: 'New' } });
		await settle(a);
		expect(a.started).toBe(2);
		to(b);
		await held.release();
		await settle(b);
		expect(b.started).toBe(1);
	});
});

/** n8n's instance id as the nodes see it (n8n-core's InstanceSettings, the same in every context). */
function ourInstanceId(): string {
	const { Container } = require('@n8n/di');
	const { InstanceSettings } = require('n8n-core');
	return (Container.get(InstanceSettings) as { instanceId: string }).instanceId;
}

/** Holds the next delivery emitted for the record (released later: out of order). */
function holdNext(recordId: string): { release(): Promise<void> } {
	let taken = false;
	return sandbox.webhooks.hold((entry) => {
		if (taken || entry.recordId !== recordId) return false;
		taken = true;
		return true;
	});
}

/** A separate n8n process: nothing shared but the database (see ContactsApiTrigger/dedup.test.ts). */
function freshProcess(): Harness {
	return freshSyncProcess('contactsApiTrigger', 'contactsApi');
}

