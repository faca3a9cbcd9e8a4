/**
 * The README walkthrough ("Try it"), driven as a newcomer would after `npm start`: the
 * examples imported the way the start command imports them (sandbox credentials, triggers
 * set to the sandboxes' keys), each one published as it is, then every event of the
 * walkthrough fired with `npm run demo -- event <name>` (scripts/demo.js, through the
 * sandboxes' demo console) and each example's executions checked: one green execution per
 * event, and its effect in the other sandbox. Also: every demo event fires without error.
 */
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { IDataObject } from 'n8n-workflow';

import { CALLBELL_DEMO as CB, messagesOf, useCallbellSandbox } from './helpers/callbell';
import { n8nApi, useContactsSandbox } from './helpers/e2e';
import { waitUntil } from './helpers/triggers';
import { waitForExecutions } from './helpers/workflows';

const { importExamples } = require('../../scripts/runner/demo');
const { startDemoConsole } = require('../sandbox/demo/console');
const { SANDBOX_WEBHOOK_KEYS } = require('../sandbox/contacts/webhooks');

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

// The data `npm start` serves: 25 demo contacts, 9 of them also in the Callbell sandbox.
const contacts = useContactsSandbox({ sandbox: { seed: 'demo', contacts: 25 } });
const callbell = useCallbellSandbox({ credential: { signingSecret: CB.signingSecret } });

/** The examples by their number (file name prefix) → imported workflow id. */
const ids: Record<string, string> = {};
let demo: { url: string; close(): Promise<void>; fire(name: string): Promise<any> };

beforeAll(async () => {
	// The examples as `npm start` imports them, under unique names (other files import them too).
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-examples-'));
	const tag = crypto.randomUUID().slice(0, 8);
	const names: Record<string, string> = {};
	// Examples 3, 5 and 6 start from the Dialpad sandbox (test/e2e/dialpad-examples.e2e.test.ts
	// drives them); the Contacts and Callbell ones are the walkthrough driven here.
	const WALKTHROUGH = ['1', '2', '4'];
	for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json') && WALKTHROUGH.includes(f.split('-')[0]))) {
		const json = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		json.name = `${json.name} [demo ${tag}]`;
		for (const node of json.nodes) if (node.webhookId) node.webhookId = crypto.randomUUID();
		names[file.split('-')[0]] = json.name;
		fs.writeFileSync(path.join(dir, file), JSON.stringify(json));
	}
	const imported = await importExamples(n8nApi(), { contactsApi: contacts.credentialId, callbellApi: callbell.credentialId }, dir, {
		ed25519PublicKey: SANDBOX_WEBHOOK_KEYS.ed25519.publicPem,
	});
	fs.rmSync(dir, { recursive: true, force: true });
	expect(imported.sort()).toEqual(Object.values(names).sort());
	const byName = new Map(((await n8nApi().request('GET', '/rest/workflows')) as Array<{ id: string; name: string }>).map((w) => [w.name, w.id]));
	for (const [n, name] of Object.entries(names)) ids[n] = byName.get(name)!;

	demo = await startDemoConsole({ sandboxes: { contacts: contacts.sandbox, callbell: callbell.sandbox }, n8n: { api: n8nApi() } });
}, 60_000);

afterAll(async () => {
	for (const id of Object.values(ids)) {
		await n8nApi().deactivateWorkflow(id).catch(() => undefined);
		await n8nApi().deleteWorkflow(id).catch(() => undefined);
	}
	if (demo) await demo.close();
});

/** `npm run demo -- event <name>` against this file's demo console; resolves to its output. */
async function demoEvent(name: string): Promise<string> {
	const { stdout } = await run(process.execPath, [path.join(ROOT, 'scripts/demo.js'), 'event', name], { env: { ...process.env, DEMO_URL: demo.url } });
	return stdout;
}

function expectGreen(executions: any[]): void {
	expect(executions.map((e) => ({ status: e.status, error: e.data?.resultData?.error?.message }))).toEqual(executions.map(() => ({ status: 'success', error: undefined })));
}

const contactsWithPhone = (phone: string): IDataObject[] => [...contacts.sandbox.store.contacts.values()].filter((c) => c.phone === phone);

