/**
 * The Dialpad examples inside the real n8n, imported the way `npm start` imports them and
 * activated; events come from the Dialpad sandbox's sender (signed with the secret the
 * trigger created) or, for the Contacts API side, as signed Contacts API deliveries:
 *   3. Dialpad call hangup → Contacts API contact, call note, follow-up / call-back task;
 *   5. Dialpad contact created or edited → Contacts API upsert (CRM-synced contacts skipped);
 *   6. Contacts API ContactUpdate → Dialpad contact create-or-update keyed by the CRM id.
 */
import type { IDataObject } from 'n8n-workflow';

import { CONTACTS_DEMO, DIALPAD_DEMO, startDialpadSandbox, type DialpadSandbox } from '../harness/sandboxes';
import { createSigner, stamp } from '../nodes/ContactsApiTrigger/signer';
import { createCredential, n8nApi, useContactsSandbox } from './helpers/e2e';
import { exampleTrigger, expectSuccess, importVariant } from './helpers/examples';
import { waitUntil } from './helpers/triggers';
import { nodeResult, newContactsId, waitForExecutions } from './helpers/workflows';

const { trustEd25519Key } = require('../../scripts/runner/demo');

const deliverJs = require('../sandbox/dialpad/deliver');

const contacts = useContactsSandbox();
let dialpad: DialpadSandbox;
let dialpadCredentialId: string;
const workflowIds: string[] = [];

beforeAll(async () => {
	dialpad = await startDialpadSandbox({ port: 0 });
	dialpadCredentialId = await createCredential('dialpadApi', { apiKey: DIALPAD_DEMO.apiKey, environment: 'custom', customBaseUrl: dialpad.url }, 'Dialpad sandbox (examples e2e)');
});
afterAll(async () => {
	for (const id of workflowIds) {
		await n8nApi().deactivateWorkflow(id).catch(() => undefined);
		await n8nApi().deleteWorkflow(id).catch(() => undefined);
	}
	if (dialpadCredentialId) await n8nApi().deleteCredential(dialpadCredentialId).catch(() => undefined);
	if (dialpad) await dialpad.close();
});
afterEach(() => {
	expect(dialpad.specViolations()).toEqual([]);
});

function credentialIds(): Record<string, string> {
	return { contactsApi: contacts.credentialId, dialpadApi: dialpadCredentialId };
}

/** Imports and activates an example; resolves once its Dialpad subscriptions exist. */
async function activate(file: string, change?: Parameters<typeof importVariant>[3]): Promise<string> {
	const { id } = await importVariant(file, credentialIds(), workflowIds, change);
	await n8nApi().activateWorkflow(id);
	return id;
}

async function send(event: IDataObject): Promise<void> {
	const deliveries = (await deliverJs.deliverEvent(dialpad, event)) as Array<{ status: number }>;
	expect(deliveries.map((d) => d.status)).toEqual([200]);
}

function contactsWithPhone(phone: string): IDataObject[] {
	return [...contacts.sandbox.store.contacts.values()].filter((c: IDataObject) => c.phone === phone);
}

