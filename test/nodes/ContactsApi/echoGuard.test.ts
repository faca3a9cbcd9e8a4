/**
 * Echo Guard, Contacts API action side (the trigger side: ContactsApiTrigger/echoGuard.test.ts):
 * what the node sends with Mark Writes and Skip If Unchanged, against the Contacts sandbox.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { canonicalRecord, stampIn } from '../../../nodes/shared/sync/records';
import { parseStamp, stampKey, stampMatches } from '../../../nodes/shared/sync/stamp';
import { contactsCredential, CONTACTS_DEMO, startContactsSandbox, type Sandbox } from '../../harness/sandboxes';
import { runSyncWrite } from '../shared/sync/helpers';

type ContactsSandbox = Sandbox & { webhooks: { idle(): Promise<void> }; store: { contacts: Map<string, IDataObject> } };

let sandbox: ContactsSandbox;

beforeAll(async () => {
	sandbox = (await startContactsSandbox({ contacts: 0, webhookDelayMs: 0 })) as ContactsSandbox;
});
afterEach(async () => {
	await sandbox.webhooks.idle();
	expect(sandbox.specViolations()).toEqual([]);
	sandbox.clearRequests();
});
afterAll(async () => {
	await sandbox.close();
});

async function write(operation: string, parameters: INodeParameters, options: INodeParameters = {}, token?: string, root?: 'input') {
	const run = await runSyncWrite({
		type: 'contactsApi',
		root,
		credentials: contactsCredential(sandbox, token ? { token } : {}),
		parameters: { resource: 'contact', operation, ...parameters, options },
	});
	expect(run.error).toBeUndefined();
	return run.items[0].json;
}

async function newContact(): Promise<string> {
	const created = await write('create', { additionalFields: { firstName: 'Ada', lastName: 'Lovelace', email: `ada.${Date.now()}.${Math.random()}@example.com`, tags: 'lead,VIP' } }, { markWrites: 'off' });
	return created.id as string;
}

const byId = (id: string) => ({ contactId: { __rl: true, mode: 'id', value: id } });
const calls = (method: string, path: RegExp) => sandbox.requests.filter((r) => r.method === method && path.test(r.path));

describe('Contacts API contact writes with the Echo Guard', () => {
	it('Skip If Unchanged: values equal after normalisation (case, spaces, tag order) send no PUT', async () => {
		const id = await newContact();
		sandbox.clearRequests();
		const out = await write('update', { ...byId(id), updateFields: { firstName: ' Ada ', tags: 'vip, LEAD' } }, { skipUnchanged: true, markWrites: 'off' });
		expect(out).toMatchObject({ id, firstName: 'Ada', _sync: { skipped: 'unchanged' } });
		expect(calls('PUT', /\/contacts\//)).toHaveLength(0);
		const changed = await write('update', { ...byId(id), updateFields: { firstName: 'Augusta' } }, { skipUnchanged: true, markWrites: 'off' });
		expect(changed).toMatchObject({ firstName: 'Augusta' });
		expect(changed).not.toHaveProperty('_sync');
		expect(calls('PUT', /\/contacts\//)).toHaveLength(1);
	});

	it('Mark Writes Off, and Auto in a workflow not started by a pack trigger: exactly the request as before (one PUT, no read, no stamp)', async () => {
		const id = await newContact();
		for (const [options, root] of [[{ markWrites: 'off' }, undefined], [{}, 'input']] as const) {
			sandbox.clearRequests();
			const out = await write('update', { ...byId(id), updateFields: { city: `Paris ${Date.now()}` } }, options, undefined, root);
			expect(out).not.toHaveProperty('_sync');
			expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /contacts/${id}`]);
			expect((sandbox.requests[0].body as IDataObject).customFields).toBeUndefined();
			// With a custom field: the definitions read the update always did, and the PUT, nothing else.
			sandbox.clearRequests();
			const colour = { customFields: { field: [{ id: 'contact.favourite_colour', value: 'Green' }] } };
			await write('update', { ...byId(id), updateFields: colour }, options, undefined, root);
			expect(sandbox.requests.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`)).toEqual([
				`GET /locations/${CONTACTS_DEMO.locationId}/customFields`,
				`PUT /contacts/${id}`,
			]);
		}
	});

	it('a token that may not read custom fields: the write goes out unstamped and says why', async () => {
		const id = await newContact();
		const out = await write('update', { ...byId(id), updateFields: { city: 'Rome' } }, {}, CONTACTS_DEMO.tokens.noLookups);
		expect(out).toMatchObject({ city: 'Rome', _sync: { stamped: false, reason: expect.stringContaining('no stamp') } });
		expect(stampIn('hl', sandbox.store.contacts.get(id)!)).toBeUndefined();
	});

	it('a custom field given by key is part of the stamp: its echo is recognised', async () => {
		const id = await newContact();
		const out = await write('update', { ...byId(id), updateFields: { customFields: { field: [{ id: 'contact.favourite_colour', value: 'Blue' }] } } });
		expect(out._sync).toEqual({ stamped: true });
		const stored = sandbox.store.contacts.get(id)!;
		const stamp = parseStamp(stampIn('hl', stored))!;
		expect(stamp.text).toMatch(/^n8ns1\.hl\.cf[0-9a-f]{6}\./);
		// What the delivery of this write carries (the stored contact) is exactly what the stamp covers.
		const { Container } = require('@n8n/di');
		const { InstanceSettings } = require('n8n-core');
		const key = stampKey((Container.get(InstanceSettings) as { instanceId: string }).instanceId);
		expect(stampMatches(key, stamp, id, canonicalRecord('hl', stored))).toBe(true);
	});

	it('create stamps the new contact (record id unknown before the write)', async () => {
		const out = await write('create', { additionalFields: { firstName: 'Grace', lastName: 'Hopper', email: `grace.${Date.now()}@example.com` } });
		expect(out._sync).toEqual({ stamped: true });
		expect(stampIn('hl', sandbox.store.contacts.get(out.id as string)!)).toMatch(/^n8ns1\.hl\.em-fn-ln\./);
	});
});
