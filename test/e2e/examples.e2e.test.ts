/**
 * examples/*.json inside the real n8n: imported the way the start command imports them
 * (scripts/runner/demo.js importExamples, credentials rewired to the sandboxes), then each
 * run with realistic input and its effects checked in the sandboxes' state:
 *   1. Callbell contact created → pinned trigger data, "Execute workflow";
 *   2. Contacts API TaskComplete → pinned trigger data, "Execute workflow";
 *   3, 5, 6 (the Dialpad examples): see dialpad-examples.e2e.test.ts;
 *   4. Contacts API ContactTagUpdate / ContactDelete (and a tag Callbell refuses) → activated with the test's Ed25519
 *      key, signed deliveries POSTed to its production URL.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import type { IDataObject } from 'n8n-workflow';

import { CONTACTS_DEMO } from '../harness/sandboxes';
import { createSigner, stamp } from '../nodes/ContactsApiTrigger/signer';
import { CALLBELL_DEMO as CB, messagesOf, useCallbellSandbox } from './helpers/callbell';
import { e2eState, n8nApi, useContactsSandbox } from './helpers/e2e';
import { EXAMPLES_DIR, exampleTrigger, expectSuccess, importVariant as importVariant_, readExample, workflowsByName, type WorkflowJson } from './helpers/examples';
import { insertContact, newContactsId, nodeResult, runFromPinnedTrigger, waitForExecutions } from './helpers/workflows';

// Plain CommonJS: the start command's import, and the Callbell sandbox's object shapes.
const { importExamples, trustEd25519Key } = require('../../scripts/runner/demo');
const callbellStore = require('../sandbox/callbell/store');

const FILES = {
	callbellNewContact: '1-callbell-new-contact-to-contacts-api.json',
	taskComplete: '2-contacts-task-complete-to-callbell.json',
	callEnded: '3-call-ended-to-contacts-api.json',
	tagsAndDeletes: '4-contacts-tags-and-deletes-to-callbell.json',
	// Their runs are in dialpad-examples.e2e.test.ts.
	dialpadContact: '5-dialpad-contact-to-contacts-api.json',
	contactsToDialpad: '6-contacts-api-contact-updated-to-dialpad.json',
	// The two-way syncs (two workflows each); their runs are in two-way-sync.e2e.test.ts.
	crmToCallbell: '7a-crm-callbell-sync-crm-to-callbell.json',
	callbellToCrm: '7b-crm-callbell-sync-callbell-to-crm.json',
	crmToDialpad: '8a-crm-dialpad-sync-crm-to-dialpad.json',
	dialpadToCrm: '8b-crm-dialpad-sync-dialpad-to-crm.json',
};

const contacts = useContactsSandbox();
const callbell = useCallbellSandbox();
const workflowIds: string[] = [];

afterAll(async () => {
	for (const id of workflowIds) {
		await n8nApi().deactivateWorkflow(id).catch(() => undefined);
		await n8nApi().deleteWorkflow(id).catch(() => undefined);
	}
});

function credentialIds(): Record<string, string> {
	return { contactsApi: contacts.credentialId, callbellApi: callbell.credentialId, dialpadApi: String(e2eState().credentials.dialpadApi) };
}

async function importVariant(file: string, change: (wf: WorkflowJson) => void = () => undefined): Promise<{ id: string; json: WorkflowJson }> {
	return await importVariant_(file, credentialIds(), workflowIds, change);
}

const trigger = exampleTrigger;

function pin(json: WorkflowJson, items: IDataObject[]): void {
	json.pinData = { [trigger(json).name]: items.map((item) => ({ json: item })) };
}

/** The Callbell Trigger's item for a sandbox contact: the Contact object plus _callbell. */
function callbellDelivery(uuid: string): IDataObject {
	const contact = callbellStore.publicContact(callbell.sandbox.store, callbell.sandbox.store.contacts.get(uuid));
	return { ...contact, _callbell: { event: 'contact_created', verified: true } };
}

function contactsWithPhone(phone: string): IDataObject[] {
	return [...contacts.sandbox.store.contacts.values()].filter((c) => c.phone === phone);
}

