/**
 * The README walkthrough ("Try it"), driven as a newcomer would after `npm start`: the six
 * examples imported the way the start command imports them (sandbox credentials, Contacts
 * API Triggers set to the sandbox's key), each one published as it is, then every event of
 * the walkthrough's table fired with `npm run demo -- event <name>` (scripts/demo.js, through
 * the sandboxes' demo console, --json to read the payload it sent) and, per event, exactly
 * one green execution of its example, found by its trigger item (never by position: runs of
 * one workflow may finish in any order), and its effect in the other sandbox. Then `npm run
 * demo -- all` once more, compared as sets; every demo event fires without error.
 */
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { IDataObject } from 'n8n-workflow';

import { DIALPAD_DEMO, startDialpadSandbox, type DialpadSandbox } from '../harness/sandboxes';
import { CALLBELL_DEMO as CB, messagesOf, useCallbellSandbox } from './helpers/callbell';
import { createCredential, n8nApi, useContactsSandbox } from './helpers/e2e';
import { expectSuccess } from './helpers/examples';
import { waitUntil } from './helpers/triggers';

const { importExamples } = require('../../scripts/runner/demo');
const { startDemoConsole } = require('../sandbox/demo/console');
const { SANDBOX_WEBHOOK_KEYS } = require('../sandbox/contacts/webhooks');

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

// The data `npm start` serves: 25 demo contacts, 9 of them also in the Callbell sandbox;
// the Dialpad demo company.
const contacts = useContactsSandbox({ sandbox: { seed: 'demo', contacts: 25 } });
const callbell = useCallbellSandbox({ credential: { signingSecret: CB.signingSecret } });
let dialpad: DialpadSandbox;
let dialpadCredentialId: string;

type Example = '1' | '2' | '3' | '4' | '5' | '6';
/** Each example's trigger node, and what identifies one of its trigger items (one delivery). */
const TRIGGERS: Record<Example, { node: string; key: (json: IDataObject) => string }> = {
	'1': { node: 'Callbell Trigger', key: (json) => String(json.uuid) },
	'2': { node: 'Contacts API Trigger', key: (json) => String(json.webhookId) },
	'3': { node: 'Dialpad Trigger', key: (json) => `${String(json.call_id)} ${String(json.state)}` },
	'4': { node: 'Contacts API Trigger', key: (json) => String(json.webhookId) },
	'5': { node: 'Dialpad Trigger', key: ({ event, contact }) => [event, ...['id', 'company_name', 'job_title'].map((f) => (contact as IDataObject)[f] ?? '')].join(' ') },
	'6': { node: 'Contacts API Trigger', key: (json) => String(json.webhookId) },
};
const EXAMPLES = Object.keys(TRIGGERS) as Example[];
// The two-way sync examples (7: CRM ↔ Callbell, 8: CRM ↔ Dialpad, two workflows each) are
// imported here too, as `npm start` does; they run in two-way-sync.e2e.test.ts.
const SYNC_EXAMPLES = ['7a', '7b', '8a', '8b'];

