/**
 * The sandboxes as webhook senders after API writes (test/sandbox/emitter.js), as the real
 * services are: every contact, task, note and tag write through their APIs, the pack's own
 * writes and writes that change nothing included, sends its signed webhook to every
 * subscribed endpoint a little later, carrying the record as it was at the write. Also the
 * HighLevel custom field creation the echo guard's stamp field needs.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

const { startContactsSandbox } = require('../sandbox/contacts/server');
const { DEMO, ALL_SCOPES } = require('../sandbox/contacts/seed');
const { SANDBOX_WEBHOOK_KEYS } = require('../sandbox/contacts/webhooks');
const { startCallbellSandbox, CALLBELL_DEMO } = require('../sandbox/callbell/server');
const { signatureHeader } = require('../sandbox/callbell/deliver');
const { startDialpadSandbox, DIALPAD_DEMO } = require('../sandbox/dialpad/server');
const { createEmitter, DEFAULT_DELAY_MS } = require('../sandbox/emitter');

interface Received {
	path: string;
	headers: http.IncomingHttpHeaders;
	raw: string;
	at: number;
}

let receiver: http.Server;
let received: Received[];
let base: string;
let contacts: any;
let callbell: any;
let dialpad: any;
const DP_SECRET = 'webhooks-test-secret';

beforeAll(async () => {
	receiver = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ path: String(req.url), headers: req.headers, raw: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(async () => {
	received = [];
	contacts = await startContactsSandbox({ seed: 'demo', webhookDelayMs: 20 });
	contacts.webhookTargets.push({ url: `${base}/hl` });
	callbell = await startCallbellSandbox({ seed: 'demo', webhookDelayMs: 20 });
	callbell.store.webhook = { url: `${base}/cb`, subscriptions: ['contact_created', 'contact_updated', 'message_created'], createdAt: '2026-01-01 00:00:00 +0000', enabled: true, _id: 'wh' };
	dialpad = await startDialpadSandbox({ port: 0, webhookDelayMs: 20 });
	dialpad.store.webhooks.push({ id: '7001', hook_url: `${base}/dp`, secret: DP_SECRET });
	dialpad.store.subscriptions.contact.push({ id: '8001', endpoint_id: '7001', contact_type: 'shared', enabled: true });
});
afterEach(async () => {
	await Promise.all([contacts.close(), callbell.close(), dialpad.close()]);
});

const hl = (method: string, path: string, body?: unknown, token = DEMO.tokens.write) =>
	fetch(`${contacts.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${token}`, Version: '2021-07-28', 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	}).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
const cb = (method: string, path: string, body?: unknown) =>
	fetch(`${callbell.url}${path}`, { method, headers: { Authorization: `Bearer ${CALLBELL_DEMO.apiKey}`, 'content-type': 'application/json', accept: 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
const dp = (method: string, path: string, body?: unknown) =>
	fetch(`${dialpad.url}/api/v2${path}`, { method, headers: { Authorization: `Bearer ${DIALPAD_DEMO.apiKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, text: await r.text() }));

const hlVerified = (r: Received) => crypto.verify(null, Buffer.from(r.raw), crypto.createPublicKey(SANDBOX_WEBHOOK_KEYS.ed25519.publicPem), Buffer.from(String(r.headers['x-ghl-signature']), 'base64'));
const at = (path: string) => received.filter((r) => r.path === path).map((r) => ({ ...r, json: JSON.parse(r.path === '/dp' ? Buffer.from(r.raw.split('.')[1], 'base64url').toString('utf8') : r.raw) }));
async function settle(): Promise<void> {
	await Promise.all([contacts.webhooks.idle(), callbell.webhooks.idle(), dialpad.webhooks.idle()]);
}

describe('HighLevel sandbox: a webhook for every write', () => {
	it('sends ContactUpdate for an update, signed, with customFields and the time of the write, also when nothing changed', async () => {
		const contact = [...contacts.store.contacts.values()][0] as any;
		const same = { firstName: contact.firstName, lastName: contact.lastName };
		expect((await hl('PUT', `/contacts/${contact.id}`, same)).status).toBe(200);
		expect((await hl('PUT', `/contacts/${contact.id}`, same)).status).toBe(200);
		expect((await hl('PUT', `/contacts/${contact.id}`, { city: 'Lisbon', customFields: [{ id: 'cf_text_00000000000001', field_value: 'teal' }] })).status).toBe(200);
		await settle();
		const got = at('/hl');
		expect(got.map((r) => r.json.type)).toEqual(['ContactUpdate', 'ContactUpdate', 'ContactUpdate']);
		for (const r of got) expect(hlVerified(r)).toBe(true);
		expect(got[0].json).toMatchObject({ id: contact.id, locationId: DEMO.locationId, firstName: contact.firstName, customFields: [] });
		expect(got[2].json).toMatchObject({ city: 'Lisbon', customFields: [{ id: 'cf_text_00000000000001', value: 'teal' }] });
		expect(new Set(got.map((r) => r.json.webhookId)).size).toBe(3);
		for (const r of got) expect(Date.parse(r.json.timestamp)).toBeLessThanOrEqual(r.at);
	});

	it('sends the event of each contact, tag, task and note write, and none for reads or refused writes', async () => {
		const contact = [...contacts.store.contacts.values()][1] as any;
		const id = contact.id;
		await hl('GET', `/contacts/${id}`);
		expect((await hl('PUT', `/contacts/${id}`, { email: 'not an email' })).status).toBe(422);
		await hl('POST', `/contacts/${id}/tags`, { tags: ['vip'] });
		await hl('DELETE', `/contacts/${id}/tags`, { tags: ['vip'] });
		const task = (await hl('POST', `/contacts/${id}/tasks`, { title: 'Call', dueDate: '2026-12-24T10:00:00Z', completed: false })).body.task;
		await hl('PUT', `/contacts/${id}/tasks/${task.id}/completed`, { completed: true });
		await hl('DELETE', `/contacts/${id}/tasks/${task.id}`);
		const note = (await hl('POST', `/contacts/${id}/notes`, { body: 'Hi' })).body.note;
		await hl('PUT', `/contacts/${id}/notes/${note.id}`, { body: 'Hi again' });
		await hl('DELETE', `/contacts/${id}/notes/${note.id}`);
		await hl('PUT', `/contacts/${id}`, { tags: ['lead'] });
		const created = (await hl('POST', '/contacts/', { locationId: DEMO.locationId, firstName: 'Nova', phone: '+14155559911' })).body.contact;
		await hl('DELETE', `/contacts/${created.id}`);
		await settle();
		// One record's events arrive in the order of its writes; different records' in any order.
		expect(at('/hl').map((r) => `${r.json.type} ${r.json.id === id || r.json.contactId === id ? 'c' : r.json.id === created.id ? 'new' : '?'}`).sort()).toEqual([
			'ContactTagUpdate c',
			'ContactTagUpdate c',
			'TaskCreate c',
			'TaskComplete c',
			'TaskDelete c',
			'NoteCreate c',
			'NoteUpdate c',
			'NoteDelete c',
			'ContactUpdate c',
			'ContactTagUpdate c',
			'ContactCreate new',
			'ContactDelete new',
		].sort());
		expect(at('/hl').filter((r) => r.json.id === id).map((r) => r.json.type)).toEqual(['ContactTagUpdate', 'ContactTagUpdate', 'ContactUpdate', 'ContactTagUpdate']);
		const noteEvents = at('/hl').filter((r) => r.json.type.startsWith('Note'));
		expect(noteEvents.map((r) => r.json.body)).toEqual(['Hi', 'Hi again', 'Hi again']);
		expect(contacts.specViolations()).toEqual([]);
	});

	it('sends the record as it was at the write, after the delay; held deliveries arrive later, out of order', async () => {
		const contact = [...contacts.store.contacts.values()][2] as any;
		const held = contacts.webhooks.hold((entry: any) => entry.recordId === contact.id);
		await hl('PUT', `/contacts/${contact.id}`, { city: 'Austin' });
		await hl('PUT', `/contacts/${contact.id}`, { city: 'Dublin' });
		expect(held.count).toBe(2);
		contacts.webhooks.delayMs = 0;
		await hl('PUT', `/contacts/${[...contacts.store.contacts.values()][3].id}`, { city: 'Berlin' });
		await settle();
		expect(at('/hl').map((r) => r.json.city)).toEqual(['Berlin']);
		await held.release();
		expect(at('/hl').map((r) => r.json.city)).toEqual(['Berlin', 'Austin', 'Dublin']);
		const [austin, dublin] = at('/hl').slice(1);
		expect(Date.parse(austin.json.timestamp)).toBeLessThanOrEqual(Date.parse(dublin.json.timestamp));
	});

	it('POST /locations/{id}/customFields creates a contact field strictly like the API (422 unknown keys or types, 400 duplicate, 403 without the scope)', async () => {
		const path = `/locations/${DEMO.locationId}/customFields`;
		const created = await hl('POST', path, { name: 'n8n Sync Stamp', dataType: 'TEXT', model: 'contact' });
		expect(created.status).toBe(201);
		expect(created.body.customField).toMatchObject({ name: 'n8n Sync Stamp', fieldKey: 'contact.n8n_sync_stamp', dataType: 'TEXT', model: 'contact', locationId: DEMO.locationId });
		const listed = await hl('GET', `${path}?model=contact`);
		expect(listed.body.customFields.map((f: any) => f.name)).toContain('n8n Sync Stamp');
		expect((await hl('POST', path, { name: 'n8n sync stamp', dataType: 'TEXT' })).status).toBe(400);
		expect((await hl('POST', path, { name: 'X', dataType: 'TEXTY' })).body.message).toEqual([expect.stringMatching(/^dataType must be one of/)]);
		expect((await hl('POST', path, { name: 'X', dataType: 'TEXT', hidden: true })).body.message).toEqual(['property hidden should not exist']);
		expect((await hl('POST', path, { dataType: 'TEXT' })).status).toBe(422);
		expect((await hl('POST', path, { name: 'Y', dataType: 'TEXT' }, DEMO.tokens.readonly)).status).toBe(403);
		// Those bodies break the spec on purpose.
		expect(contacts.specViolations()).toHaveLength(2);
		contacts.clearSpecViolations();
		expect(ALL_SCOPES).toContain('locations/customFields.write');
		// The stamp field then takes values like any text field, and they come back in the events.
		const contact = [...contacts.store.contacts.values()][0] as any;
		await hl('PUT', `/contacts/${contact.id}`, { customFields: [{ id: created.body.customField.id, field_value: 'n8ns1.hl.x' }] });
		await settle();
		expect(at('/hl')[0].json.customFields).toEqual([{ id: created.body.customField.id, value: 'n8ns1.hl.x' }]);
		expect(contacts.specViolations()).toEqual([]);
	});
});

describe('Callbell sandbox: a webhook for every write', () => {
	it('sends contact_updated (with customFields) for every update, also one that changes nothing, signed with the account secret', async () => {
		const uuid = CALLBELL_DEMO.contacts.john;
		await cb('PATCH', `/contacts/${uuid}`, { name: 'John Doe' });
		await cb('PATCH', `/contacts/${uuid}`, { name: 'John Doe' });
		await cb('PATCH', `/contacts/${uuid}`, { custom_fields: { 'n8n Sync Stamp': 'n8ns1.cb.x' } });
		await settle();
		const got = at('/cb');
		expect(got.map((r) => r.json.event)).toEqual(['contact_updated', 'contact_updated', 'contact_updated']);
		expect(got[2].json.payload).toMatchObject({ uuid, name: 'John Doe', customFields: expect.objectContaining({ 'n8n Sync Stamp': 'n8ns1.cb.x' }) });
		for (const r of got) {
			const t = /t=(\d+)/.exec(String(r.headers['x-callbell-signature']))![1];
			expect(r.headers['x-callbell-signature']).toBe(signatureHeader(CALLBELL_DEMO.signingSecret, Buffer.from(r.raw), { timestamp: Number(t) }));
		}
	});

	it('contact_created for a create, message_created (with its metadata) for a sent message and a note; nothing the webhook is not subscribed to', async () => {
		await cb('POST', '/contacts', { identifier: '+4915112340000', source: 'whatsapp', name: 'Lena Vogel' });
		await cb('POST', '/messages/send', { to: CALLBELL_DEMO.phones.john.replace('+', ''), from: 'whatsapp', channel_uuid: CALLBELL_DEMO.channels.whatsapp, type: 'text', content: { text: 'Hi' }, metadata: { n8n_sync: 'n8ns1.cb.y' } });
		await cb('POST', `/contacts/${CALLBELL_DEMO.contacts.john}/conversation/note`, { text: 'A note' });
		await settle();
		callbell.store.webhook.subscriptions = ['contact_created'];
		await cb('PATCH', `/contacts/${CALLBELL_DEMO.contacts.john}`, { name: 'John Doe' });
		await settle();
		const got = at('/cb').map((r) => r.json);
		expect(got.map((e) => e.event)).toEqual(['contact_created', 'message_created', 'message_created']);
		expect(got[1].payload).toMatchObject({ text: 'Hi', metadata: { n8n_sync: 'n8ns1.cb.y' }, contact: { uuid: CALLBELL_DEMO.contacts.john } });
		expect(got[2].payload).toMatchObject({ text: 'A note', status: 'note' });
		expect(callbell.specViolations()).toEqual([]);
	});

	it('the demo account has the text custom field "n8n Sync Stamp"', () => {
		expect(callbell.store.customFields).toContainEqual({ name: 'n8n Sync Stamp', type: 'text' });
	});
});

describe('Dialpad sandbox: a contact event for every contact write', () => {
	it('Created, Updated (also when nothing changed), upsert Created then Updated, Deleted; signed per webhook', async () => {
		const created = await dp('POST', '/contacts', { first_name: 'Lin', last_name: 'Wu', phones: ['+14155553000'] });
		const id = /"id":"([^"]+)"/.exec(created.text)![1];
		await dp('PATCH', `/contacts/${id}`, { company_name: 'Wu & Co' });
		await dp('PATCH', `/contacts/${id}`, { company_name: 'Wu & Co' });
		await dp('PUT', '/contacts', { uid: 'crm-1', first_name: 'Ada', last_name: 'Byron' });
		await dp('PUT', '/contacts', { uid: 'crm-1', first_name: 'Ada', last_name: 'Byron' });
		await dp('DELETE', `/contacts/${id}`);
		await settle();
		const got = at('/dp');
		const of = (name: string) => got.filter((r) => r.json.contact.first_name === name).map((r) => r.json.event);
		expect(of('Lin')).toEqual(['Created', 'Updated', 'Updated', 'Deleted']);
		expect(of('Ada')).toEqual(['Created', 'Updated']);
		const lin = got.filter((r) => r.json.contact.first_name === 'Lin');
		for (const r of got) {
			const [head, body, signature] = r.raw.split('.');
			expect(crypto.createHmac('sha256', DP_SECRET).update(`${head}.${body}`).digest('base64url')).toBe(signature);
		}
		expect(lin[1].json.contact).toMatchObject({ company_name: 'Wu & Co' });
		// A write that changes nothing sends the very same event again.
		expect(lin[1].raw).toBe(lin[2].raw);
	});
});

describe('the emitter', () => {
	it('defaults to a few hundred ms (SANDBOX_WEBHOOK_DELAY_MS moves it), drops what is not sent when stopped, and logs each event', async () => {
		expect(DEFAULT_DELAY_MS).toBe(300);
		const sent: string[] = [];
		const before = process.env.SANDBOX_WEBHOOK_DELAY_MS;
		process.env.SANDBOX_WEBHOOK_DELAY_MS = '5';
		try {
			const emitter = createEmitter({ send: async (e: string) => (sent.push(e), [{ status: 200 }]) });
			expect(emitter.delayMs).toBe(5);
			const t0 = Date.now();
			expect(await emitter.emit('a', { recordId: 'r1' })).toEqual([{ status: 200 }]);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(4);
			emitter.delayMs = 1000;
			void emitter.emit('b');
			emitter.stop();
			await new Promise((r) => setTimeout(r, 20));
			expect(sent).toEqual(['a']);
			expect(emitter.log.map((e: any) => [e.name, e.recordId, e.origin, e.sentAt !== null])).toEqual([
				[undefined, 'r1', 'api', true],
				[undefined, null, 'api', false],
			]);
			process.env.SANDBOX_WEBHOOK_DELAY_MS = '-1';
			expect(() => createEmitter({ send: async () => [] })).toThrow(/SANDBOX_WEBHOOK_DELAY_MS/);
		} finally {
			if (before === undefined) delete process.env.SANDBOX_WEBHOOK_DELAY_MS;
			else process.env.SANDBOX_WEBHOOK_DELAY_MS = before;
		}
	});
});