describe('examples/ in n8n', () => {
	it('imports every example the way `npm start` does: known node types, a sticky note, sandbox credentials', async () => {
		const files = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();
		expect(files).toEqual(Object.values(FILES).sort());
		const examples = files.map(readExample);
		const before = await workflowsByName();
		for (const e of examples) expect(before.has(e.name)).toBe(false);

		const imported = await importExamples(n8nApi(), credentialIds());
		expect(imported).toEqual(examples.map((e) => e.name));
		const byName = await workflowsByName();
		const nodeTypes = new Set((await n8nApi().nodeTypes()).map((t) => t.name));
		for (const example of examples) {
			const id = byName.get(example.name)!;
			workflowIds.push(id);
			const stored = (await n8nApi().request('GET', `/rest/workflows/${id}`)) as WorkflowJson & { active: boolean };
			expect(stored.active).toBe(false);
			const names = new Set(stored.nodes.map((n) => n.name));
			for (const node of stored.nodes) {
				expect({ workflow: example.name, node: node.name, known: nodeTypes.has(node.type) }).toEqual({ workflow: example.name, node: node.name, known: true });
				for (const [type, ref] of Object.entries(node.credentials ?? {})) expect(ref.id).toBe(credentialIds()[type]);
			}
			const stickies = stored.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
			expect(stickies).toHaveLength(1);
			expect(String(stickies[0].parameters.content).length).toBeGreaterThan(300);
			// Every other node is wired in: a trigger starts, everything else has an input.
			const targets = new Set(Object.values(stored.connections).flatMap((c) => c.main.flat().map((t) => t.node)));
			for (const node of stored.nodes) {
				if (node.type === 'n8n-nodes-base.stickyNote' || node === trigger(stored)) continue;
				expect({ node: node.name, connected: targets.has(node.name) }).toEqual({ node: node.name, connected: true });
			}
			for (const target of targets) expect(names.has(target)).toBe(true);
		}
	});

	describe('1. Callbell contact created → Contacts API context note', () => {
		it('for a number the CRM knows: keeps its name, tags it, and posts its open tasks, appointments and latest note', async () => {
			const phone = CB.phones.john;
			const contact = insertContact(contacts.sandbox, { firstName: 'Johnny', lastName: 'Doe', email: 'johnny.doe@example.com', phone, tags: ['customer'], source: 'website' });
			const contactId = String(contact.id);
			const store = contacts.sandbox.store;
			const task = (title: string, completed: boolean, dueDate: string) => {
				const id = newContactsId();
				store.tasks.set(id, { id, title, body: null, dueDate, completed, assignedTo: null, contactId, dateAdded: '2026-11-01T10:00:00.000Z' });
			};
			task('Send the renewal quote', false, '2026-12-01T09:00:00.000Z');
			task('Intro call', true, '2026-10-01T09:00:00.000Z');
			const noteId = newContactsId();
			store.notes.set(noteId, { id: noteId, body: 'Prefers WhatsApp over email', userId: null, contactId, dateAdded: '2026-11-02T10:00:00.000Z' });
			const eventId = newContactsId();
			(store.appointments as Map<string, IDataObject>).set(eventId, {
				id: eventId,
				title: 'Quarterly review',
				startTime: '2026-12-03 15:00:00',
				endTime: '2026-12-03 15:30:00',
				appointmentStatus: 'confirmed',
				contactId,
				locationId: CONTACTS_DEMO.locationId,
			});
			const notesBefore = messagesOf(callbell.sandbox, CB.contacts.john).length;

			const { id } = await importVariant(FILES.callbellNewContact, (wf) => pin(wf, [callbellDelivery(CB.contacts.john)]));
			const execution = await runFromPinnedTrigger(id, 'Callbell Trigger');
			expectSuccess(execution);

			expect(contactsWithPhone(phone)).toHaveLength(1);
			expect(store.contacts.get(contactId)).toMatchObject({ firstName: 'Johnny', lastName: 'Doe', source: 'website', tags: ['customer', 'callbell'] });
			const upsert = contacts.sandbox.requests.find((r) => r.path === '/contacts/upsert')!;
			expect(upsert.body).toEqual({ phone, locationId: CONTACTS_DEMO.locationId });

			const notes = messagesOf(callbell.sandbox, CB.contacts.john).slice(notesBefore);
			expect(notes.map((m) => m.status)).toEqual(['note']);
			const text = String(notes[0].text);
			expect(text).toContain(`Johnny Doe (existing contact, id ${contactId})`);
			expect(text).toContain('Tags: customer, callbell');
			expect(text).toContain('Open tasks (1):\n• Send the renewal quote, due 2026-12-01');
			expect(text).not.toContain('Intro call');
			expect(text).toContain('Appointments (1):\n• Quarterly review, 2026-12-03 15:00:00 (confirmed)');
			expect(text).toContain('Latest note: Prefers WhatsApp over email');
		});

		it('for a new number: creates the contact with the Callbell name; a contact without a number starts nothing', async () => {
			const phone = CB.phones.mario;
			expect(contactsWithPhone(phone)).toHaveLength(0);
			const mario = await importVariant(FILES.callbellNewContact, (wf) => pin(wf, [callbellDelivery(CB.contacts.mario)]));
			expectSuccess(await runFromPinnedTrigger(mario.id, 'Callbell Trigger'));

			const [created] = contactsWithPhone(phone);
			expect(created).toMatchObject({ firstName: 'Mario', lastName: 'Rossi', source: 'Callbell', tags: ['callbell'], locationId: CONTACTS_DEMO.locationId });
			const [note] = messagesOf(callbell.sandbox, CB.contacts.mario).filter((m) => m.status === 'note');
			expect(note.text).toContain(`Mario Rossi (new contact, created from this chat, id ${created.id})`);
			expect(note.text).toContain('Open tasks (0):\n• none');
			expect(note.text).toContain('Latest note: none');

			// Ada is an Instagram contact: no phone number, nothing to match.
			contacts.sandbox.clearRequests();
			const ada = await importVariant(FILES.callbellNewContact, (wf) => pin(wf, [callbellDelivery(CB.contacts.ada)]));
			const execution = await runFromPinnedTrigger(ada.id, 'Callbell Trigger');
			expectSuccess(execution);
			expect(nodeResult(execution, 'Find Contact by Phone').ran).toBe(false);
			expect(contacts.sandbox.requests).toEqual([]);
			expect(messagesOf(callbell.sandbox, CB.contacts.ada).filter((m) => m.status === 'note')).toEqual([]);
		});
	});

	describe('2. Contacts API TaskComplete → Callbell note', () => {
		it('notes the completed task in the chat of the contact with that phone; a number Callbell does not know ends quietly', async () => {
			const inCallbell = '+14155551002'; // "Demo Contact 3" in the Callbell sandbox
			const callbellUuid = [...callbell.sandbox.store.contacts.values()].find((c: IDataObject) => c.phoneNumber === inCallbell).uuid as string;
			const known = insertContact(contacts.sandbox, { firstName: 'Dee', lastName: 'Three', phone: inCallbell });
			const unknown = insertContact(contacts.sandbox, { firstName: 'Nobody', phone: '+14155559876' });
			const event = (contactId: string, title: string, body: string): IDataObject => ({
				type: 'TaskComplete',
				locationId: CONTACTS_DEMO.locationId,
				id: newContactsId(),
				assignedTo: 'usr_alice_000000000001',
				body,
				contactId,
				dateAdded: '2026-11-20T13:37:28.304Z',
				dueDate: '2026-11-22T06:55:00.000Z',
				title,
				_webhook: { eventType: 'TaskComplete', webhookId: crypto.randomUUID(), timestamp: null, verifiedBy: 'ed25519' },
			});
			const { id } = await importVariant(FILES.taskComplete, (wf) =>
				pin(wf, [event(String(known.id), 'Send the signed contract', 'PDF by email'), event(String(unknown.id), 'Not in Callbell', '')]),
			);
			const execution = await runFromPinnedTrigger(id, 'Contacts API Trigger');
			expectSuccess(execution);

			const notes = messagesOf(callbell.sandbox, callbellUuid).filter((m) => m.status === 'note');
			expect(notes.map((m) => m.text)).toEqual(['✅ Task completed in the CRM: Send the signed contract (PDF by email)']);
			const find = nodeResult(execution, 'Find Chat by Phone');
			expect(find.outputs[0].map((i) => i.json.uuid)).toEqual([callbellUuid]);
			// The unknown number left on the unconnected error output, with the contact's fields.
			expect(find.outputs[1].map((i) => i.json)).toEqual([expect.objectContaining({ id: unknown.id, phone: '+14155559876', details: expect.objectContaining({ httpCode: '404' }) })]);
			expect(find.outputs[1][0].json.error).toMatch(/not found/i);
			expect(callbell.sandbox.requests.filter((r) => r.path.endsWith('/conversation/note'))).toHaveLength(1);
		});
	});

	describe('4. Contacts API tag updates and deletions → Callbell', () => {
		it('mirrors tags and deletions to the Callbell contact with the same phone, from signed deliveries', async () => {
			const signer = await createSigner({ rsa: false });
			let webhookId = '';
			const { id, json } = await importVariant(FILES.tagsAndDeletes, (wf) => {
				const node = trigger(wf);
				trustEd25519Key(node, signer.ed25519.publicPem);
				webhookId = String(node.webhookId);
			});
			await n8nApi().activateWorkflow(id);
			const deliver = async (payload: IDataObject) => {
				const body = JSON.stringify(stamp(payload));
				const answer = await n8nApi().callWebhook(`${webhookId}/webhook`, { body, headers: signer.headers(body, 'ed25519') });
				expect(answer.status).toBe(200);
			};
			const contactEvent = (type: string, phone: string, tags: string[]): IDataObject => ({
				type,
				locationId: CONTACTS_DEMO.locationId,
				id: newContactsId(),
				firstName: 'Some',
				lastName: 'One',
				email: 'some.one@example.com',
				phone,
				tags,
				dateAdded: '2026-11-01T12:41:02.193Z',
				customFields: [],
			});
			const filler = [...callbell.sandbox.store.contacts.values()].find((c: IDataObject) => c.phoneNumber === '+14155551004').uuid as string;

			await deliver(contactEvent('ContactTagUpdate', CB.phones.mario, ['vip', 'call back']));
			await deliver(contactEvent('ContactDelete', '+14155551004', ['lead']));
			await deliver(contactEvent('ContactTagUpdate', '+14155550000', ['vip']));
			// A tag Callbell does not have (it has no API to create one): nothing mirrored, a note
			// in the chat and a failed execution, both naming the tags and Callbell's answer.
			const johnTags = [...callbell.sandbox.store.contacts.get(CB.contacts.john).tags];
			await deliver(contactEvent('ContactTagUpdate', CB.phones.john, ['vip', 'no-such-tag']));
			// The four executions run concurrently: they finish, and reach the sandbox, in any order.
			const all = await waitForExecutions(id, 4);
			const byPhone = (phone: string) => all.filter((e) => nodeResult(e, trigger(json).name).items[0]?.json.phone === phone);
			const [refused] = byPhone(CB.phones.john);
			const executions = all.filter((e) => e !== refused);
			for (const e of executions) expectSuccess(e);
			expect(refused.status).toBe('error');
			expect(refused.data.resultData.lastNodeExecuted).toBe('Stop and Error');
			expect(refused.data.resultData.error.message).toMatch(/^Callbell refused the CRM tags vip, no-such-tag of \+393331234567 \(.*no-such-tag.*\): create the missing ones in Callbell/);
			expect(callbell.sandbox.store.contacts.get(CB.contacts.john).tags).toEqual(johnTags);
			const warnings = messagesOf(callbell.sandbox, CB.contacts.john).filter((m) => m.status === 'note' && /not mirrored/.test(String(m.text)));
			expect(warnings.map((m) => m.text)).toEqual([expect.stringMatching(/^⚠️ The CRM tags of this contact were not mirrored here: vip, no-such-tag\. Callbell refused them \(.*no-such-tag.*\)\. Every CRM tag/)]);

			expect(callbell.sandbox.store.contacts.get(CB.contacts.mario).tags).toEqual(['vip', 'Call back']);
			expect(callbell.sandbox.store.contacts.has(filler)).toBe(false);
			// The unknown number went to the error output of "Find Chat by Phone" and stopped.
			const unknown = byPhone('+14155550000');
			expect(unknown).toHaveLength(1);
			expect(nodeResult(unknown[0], 'Find Chat by Phone').outputs[1]).toHaveLength(1);
			expect(nodeResult(unknown[0], 'Contact Deleted?').ran).toBe(false);
			const writes = callbell.sandbox.requests.filter((r) => r.method === 'PATCH' || r.method === 'DELETE').map((r) => `${r.method} ${r.path}`);
			expect(writes.sort()).toEqual([`DELETE /contacts/${filler}`, `PATCH /contacts/${CB.contacts.mario}`, `PATCH /contacts/${CB.contacts.john}`].sort());
			await n8nApi().deactivateWorkflow(id);
		});
	});
});