/** The examples by their number (file name prefix) → imported workflow id. */
const ids = {} as Record<Example, string>;
const syncIds: string[] = [];
/** The trigger keys of every event fired at each example so far. */
const fired: Record<Example, string[]> = { '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] };
let demo: { url: string; close(): Promise<void>; fire(name: string): Promise<any> };

beforeAll(async () => {
	dialpad = await startDialpadSandbox({ port: 0 });
	dialpadCredentialId = await createCredential('dialpadApi', { apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: dialpad.url }, 'Dialpad sandbox (demo e2e)');
	// The examples as `npm start` imports them, under unique names (other files import them too).
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-examples-'));
	const tag = crypto.randomUUID().slice(0, 8);
	const names = {} as Record<string, string>;
	for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))) {
		const json = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		json.name = `${json.name} [demo ${tag}]`;
		for (const node of json.nodes) if (node.webhookId) node.webhookId = crypto.randomUUID();
		names[file.split('-')[0]] = json.name;
		fs.writeFileSync(path.join(dir, file), JSON.stringify(json));
	}
	expect(Object.keys(names).sort()).toEqual([...EXAMPLES, ...SYNC_EXAMPLES]);
	const credentials = { contactsApi: contacts.credentialId, callbellApi: callbell.credentialId, dialpadApi: dialpadCredentialId };
	const imported = await importExamples(n8nApi(), credentials, dir, { ed25519PublicKey: SANDBOX_WEBHOOK_KEYS.ed25519.publicPem });
	fs.rmSync(dir, { recursive: true, force: true });
	expect(imported.sort()).toEqual(Object.values(names).sort());
	const byName = new Map(((await n8nApi().request('GET', '/rest/workflows')) as Array<{ id: string; name: string }>).map((w) => [w.name, w.id]));
	for (const n of EXAMPLES) ids[n] = byName.get(names[n])!;
	for (const n of SYNC_EXAMPLES) syncIds.push(byName.get(names[n])!);

	demo = await startDemoConsole({ sandboxes: { contacts: contacts.sandbox, callbell: callbell.sandbox, dialpad }, n8n: { api: n8nApi() } });
}, 60_000);

afterAll(async () => {
	for (const id of [...Object.values(ids), ...syncIds]) {
		await n8nApi().deactivateWorkflow(id).catch(() => undefined);
		await n8nApi().deleteWorkflow(id).catch(() => undefined);
	}
	if (demo) await demo.close();
	if (dialpadCredentialId) await n8nApi().deleteCredential(dialpadCredentialId).catch(() => undefined);
	if (dialpad) await dialpad.close();
});

interface Fired {
	source: string;
	event: string;
	payload: any;
	deliveries: Array<{ status: number }>;
}

/** `npm run demo -- <args> --json` against this file's demo console → its parsed answer. */
async function demoCli(...args: string[]): Promise<any> {
	const { stdout } = await run(process.execPath, [path.join(ROOT, 'scripts/demo.js'), ...args, '--json'], { env: { ...process.env, DEMO_URL: demo.url } });
	return JSON.parse(stdout);
}

/**
 * Fires one walkthrough event at `example` (`npm run demo -- event <name>`); `payloads`
 * picks the delivered events its trigger takes (default: the one payload). Every delivery
 * must have been accepted (HTTP 200).
 */
async function fire(example: Example, name: string, payloads: (payload: any) => IDataObject[] = (p) => [p]): Promise<Fired> {
	const result = (await demoCli('event', name)) as Fired;
	expect({ name, statuses: result.deliveries.map((d) => d.status) }).toEqual({ name, statuses: result.deliveries.map(() => 200) });
	expect(result.deliveries.length).toBeGreaterThan(0);
	const keys = payloads(result.payload).map((p) => TRIGGERS[example].key(p));
	// Keys tell deliveries apart: never empty, never seen before.
	for (const key of keys) expect({ key, seen: fired[example].includes(key) }).toEqual({ key: expect.not.stringMatching(/undefined|null|^$/), seen: false });
	fired[example].push(...keys);
	return result;
}

/**
 * The keys of the echoes example 5 may see: like Dialpad, the sandbox sends a contact event
 * for every contact write, example 6's upserts included (contacts with the UID
 * contacts-api-…). The pack's echo guard drops them before an execution exists; without it
 * (or where it cannot tell) example 5 runs once for each different one and stops it at "Not
 * From the CRM Sync?" (an identical body again is a replay to the Dialpad Trigger: no run).
 */
function echoKeys(example: Example): Set<string> {
	if (example !== '5') return new Set();
	return new Set(
		dialpad.webhooks.log
			.filter((e: any) => String(e.recordId).startsWith('shared_contact_uid_contacts-api-') && (e.rows ?? []).some((r: any) => r.status === 200))
			.map((e: any) => TRIGGERS['5'].key(e.event)),
	);
}