describe('the README walkthrough: npm start, publish each example, fire its demo events', () => {
	it('every example publishes as imported (triggers green: the sandbox key is set)', async () => {
		for (const id of Object.values(ids)) await n8nApi().activateWorkflow(id);
		const stored = await Promise.all(Object.values(ids).map(async (id) => await n8nApi().request('GET', `/rest/workflows/${id}`)));
		expect(stored.map((w: any) => w.active)).toEqual([true, true, true]);
		// The Callbell Trigger subscribed the sandbox account's webhook on activation.
		await waitUntil(() => callbell.sandbox.store.webhook, { what: 'the Callbell subscription' });
	});

	it('1. contact_created → the new chat becomes a Contacts API contact', async () => {
		const output = await demoEvent('contact_created');
		expect(output).toMatch(/HTTP 200/);
		const [execution] = await waitForExecutions(ids['1'], 1);
		expectGreen([execution]);
		const newest = [...callbell.sandbox.store.contacts.values()].pop();
		expect(contactsWithPhone(newest.phoneNumber)).toEqual([expect.objectContaining({ source: 'Callbell', firstName: newest.name.split(' ')[0] })]);
		expect(messagesOf(callbell.sandbox, newest.uuid).filter((m) => m.status === 'note')).toHaveLength(1);
	});

	it('2. TaskComplete → a note in the Callbell chat of the same phone', async () => {
		expect(await demoEvent('TaskComplete')).toMatch(/HTTP 200/);
		expectGreen(await waitForExecutions(ids['2'], 1));
		const notes = [...callbell.sandbox.store.messages.values()].filter((m: any) => m.status === 'note' && /Task completed in the CRM/.test(m.text));
		expect(notes).toHaveLength(1);
	});

	it('4. ContactTagUpdate and ContactDelete → mirrored on the Callbell contact with the same phone', async () => {
		expect(await demoEvent('ContactTagUpdate')).toMatch(/HTTP 200/);
		const tagged = (await waitForExecutions(ids['4'], 1))[0];
		expectGreen([tagged]);
		const phone = tagged.data.resultData.runData['Contacts API Trigger'][0].data.main[0][0].json.phone;
		const mirror = [...callbell.sandbox.store.contacts.values()].find((c) => c.phoneNumber === phone);
		expect(mirror.tags).toContain('vip');

		expect(await demoEvent('ContactDelete')).toMatch(/HTTP 200/);
		const [, deleted] = await waitForExecutions(ids['4'], 2);
		expectGreen([deleted]);
		const gone = deleted.data.resultData.runData['Contacts API Trigger'][0].data.main[0][0].json.phone;
		expect(contactsWithPhone(gone)).toEqual([]);
		expect([...callbell.sandbox.store.contacts.values()].some((c) => c.phoneNumber === gone)).toBe(false);
	});

	it('exactly one execution per event: nothing ran twice, nothing else ran', async () => {
		const counts = await Promise.all(Object.values(ids).map(async (id) => (await n8nApi().listExecutions({ workflowId: id })).length));
		expect(counts).toEqual([1, 1, 2]);
	});

	it('every other demo event is delivered and accepted (or says who should listen)', async () => {
		const sources = (await (await fetch(`${demo.url}/events`)).json()) as Array<{ source: string; events: Array<{ name: string }> }>;
		expect(sources.map((s) => s.source)).toEqual(['contacts', 'callbell', 'dialpad']);
		expect(sources[0].events).toHaveLength(14);
		for (const { source, events } of sources) {
			for (const { name } of events) {
				const result = await demo.fire(`${source}:${name}`);
				// Accepted or ignored by a trigger not listening for it; never refused (401) or failed.
				for (const d of result.deliveries) expect({ name, status: d.status }).toEqual({ name, status: 200 });
				if (result.deliveries.length === 0) expect(result.hint).toMatch(/activate \(publish\)/);
			}
		}
		// Let the runs these started finish before the sandboxes close (bounded poll).
		await waitUntil(
			async () => {
				const lists = await Promise.all(Object.values(ids).map(async (id) => await n8nApi().listExecutions({ workflowId: id })));
				return lists.flat().every((e: any) => e.stoppedAt && !['new', 'running', 'waiting'].includes(e.status));
			},
			{ timeoutMs: 60_000, intervalMs: 250, what: 'the demo runs to finish' },
		);
	});
});