describe('Dialpad examples in n8n', () => {
	it('3. a hangup upserts the caller with a call note and a follow-up task; a missed call asks for a call back; internal calls change nothing', async () => {
		const id = await activate('3-call-ended-to-contacts-api.json');
		await waitUntil(() => dialpad.store.subscriptions.call.length === 1, { what: 'the call subscription' });
		const phone = '+14155550142';
		const started = Date.parse('2026-11-20T15:04:00Z');
		const hangup = (fields: IDataObject) =>
			deliverJs.callEvent('hangup', {
				external_number: phone,
				date_started: started,
				date_connected: started + 5_000,
				date_ended: started + 5_000 + 7 * 60_000,
				contact: { id: 'local_1', name: 'Priya Patel', phone, email: 'priya@example.com', type: 'local' },
				recording_details: [{ id: 'rec1', url: 'https://dialpad.example/r/1', recording_type: 'callrecording' }],
				...fields,
			});
		const answered = hangup({});
		await send(answered);
		await waitForExecutions(id, 1);
		const [contact] = contactsWithPhone(phone);
		expect(contact).toMatchObject({ firstName: 'Priya', lastName: 'Patel', email: 'priya@example.com' });
		const notesOf = () => [...contacts.sandbox.store.notes.values()].filter((n: IDataObject) => n.contactId === contact.id).map((n: IDataObject) => n.body);
		const tasksOf = () => [...contacts.sandbox.store.tasks.values()].filter((t: IDataObject) => t.contactId === contact.id).map((t: IDataObject) => t.title);
		expect(notesOf()).toEqual([
			`📞 Call (inbound) with ${DIALPAD_DEMO.users.alice.name} on 2026-11-20 15:04 UTC, 7 min.\nDialpad call ${answered.call_id}, recording: https://dialpad.example/r/1`,
		]);
		expect(tasksOf()).toEqual(['Follow up on the call with Priya Patel']);

		await send(hangup({ date_connected: null, date_ended: started + 30_000, recording_details: [] }));
		await send(hangup({ external_number: '', contact: { id: DIALPAD_DEMO.users.bob.id, name: 'Bob Builder', type: 'user' } }));
		const executions = await waitForExecutions(id, 3);
		for (const e of executions) expectSuccess(e);
		expect(contactsWithPhone(phone)).toHaveLength(1);
		expect(tasksOf()).toEqual(['Follow up on the call with Priya Patel', 'Call back Priya Patel']);
		expect(nodeResult(executions[2], 'Call Details').ran).toBe(false);
		await n8nApi().deactivateWorkflow(id);
		await waitUntil(() => dialpad.store.subscriptions.call.length === 0, { what: 'the unsubscription' });
	});

	it('5. a Dialpad contact created or edited is upserted in the Contacts API; contacts the CRM sync wrote are skipped', async () => {
		const id = await activate('5-dialpad-contact-to-contacts-api.json');
		await waitUntil(() => dialpad.store.subscriptions.contact.length === 1, { what: 'the contact subscription' });
		const phone = '+14155550166';
		const contact = { id: 'shared_contact_uid_demo-lin', type: 'shared', first_name: 'Lin', last_name: 'Wu', display_name: 'Lin Wu', phones: [phone], primary_phone: phone, emails: ['lin@example.com'], primary_email: 'lin@example.com', company_name: 'Wu & Co' };
		await send(deliverJs.contactEvent('Created', contact));
		// A person's edit comes after the contact's creation has been synced (executions of two
		// events for one contact sent within milliseconds run side by side in n8n, in either order).
		await waitForExecutions(id, 1);
		await send(deliverJs.contactEvent('Updated', { ...contact, last_name: 'Wu-Li', display_name: 'Lin Wu-Li' }));
		await send(deliverJs.contactEvent('Updated', { ...contact, id: 'shared_contact_uid_contacts-api-123', primary_phone: '+14155550167', phones: ['+14155550167'] }));
		const executions = await waitForExecutions(id, 3);
		for (const e of executions) expectSuccess(e);
		expect(contactsWithPhone(phone)).toEqual([expect.objectContaining({ firstName: 'Lin', lastName: 'Wu-Li', email: 'lin@example.com', companyName: 'Wu & Co' })]);
		expect(contactsWithPhone('+14155550167')).toHaveLength(0);
		await n8nApi().deactivateWorkflow(id);
	});

	it('6. a Contacts API ContactUpdate creates, then updates, the same Dialpad contact (UID = CRM id)', async () => {
		const signer = await createSigner({ rsa: false });
		let webhookId = '';
		const id = await activate('6-contacts-api-contact-updated-to-dialpad.json', (wf) => {
			const node = exampleTrigger(wf);
			trustEd25519Key(node, signer.ed25519.publicPem);
			webhookId = String(node.webhookId);
		});
		const crmId = newContactsId();
		const deliver = async (fields: IDataObject) => {
			const body = JSON.stringify(stamp({ type: 'ContactUpdate', locationId: CONTACTS_DEMO.locationId, id: crmId, firstName: 'Grace', lastName: 'Kim', phone: '+14155550155', email: 'grace.kim@example.com', tags: [], ...fields }));
			const answer = await n8nApi().callWebhook(`${webhookId}/webhook`, { body, headers: signer.headers(body, 'ed25519') });
			expect(answer.status).toBe(200);
		};
		await deliver({});
		await waitForExecutions(id, 1);
		await deliver({ lastName: 'Kim-Lee', companyName: 'Kim Labs' });
		const executions = await waitForExecutions(id, 2);
		for (const e of executions) expectSuccess(e);
		const written = dialpad.store.contacts.filter((c: IDataObject) => String(c.id).includes(`contacts-api-${crmId}`));
		expect(written).toEqual([expect.objectContaining({ type: 'shared', first_name: 'Grace', last_name: 'Kim-Lee', phones: ['+14155550155'], emails: ['grace.kim@example.com'], company_name: 'Kim Labs' })]);
		await n8nApi().deactivateWorkflow(id);
	});
});