/** Exactly one run per event fired at the example, and no other run but at most one per echo. */
function expectRunsOf(example: Example, runs: any[]): void {
	const keys = runs.map((e) => keyOfRun(example, e));
	const echoes = echoKeys(example);
	const fromEvents = keys.filter((k) => fired[example].includes(k)).sort();
	const others = keys.filter((k) => !fired[example].includes(k));
	expect({ example, keys: fromEvents }).toEqual({ example, keys: [...fired[example]].sort() });
	expect({ example, others: others.filter((k) => !echoes.has(k)), repeated: others.length - new Set(others).size }).toEqual({ example, others: [], repeated: 0 });
}

const runCache = new Map<string, any>();

/** Every finished execution of an example (with run data), once none is still running. */
async function finishedRuns(example: Example): Promise<any[] | undefined> {
	const list = (await n8nApi().listExecutions({ workflowId: ids[example], limit: 250 })) as Array<{ id: string; status: string; stoppedAt?: string }>;
	if (list.some((e) => !e.stoppedAt || ['new', 'running', 'waiting'].includes(e.status))) return undefined;
	for (const e of list) if (!runCache.has(e.id)) runCache.set(e.id, await n8nApi().getExecution(e.id, { includeData: true }));
	return list.map((e) => runCache.get(e.id));
}

/** The trigger key of an execution of `example` (the first item its trigger node emitted). */
function keyOfRun(example: Example, execution: any): string {
	const { node, key } = TRIGGERS[example];
	const items = execution.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0] ?? [];
	return items.length ? key(items[0].json) : '(no trigger item)';
}

/**
 * Waits (bounded) until the example has finished a run whose trigger item is `payload`,
 * then checks it is the only such run and green; resolves to it.
 */
async function runOf(example: Example, payload: IDataObject): Promise<any> {
	const wanted = TRIGGERS[example].key(payload);
	const matching = (await waitUntil(
		async () => {
			const runs = await finishedRuns(example);
			const found = (runs ?? []).filter((e) => keyOfRun(example, e) === wanted);
			return found.length ? found : undefined;
		},
		{ timeoutMs: 30_000, intervalMs: 150, what: `example ${example}'s run of ${wanted}` },
	))!;
	expect(matching).toHaveLength(1);
	expectSuccess(matching[0]);
	return matching[0];
}

const crmContactsWithPhone = (phone: string): IDataObject[] => [...contacts.sandbox.store.contacts.values()].filter((c) => c.phone === phone);
const callbellContactWithPhone = (phone: string): IDataObject | undefined => [...callbell.sandbox.store.contacts.values()].find((c) => c.phoneNumber === phone);
const crmNotesOf = (contactId: string): string[] => [...contacts.sandbox.store.notes.values()].filter((n: IDataObject) => n.contactId === contactId).map((n: IDataObject) => String(n.body));
const crmTasksOf = (contactId: string): string[] => [...contacts.sandbox.store.tasks.values()].filter((t: IDataObject) => t.contactId === contactId).map((t: IDataObject) => String(t.title));

