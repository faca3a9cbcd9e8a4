/**
 * Demo data and demo events of the sandboxes (test/sandbox/*): dates of now, names that
 * follow renames, events that change the data they announce and verify with the sandbox key.
 */
import * as crypto from 'crypto';

import { DialpadInteger, stringifyDialpadJson } from '../../nodes/Dialpad/transport';

const { startContactsSandbox } = require('../sandbox/contacts/server');
const { startCallbellSandbox } = require('../sandbox/callbell/server');
const { DEMO } = require('../sandbox/contacts/seed');
const { buildDelivery, eventTypes, SANDBOX_WEBHOOK_KEYS } = require('../sandbox/contacts/webhooks');
const { startDemoConsole } = require('../sandbox/demo/console');

const DAY = 86_400_000;
let contacts: any;
let callbell: any;

beforeEach(async () => {
	contacts = await startContactsSandbox({ seed: 'demo' });
	callbell = await startCallbellSandbox({ seed: 'demo' });
});
afterEach(async () => {
	await contacts.close();
	await callbell.close();
});

const api = (method: string, path: string, body?: unknown) =>
	fetch(`${contacts.url}${path}`, {
		method,
		headers: { Authorization: `Bearer ${DEMO.tokens.write}`, Version: '2021-07-28', 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	}).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

describe('sandbox demo data', () => {
	it('seeds the last 30 days and dates new records now, in order', async () => {
		const seeded = [...contacts.store.contacts.values()].map((c: any) => Date.parse(c.dateAdded));
		expect(seeded.length).toBe(25);
		expect(Math.min(...seeded)).toBeGreaterThan(Date.now() - 31 * DAY);
		expect(Math.max(...seeded)).toBeLessThan(Date.now());
		expect([...seeded].sort((a, b) => a - b)).toEqual(seeded);
		const before = Date.now();
		const created = await api('POST', '/contacts/', { locationId: DEMO.locationId, firstName: 'Nova', email: 'nova@example.com' });
		expect(created.status).toBe(201);
		expect(Date.parse(created.body.contact.dateAdded)).toBeGreaterThanOrEqual(before);
		expect(Date.parse(created.body.contact.dateAdded)).toBeGreaterThan(Math.max(...seeded));

		const cbDates = [...callbell.store.contacts.values()].map((c: any) => Date.parse(c.createdAt));
		expect(Math.min(...cbDates)).toBeGreaterThan(Date.now() - 3 * DAY);
		for (const t of callbell.store.templates) expect(Date.parse(t.createdAt)).toBeGreaterThan(Date.now() - 400 * DAY);
	});

	it('keeps contactName in step with a rename', async () => {
		const [first] = [...contacts.store.contacts.values()] as any[];
		expect(first.contactName).toBe('emma schmidt');
		const renamed = await api('PUT', `/contacts/${first.id}`, { firstName: 'Emmy', lastName: 'Schmitt' });
		expect(renamed.status).toBe(200);
		expect(renamed.body.contact.contactName).toBe('emmy schmitt');
	});

	it('shares people between the two sandboxes: same phone, same name', () => {
		const cb = new Map([...callbell.store.contacts.values()].map((c: any) => [c.phoneNumber, c.name]));
		const shared = [...contacts.store.contacts.values()].filter((c: any) => cb.has(c.phone)) as any[];
		expect(shared.length).toBeGreaterThanOrEqual(9);
		for (const c of shared) expect(cb.get(c.phone)).toBe(`${c.firstName} ${c.lastName}`);
	});
});

describe('Contacts sandbox webhook events', () => {
	const verify = (rawBody: Buffer, signature: string) => crypto.verify(null, rawBody, crypto.createPublicKey(SANDBOX_WEBHOOK_KEYS.ed25519.publicPem), Buffer.from(signature, 'base64'));

	it('builds every published event type, stamped and signed with the sandbox key', () => {
		const known = new Set(['+14155551000']);
		for (const { name, example } of eventTypes()) {
			const d = buildDelivery(contacts.store, name, { knownPhones: known });
			expect(d.payload.type).toBe(name);
			expect(d.payload.locationId).toBe(DEMO.locationId);
			expect(Math.abs(Date.parse(d.payload.timestamp) - Date.now())).toBeLessThan(60_000);
			expect(typeof d.payload.webhookId).toBe('string');
			expect(verify(d.rawBody, d.headers['x-ghl-signature'])).toBe(true);
			expect(verify(Buffer.from(d.rawBody.toString().replace(d.payload.webhookId, 'x')), d.headers['x-ghl-signature'])).toBe(false);
			// The published example's keys, and no made-up ones.
			for (const key of Object.keys(example)) expect(d.payload).toHaveProperty(key);
		}
	});

	it('changes the data the event announces', () => {
		const known = new Set(['+14155551000', '+14155551001']);
		const done = buildDelivery(contacts.store, 'TaskComplete', { knownPhones: known }).payload;
		expect(contacts.store.tasks.get(done.id).completed).toBe(true);
		expect(known.has(contacts.store.contacts.get(done.contactId).phone)).toBe(true);
		const tagged = buildDelivery(contacts.store, 'ContactTagUpdate', { knownPhones: known }).payload;
		expect(tagged.tags).toContain('vip');
		expect(contacts.store.contacts.get(tagged.id).tags).toEqual(tagged.tags);
		const deleted = buildDelivery(contacts.store, 'ContactDelete', { knownPhones: known }).payload;
		expect(deleted.phone).toBe('+14155551001');
		expect(contacts.store.contacts.has(deleted.id)).toBe(false);
		const created = buildDelivery(contacts.store, 'ContactCreate').payload;
		expect(contacts.store.contacts.get(created.id)).toMatchObject({ firstName: created.firstName, phone: created.phone });
	});

	it('the demo console answers an unknown event with 404 and the list of known ones', async () => {
		const demo = await startDemoConsole({ sandboxes: { contacts, callbell }, n8n: { url: 'http://127.0.0.1:9' } });
		try {
			const res = await fetch(`${demo.url}/events/NoSuchEvent`, { method: 'POST' });
			expect(res.status).toBe(404);
			expect(((await res.json()) as { error: string }).error).toMatch(/^unknown event "NoSuchEvent"; known: .*ContactCreate.*contact_created.*call_hangup/);
			const page = await (await fetch(demo.url)).text();
			for (const name of ['ContactCreate', 'TaskComplete', 'contact_created', 'call_hangup', 'dialpad_contact_created', 'dialpad_contact_updated']) expect(page).toContain(`>${name}</button>`);
		} finally {
			await demo.close();
		}
	});
});

describe('Dialpad sandbox demo events', () => {
	const { startDialpadSandbox, DIALPAD_DEMO } = require('../sandbox/dialpad/server');
	const SECRET = 'demo-test-secret';
	let dialpad: any;
	let receiver: import('http').Server;
	let received: Array<{ event: any; json: string; storeAtDelivery: any }>;

	/** Verifies an HS256 compact JWT with SECRET → its payload's JSON text (int64 ids as JSON numbers). */
	function verified(token: string): string {
		const [head, body, signature] = token.split('.');
		expect(crypto.createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url')).toBe(signature);
		return Buffer.from(body, 'base64url').toString('utf8');
	}

	beforeEach(async () => {
		dialpad = await startDialpadSandbox({ port: 0 });
		received = [];
		const http = await import('http');
		receiver = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const json = verified(Buffer.concat(chunks).toString('utf8'));
				const event = JSON.parse(json);
				// What the sandbox holds when the event arrives: the change comes first.
				const storeAtDelivery = event.contact ? dialpad.store.contacts.find((c: any) => c.id === event.contact.id) : undefined;
				received.push({ event, json, storeAtDelivery: storeAtDelivery && { ...storeAtDelivery } });
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const port = (receiver.address() as import('net').AddressInfo).port;
		// The first int64 "id" of an answer, kept exact (it is beyond 2^53).
		const dp = async (path: string, body: unknown) => {
			// int64 IDs go as JSON numbers with every digit (the sandbox refuses strings there).
			const res = await fetch(`${dialpad.url}/api/v2${path}`, { method: 'POST', headers: { authorization: `Bearer ${DIALPAD_DEMO.apiKey}`, 'content-type': 'application/json' }, body: stringifyDialpadJson(body) });
			expect(res.status).toBe(200);
			return /"id":(\d+)/.exec(await res.text())![1];
		};
		// What examples 3 and 5's Dialpad Triggers subscribe on activation.
		const webhookId = await dp('/webhooks', { hook_url: `http://127.0.0.1:${port}/hook`, secret: SECRET });
		await dp('/subscriptions/call', { endpoint_id: new DialpadInteger(webhookId), call_states: ['hangup'] });
		await dp('/subscriptions/contact', { endpoint_id: new DialpadInteger(webhookId), contact_type: 'shared' });
	});
	afterEach(async () => {
		await dialpad.close();
		await new Promise((resolve) => receiver.close(resolve));
	});

	it('adds a company contact through the sandbox API, then delivers contact.created signed; edits it, then delivers contact.updated', async () => {
		const demo = await startDemoConsole({ sandboxes: { dialpad }, n8n: { url: 'http://127.0.0.1:9' } });
		try {
			const created = await demo.fire('dialpad_contact_created');
			expect(created.deliveries.map((d: any) => d.status)).toEqual([200]);
			expect(created.payload).toMatchObject({ event: 'Created', contact: { type: 'shared', first_name: 'Lin', last_name: 'Wu', company_name: 'Wu & Co' } });
			expect(received.map(({ event, storeAtDelivery }) => ({ event, storeAtDelivery }))).toEqual([{ event: created.payload, storeAtDelivery: created.payload.contact }]);
			// Through the sandbox's own API, like a person in the Dialpad app.
			expect(dialpad.requests.map((r: any) => `${r.method} ${r.path}`)).toContain('POST /api/v2/contacts');

			// Twelve edits in a row, all different: contact events carry no timestamp, and the
			// trigger takes a body it saw before for a replay.
			const bodies = [];
			for (let i = 0; i < 12; i++) {
				const updated = await demo.fire('dialpad_contact_updated');
				expect(updated.deliveries.map((d: any) => d.status)).toEqual([200]);
				expect(updated.payload.contact.id).toBe(created.payload.contact.id);
				bodies.push(JSON.stringify(updated.payload));
			}
			expect(new Set(bodies).size).toBe(12);
			const last = received[received.length - 1];
			expect(last.event).toEqual(JSON.parse(bodies[11]));
			expect(last.storeAtDelivery).toEqual(last.event.contact);
			expect(last.event.contact.company_name).not.toBe('Wu & Co');
		} finally {
			await demo.close();
		}
	});

	it('a missed call is sent as Dialpad does: "missed", then the hangup of the same call, unanswered (a hangup subscriber gets the hangup)', async () => {
		const demo = await startDemoConsole({ sandboxes: { dialpad }, n8n: { url: 'http://127.0.0.1:9' } });
		try {
			const missed = await demo.fire('call_missed');
			expect(missed.payload.map((e: any) => e.state)).toEqual(['missed', 'hangup']);
			expect(new Set(missed.payload.map((e: any) => e.call_id)).size).toBe(1);
			expect(missed.deliveries.map((d: any) => d.status)).toEqual([200]);
			expect(received.map((r) => r.event)).toEqual([expect.objectContaining({ state: 'hangup', date_connected: null, external_number: '+14155550142' })]);
			expect(received[0].json).toContain(`"call_id":${missed.payload[1].call_id},`);
			const ringing = await demo.fire('call_ringing');
			expect(ringing.deliveries).toEqual([]);
			expect(ringing.hint).toMatch(/activate \(publish\) example 3/);
		} finally {
			await demo.close();
		}
	});
});

describe('human edits (`npm run demo -- human-edit <side>`, the demo page, POST /__sandbox/human-edit)', () => {
	const { execFile } = require('child_process') as typeof import('child_process');
	const { startDialpadSandbox, DIALPAD_DEMO } = require('../sandbox/dialpad/server');
	const { CALLBELL_DEMO } = require('../sandbox/callbell/server');
	const path = require('path') as typeof import('path');
	let dialpad: any;
	let receiver: import('http').Server;
	let got: Array<{ path: string; raw: string; headers: import('http').IncomingHttpHeaders }>;

	beforeEach(async () => {
		dialpad = await startDialpadSandbox({ port: 0 });
		got = [];
		const http = await import('http');
		receiver = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				got.push({ path: String(req.url), raw: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(receiver.address() as import('net').AddressInfo).port}`;
		contacts.webhookTargets.push({ url: `${base}/crm`, events: ['ContactUpdate'] });
		callbell.store.webhook = { url: `${base}/callbell`, subscriptions: ['contact_updated'], createdAt: '2026-01-01 00:00:00 +0000', enabled: true, _id: 'wh' };
		dialpad.store.webhooks.push({ id: '7001', hook_url: `${base}/dialpad`, secret: null });
		dialpad.store.subscriptions.contact.push({ id: '8001', endpoint_id: '7001', contact_type: 'shared', enabled: true });
	});
	afterEach(async () => {
		await dialpad.close();
		await new Promise((resolve) => receiver.close(resolve));
	});

	const cli = (url: string, ...args: string[]): Promise<{ code: number; out: any }> =>
		new Promise((resolve) => {
			execFile(process.execPath, [path.join(__dirname, '../../scripts/demo.js'), 'human-edit', ...args, '--json'], { env: { ...process.env, DEMO_URL: url } }, (error, stdout) => {
				resolve({ code: error ? Number(error.code) : 0, out: stdout ? JSON.parse(stdout) : undefined });
			});
		});

	it('changes the record as a person would in each service, then the service sends its signed webhook (the demo CLI and the page)', async () => {
		const demo = await startDemoConsole({ sandboxes: { contacts, callbell, dialpad }, n8n: { url: 'http://127.0.0.1:9' } });
		try {
			// CRM: a person both sandboxes know (same phone), a default change: a new email.
			const crm = await cli(demo.url, 'crm');
			expect(crm.code).toBe(0);
			const person = contacts.store.contacts.get(crm.out.record.id);
			const chat = [...callbell.store.contacts.values()].find((c: any) => c.phoneNumber === person.phone);
			expect(chat).toBeDefined();
			expect(person.email).toBe(crm.out.record.email);
			expect(person.email).toMatch(/\.1@example\.com$/);
			expect(crm.out.events).toEqual(['ContactUpdate']);
			expect(crm.out.deliveries.map((d: any) => d.status)).toEqual([200]);
			const crmEvent = got.find((g) => g.path === '/crm')!;
			expect(JSON.parse(crmEvent.raw)).toMatchObject({ type: 'ContactUpdate', id: person.id, email: person.email });
			expect(crypto.verify(null, Buffer.from(crmEvent.raw), crypto.createPublicKey(SANDBOX_WEBHOOK_KEYS.ed25519.publicPem), Buffer.from(String(crmEvent.headers['x-ghl-signature']), 'base64'))).toBe(true);

			// Given fields, on a given phone: the Callbell name and a custom field.
			const cb = await cli(demo.url, 'callbell', '--phone', String(person.phone), 'name=Emmy Schmitt', 'customFields.Work Email=emmy@example.com');
			expect(cb.code).toBe(0);
			expect(callbell.store.contacts.get((chat as any).uuid)).toMatchObject({ name: 'Emmy Schmitt', customFields: expect.objectContaining({ 'Work Email': 'emmy@example.com' }) });
			const cbEvent = JSON.parse(got.find((g) => g.path === '/callbell')!.raw);
			expect(cbEvent).toMatchObject({ event: 'contact_updated', payload: { uuid: (chat as any).uuid, name: 'Emmy Schmitt', customFields: { 'Work Email': 'emmy@example.com' } } });
			expect(got.find((g) => g.path === '/callbell')!.headers['x-callbell-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

			// Dialpad: the contact a CRM sync wrote (uid contacts-api-<id>), a default change of company.
			const res = await fetch(`${dialpad.url}/api/v2/contacts`, { method: 'PUT', headers: { authorization: `Bearer ${DIALPAD_DEMO.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ uid: `contacts-api-${person.id}`, first_name: 'Emma', last_name: 'Schmidt', phones: [person.phone] }) });
			expect(res.status).toBe(200);
			await dialpad.webhooks.idle();
			got.length = 0;
			const dp = await cli(demo.url, 'dialpad');
			expect(dp.code).toBe(0);
			expect(dp.out.record).toMatchObject({ id: `shared_contact_uid_contacts-api-${person.id}`, company_name: 'Northwind Traders' });
			expect(got.map((g) => g.path)).toEqual(['/dialpad']);
			expect(JSON.parse(got[0].raw)).toMatchObject({ event: 'Updated', contact: { company_name: 'Northwind Traders' } });

			// A refused edit says why; an unknown side is a 404.
			const bad = await cli(demo.url, 'crm', 'nickname=x');
			expect(bad.code).toBe(1);
			expect((await fetch(`${demo.url}/human-edit/hubspot`, { method: 'POST' })).status).toBe(404);

			// The page has a button per side; the sandboxes' own admin route does the same.
			const page = await (await fetch(demo.url)).text();
			for (const side of ['crm', 'callbell', 'dialpad']) expect(page).toContain(`data-edit="${side}"`);
			const direct = await fetch(`${callbell.url}/__sandbox/human-edit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uuid: CALLBELL_DEMO.contacts.john, changes: { tags: ['vip'] } }) });
			expect(direct.status).toBe(200);
			expect(callbell.store.contacts.get(CALLBELL_DEMO.contacts.john).tags).toEqual(['vip']);
			expect(callbell.webhooks.log.filter((e: any) => e.origin === 'human')).toHaveLength(2);
			expect(contacts.specViolations()).toEqual([]);
			expect(callbell.specViolations()).toEqual([]);
		} finally {
			await demo.close();
		}
	});
});