describe('the README walkthrough: npm start, publish each example, fire its demo events', () => {
	it('every example publishes as imported (triggers green: the sandbox key is set)', async () => {
		for (const n of EXAMPLES) await n8nApi().activateWorkflow(ids[n]);
		const stored = await Promise.all(EXAMPLES.map(async (n) => await n8nApi().request('GET', `/rest/workflows/${ids[n]}`)));
		expect(stored.map((w: any) => w.active)).toEqual(EXAMPLES.map(() => true));
		// The Callbell Trigger subscribed the account's webhook, the Dialpad Triggers their events.
		await waitUntil(() => callbell.sandbox.store.webhook, { timeoutMs: 30_000, what: 'the Callbell subscription' });
		await waitUntil(() => dialpad.store.subscriptions.call.length === 1 && dialpad.store.subscriptions.contact.length === 1, { timeoutMs: 30_000, what: 'the Dialpad subscriptions' });
	});

	it('1. contact_created → the new chat becomes a Contacts API contact', async () => {
		const { payload } = await fire('1', 'contact_created');
		await runOf('1', payload);
		expect(crmContactsWithPhone(payload.phoneNumber)).toEqual([expect.objectContaining({ source: 'Callbell', firstName: payload.name.split(' ')[0] })]);
		expect(messagesOf(callbell.sandbox, payload.uuid).filter((m) => m.status === 'note')).toHaveLength(1);
	});

	it('2. TaskComplete → a note in the Callbell chat of the same phone', async () => {
		const { payload } = await fire('2', 'TaskComplete');
		await runOf('2', payload);
		const chat = callbellContactWithPhone(String(contacts.sandbox.store.contacts.get(payload.contactId)?.phone));
		expect(chat).toBeDefined();
		expect(messagesOf(callbell.sandbox, String(chat!.uuid)).filter((m) => m.status === 'note' && /Task completed in the CRM/.test(String(m.text)))).toHaveLength(1);
	});

	it('3. call_hangup and call_missed → the caller in the CRM with a call note, a follow-up task and a call-back task', async () => {
		const answered = (await fire('3', 'call_hangup')).payload;
		await runOf('3', answered);
		// A missed call is two events ("missed", then its "hangup"); example 3 subscribes to hangups.
		const missed = (await fire('3', 'call_missed', (events) => events.filter((e: IDataObject) => e.state === 'hangup'))).payload;
		expect(missed.map((e: IDataObject) => e.state)).toEqual(['missed', 'hangup']);
		await runOf('3', missed[1]);
		const [caller] = crmContactsWithPhone(answered.external_number);
		expect(crmContactsWithPhone(answered.external_number)).toEqual([expect.objectContaining({ firstName: 'Priya', lastName: 'Patel' })]);
		const notes = crmNotesOf(String(caller.id)).sort();
		expect(notes).toEqual([expect.stringMatching(/^📞 Call \(inbound\)/), expect.stringMatching(/^📞 Missed call \(inbound\)/)]);
		expect(notes[0]).toContain(`Dialpad call ${answered.call_id}`);
		expect(notes[1]).toContain(`Dialpad call ${missed[1].call_id}`);
		expect(crmTasksOf(String(caller.id)).sort()).toEqual(['Call back Priya Patel', 'Follow up on the call with Priya Patel']);
	});

	it('4. ContactTagUpdate and ContactDelete → mirrored on the Callbell contact with the same phone', async () => {
		const tagged = (await fire('4', 'ContactTagUpdate')).payload;
		await runOf('4', tagged);
		expect(tagged.tags).toContain('vip');
		expect(((callbellContactWithPhone(tagged.phone)?.tags as string[]) ?? []).map((t) => t.toLowerCase()).sort()).toEqual([...tagged.tags].sort());

		const deleted = (await fire('4', 'ContactDelete')).payload;
		await runOf('4', deleted);
		expect(crmContactsWithPhone(deleted.phone)).toEqual([]);
		expect(callbellContactWithPhone(deleted.phone)).toBeUndefined();
	});

	it('5. dialpad_contact_created and dialpad_contact_updated → the Dialpad contact created, then updated, in the CRM', async () => {
		const created = (await fire('5', 'dialpad_contact_created')).payload;
		await runOf('5', created);
		const phone = created.contact.primary_phone;
		const crm = { firstName: created.contact.first_name, lastName: created.contact.last_name, email: created.contact.primary_email, source: 'Dialpad' };
		expect(crmContactsWithPhone(phone)).toEqual([expect.objectContaining({ ...crm, companyName: created.contact.company_name })]);

		const updated = (await fire('5', 'dialpad_contact_updated')).payload;
		expect(updated.contact.id).toBe(created.contact.id);
		expect(updated.contact.company_name).not.toBe(created.contact.company_name);
		await runOf('5', updated);
		expect(crmContactsWithPhone(phone)).toEqual([expect.objectContaining({ ...crm, companyName: updated.contact.company_name })]);
	});

	it('6. ContactUpdate → a Dialpad company contact keyed by the CRM id', async () => {
		const { payload } = await fire('6', 'ContactUpdate');
		await runOf('6', payload);
		const written = dialpad.store.contacts.filter((c: IDataObject) => c.id === `shared_contact_uid_contacts-api-${payload.id}`);
		expect(written).toEqual([expect.objectContaining({ type: 'shared', first_name: payload.firstName, last_name: payload.lastName, phones: [payload.phone], emails: [payload.email] })]);
	});

	it('exactly one execution per event: each example ran once for every event fired at it, and for nothing else', async () => {
		await dialpad.webhooks.idle();
		for (const n of EXAMPLES) {
			const runs = (await waitUntil(async () => await finishedRuns(n), { what: `example ${n}'s runs to finish` }))!;
			expectRunsOf(n, runs);
		}
	});

	it('`npm run demo -- all` fires the whole table once more: one more green run per event, compared as sets', async () => {
		const results = (await demoCli('all')) as Array<Fired & { example: Example }>;
		expect(results.map((r) => `${r.example} ${r.event}`)).toEqual(['1 contact_created', '2 TaskComplete', '3 call_hangup', '3 call_missed', '4 ContactTagUpdate', '4 ContactDelete', '5 dialpad_contact_created', '5 dialpad_contact_updated', '6 ContactUpdate']);
		for (const r of results) {
			expect({ event: r.event, statuses: r.deliveries.map((d) => d.status) }).toEqual({ event: r.event, statuses: [200] });
			const payloads = Array.isArray(r.payload) ? r.payload.filter((e: IDataObject) => e.state === 'hangup') : [r.payload];
			fired[r.example].push(...payloads.map((p: IDataObject) => TRIGGERS[r.example].key(p)));
		}
		await dialpad.webhooks.idle();
		for (const n of EXAMPLES) {
			const runs = (await waitUntil(
				async () => {
					const all = await finishedRuns(n);
					return all && all.length >= fired[n].length ? all : undefined;
				},
				{ timeoutMs: 30_000, intervalMs: 150, what: `example ${n}'s ${fired[n].length} runs` },
			))!;
			for (const e of runs) expectSuccess(e);
			expectRunsOf(n, runs);
		}
	});

	it('every other demo event is delivered and accepted (or says who should listen)', async () => {
		const sources = (await (await fetch(`${demo.url}/events`)).json()) as Array<{ source: string; events: Array<{ name: string }> }>;
		expect(sources.map((s) => s.source)).toEqual(['contacts', 'callbell', 'dialpad']);
		expect(sources[0].events).toHaveLength(14);
		expect(sources[2].events.map((e) => e.name)).toEqual(['call_hangup', 'call_missed', 'call_ringing', 'dialpad_contact_created', 'dialpad_contact_updated']);
		// `npm run demo -- list` names each of them under its sandbox.
		const { stdout: list } = await run(process.execPath, [path.join(ROOT, 'scripts/demo.js'), 'list'], { env: { ...process.env, DEMO_URL: demo.url } });
		for (const { events } of sources) for (const { name } of events) expect(list).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
		for (const { source, events } of sources) {
			for (const { name } of events) {
				const result = await demo.fire(`${source}:${name}`);
				// Accepted or ignored by a trigger not listening for it; never refused (401) or failed.
				for (const d of result.deliveries) expect({ name, status: d.status }).toEqual({ name, status: 200 });
				if (result.deliveries.length === 0) expect(result.hint).toMatch(/activate \(publish\)/);
			}
		}
		// Let the runs these started finish before the sandboxes close (bounded poll).
		await waitUntil(async () => (await Promise.all(EXAMPLES.map(finishedRuns))).every(Boolean), { timeoutMs: 60_000, intervalMs: 250, what: 'the demo runs to finish' });
	});

	afterAll(() => {
		expect(dialpad.specViolations()).toEqual([]);
	});
});
