/**
 * Contacts API Trigger through n8n's webhook path (test/harness/webhook.ts): real HTTP,
 * n8n-core's WebhookContext, n8n's answer rules, executions through WorkflowExecute.
 */
import { createPublicKey, generateKeyPairSync } from 'crypto';
import { readFileSync } from 'fs';
import * as path from 'path';

import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';
import { HookContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ContactsApiTrigger } from '../../../nodes/ContactsApiTrigger/ContactsApiTrigger.node';
import { PUBLISHED_ED25519_PUBLIC_KEY, PUBLISHED_RSA_PUBLIC_KEY, publicKey } from '../../../nodes/ContactsApiTrigger/signature';
import { deliver, startWebhookServer, type WebhookServer } from '../../harness/webhook';
import { createSigner, ed25519Pair, eventExamples, newWebhookId, stamp, type Signer } from './signer';

let signer: Signer;
const servers: WebhookServer[] = [];

beforeAll(async () => {
	signer = await createSigner();
});
afterAll(async () => {
	await Promise.all(servers.map(async (server) => await server.close()));
});

async function serve(parameters: INodeParameters): Promise<WebhookServer> {
	const server = await startWebhookServer({ type: 'contactsApiTrigger', parameters });
	servers.push(server);
	return server;
}

const json = (payload: IDataObject) => JSON.stringify(payload);
const minutes = (n: number) => new Date(Date.now() + n * 60_000);
function withoutMeta(item: IDataObject): IDataObject {
	const rest = { ...item };
	delete rest._webhook;
	return rest;
}

/** Delivers and asserts the status; returns the answer. */
async function expectAnswer(server: WebhookServer, body: Buffer | string, headers: Record<string, string>, status: number) {
	const answer = await deliver(server.url, body, headers);
	expect({ status: answer.status, body: answer.json }).toMatchObject({ status });
	return answer;
}

/** Delivers something that must be refused: status, error text and no execution at all. */
async function expectRejected(
	server: WebhookServer,
	body: Buffer | string,
	headers: Record<string, string>,
	status: number,
	error: string | RegExp,
) {
	const before = server.started;
	const answer = await expectAnswer(server, body, headers, status);
	expect(String(answer.json.error)).toMatch(error);
	await server.settled();
	expect(server.started).toBe(before);
}

describe('Contacts API Trigger: valid deliveries', () => {
	it('starts exactly one execution per published event example, payload intact (Ed25519 preferred in Auto)', async () => {
		const server = await serve(signer.parameters());
		const examples = eventExamples();
		expect(examples).toHaveLength(14);
		for (const [index, { example }] of examples.entries()) {
			const payload = stamp(example);
			const body = json(payload);
			const answer = await expectAnswer(server, body, signer.headers(body), 200);
			expect(answer.json).toEqual({ message: 'Workflow was started' });
			await server.settled();
			expect(server.executions).toHaveLength(index + 1);
			const { triggerItems, sinkItems } = server.executions[index];
			expect(triggerItems).toHaveLength(1);
			expect(sinkItems).toHaveLength(1);
			const out = sinkItems[0].json;
			// Byte for byte: the output minus _webhook serialises to exactly the body that was signed.
			expect(JSON.stringify(withoutMeta(out))).toBe(body);
			expect(withoutMeta(out)).toEqual(payload);
			expect(out._webhook).toEqual({
				eventType: example.type,
				webhookId: payload.webhookId,
				timestamp: payload.timestamp,
				verifiedBy: 'ed25519',
			});
		}
		expect(server.nodeErrors).toEqual([]);
	});

	it('verifies RSA signatures (x-wh-signature) of every example in RSA-only mode', async () => {
		const server = await serve(signer.parameters({ signatureMode: 'rsa' }));
		for (const { example } of eventExamples()) {
			const body = json(stamp(example));
			await expectAnswer(server, body, signer.headers(body, 'rsa'), 200);
		}
		await server.settled();
		expect(server.executions).toHaveLength(14);
		expect(server.executions.every((e) => (e.sinkItems[0].json._webhook as IDataObject).verifiedBy === 'rsa')).toBe(true);
	});

	it('uses x-wh-signature (RSA) in Auto mode when x-ghl-signature is absent', async () => {
		const server = await serve(signer.parameters());
		const body = json(stamp(eventExamples()[3].example));
		await expectAnswer(server, body, signer.headers(body, 'rsa'), 200);
		await server.settled();
		expect((server.executions[0].sinkItems[0].json._webhook as IDataObject).verifiedBy).toBe('rsa');
	});

	it('verifies the raw bytes, not a re-serialised object (spacing, escapes, key order kept)', async () => {
		const server = await serve(signer.parameters());
		const at = new Date().toISOString();
		const body = `{ "webhookId":"${newWebhookId()}",\n  "type" : "ContactUpdate", "name":"J\\u00f6rg \\"Jo\\" M\\u00fcller",\t"score": 1.50, "timestamp":"${at}", "locationId":"loc-1" }`;
		await expectAnswer(server, body, signer.headers(body), 200);
		await server.settled();
		const out = server.executions[0].sinkItems[0].json;
		expect(out).toMatchObject({ type: 'ContactUpdate', name: 'Jörg "Jo" Müller', score: 1.5, locationId: 'loc-1', timestamp: at });
		expect(Object.keys(out)).toEqual(['webhookId', 'type', 'name', 'score', 'timestamp', 'locationId', '_webhook']);
	});

	it('accepts timestamps inside the window, past and future', async () => {
		const server = await serve(signer.parameters());
		for (const offset of [-4.5, 4.5]) {
			const body = json(stamp(eventExamples()[0].example, minutes(offset)));
			await expectAnswer(server, body, signer.headers(body), 200);
		}
		await server.settled();
		expect(server.executions).toHaveLength(2);
	});

	it('answers 200 before the workflow has run (responseMode onReceived)', async () => {
		const server = await serve(signer.parameters());
		server.gate.close();
		const body = json(stamp(eventExamples()[0].example));
		const answer = await deliver(server.url, body, signer.headers(body));
		expect(answer.status).toBe(200);
		expect(server.started).toBe(1);
		expect(server.executions).toHaveLength(0); // still held at the next node
		server.gate.open();
		await server.settled();
		expect(server.executions).toHaveLength(1);
	});
});

describe('Contacts API Trigger: rejections start nothing', () => {
	let server: WebhookServer;
	let body: string;

	beforeAll(async () => {
		server = await serve(signer.parameters());
	});
	beforeEach(() => {
		body = json(stamp(eventExamples()[0].example));
	});

	it('a body with one byte changed: 401', async () => {
		const headers = signer.headers(body);
		const tampered = Buffer.from(body);
		tampered[tampered.indexOf('John')] ^= 0x01;
		await expectRejected(server, tampered, headers, 401, 'Invalid x-ghl-signature signature');
		await expectRejected(server, tampered, { 'x-wh-signature': headers['x-wh-signature'] }, 401, 'Invalid x-wh-signature signature');
	});

	it('a tampered signature: 401', async () => {
		const headers = signer.headers(body);
		const flip = (sig: string) => {
			const bytes = Buffer.from(sig, 'base64');
			bytes[10] ^= 0x80;
			return bytes.toString('base64');
		};
		await expectRejected(server, body, { 'x-ghl-signature': flip(headers['x-ghl-signature']) }, 401, 'Invalid x-ghl-signature');
		await expectRejected(server, body, { 'x-wh-signature': flip(headers['x-wh-signature']) }, 401, 'Invalid x-wh-signature');
	});

	it('a non-canonical base64 spelling of a valid signature: 401', async () => {
		const valid = signer.signEd25519(body);
		// 64 bytes → 86 characters + "=="; the last character carries 4 unused bits.
		const last = valid[85];
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
		const sibling = alphabet[alphabet.indexOf(last) ^ 0x01];
		expect(Buffer.from(`${valid.slice(0, 85)}${sibling}==`, 'base64')).toEqual(Buffer.from(valid, 'base64'));
		await expectRejected(server, body, { 'x-ghl-signature': `${valid.slice(0, 85)}${sibling}==` }, 401, 'Invalid');
		await expectRejected(server, body, { 'x-ghl-signature': valid.replace(/==$/, '') }, 401, 'Invalid');
		await expectRejected(server, body, { 'x-ghl-signature': `${valid.slice(0, 40)} ${valid.slice(40)}` }, 401, 'Invalid');
	});

	it('a signature made with another key: 401', async () => {
		const stranger = await ed25519Pair();
		await expectRejected(server, body, { 'x-ghl-signature': signer.signEd25519(body, stranger.privateKey) }, 401, 'Invalid x-ghl-signature');
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		await expectRejected(server, body, { 'x-wh-signature': signer.signRsa(body, privateKey) }, 401, 'Invalid x-wh-signature');
	});

	it('no signature header: 401', async () => {
		const neither = 'Missing signature: expected x-ghl-signature (Ed25519) or x-wh-signature (RSA)';
		await expectRejected(server, body, {}, 401, neither);
		await expectRejected(server, body, { 'x-ghl-signature': '' }, 401, neither);
	});

	it('Auto never falls back to RSA when x-ghl-signature is present but wrong', async () => {
		const headers = signer.headers(body);
		await expectRejected(server, body, { ...headers, 'x-ghl-signature': signer.signEd25519('other') }, 401, 'Invalid x-ghl-signature');
	});

	it('swapped headers: 401', async () => {
		const headers = signer.headers(body);
		await expectRejected(
			server,
			body,
			{ 'x-wh-signature': headers['x-ghl-signature'], 'x-ghl-signature': headers['x-wh-signature'] },
			401,
			'Invalid x-ghl-signature',
		);
		await expectRejected(server, body, { 'x-wh-signature': headers['x-ghl-signature'] }, 401, 'Invalid x-wh-signature');
	});

	it('scheme mismatch: an RSA-only node gets only x-ghl-signature, an Ed25519-only node only x-wh-signature', async () => {
		const rsaOnly = await serve(signer.parameters({ signatureMode: 'rsa' }));
		await expectRejected(rsaOnly, body, signer.headers(body, 'ed25519'), 401, 'Missing x-wh-signature signature');
		const edOnly = await serve(signer.parameters({ signatureMode: 'ed25519' }));
		await expectRejected(edOnly, body, signer.headers(body, 'rsa'), 401, 'Missing x-ghl-signature signature');
		// And each still accepts its own scheme when both headers come.
		await expectAnswer(rsaOnly, body, signer.headers(body), 200);
		await expectAnswer(edOnly, body, signer.headers(body), 200);
		await rsaOnly.settled();
		await edOnly.settled();
		expect((rsaOnly.executions[0].sinkItems[0].json._webhook as IDataObject).verifiedBy).toBe('rsa');
		expect((edOnly.executions[0].sinkItems[0].json._webhook as IDataObject).verifiedBy).toBe('ed25519');
	});

	it('stale and future timestamps (default window 5 minutes): 401', async () => {
		for (const offset of [-6, 6, -60 * 24, 60 * 24 * 365]) {
			const late = json(stamp(eventExamples()[0].example, minutes(offset)));
			await expectRejected(server, late, signer.headers(late), 401, 'Timestamp outside the accepted window');
		}
	});

	it('a configurable window', async () => {
		const strict = await serve(signer.parameters({ options: { timestampToleranceSeconds: 30 } }));
		const old = json(stamp(eventExamples()[0].example, new Date(Date.now() - 60_000)));
		await expectRejected(strict, old, signer.headers(old), 401, 'outside the accepted window');
		const fresh = json(stamp(eventExamples()[0].example, new Date(Date.now() - 20_000)));
		await expectAnswer(strict, fresh, signer.headers(fresh), 200);
		const relaxed = await serve(signer.parameters({ options: { timestampToleranceSeconds: 3600 } }));
		await expectAnswer(relaxed, old, signer.headers(old), 200);
	});

	it('missing or malformed timestamps: 401', async () => {
		const { example } = eventExamples()[0];
		const missing = json({ ...example, webhookId: newWebhookId() });
		await expectRejected(server, missing, signer.headers(missing), 401, 'Missing timestamp');
		for (const timestamp of ['yesterday', '2025-01-28', 1738075200000, '2025-13-40T99:00:00Z']) {
			const bad = json({ ...example, webhookId: newWebhookId(), timestamp });
			await expectRejected(server, bad, signer.headers(bad), 401, 'Invalid timestamp');
		}
	});

	it('a body that is not JSON: 400 (when n8n lets it through) or 422 (n8n itself, for application/json)', async () => {
		const text = 'type=ContactCreate&id=1';
		await expectRejected(server, text, { ...signer.headers(text), 'content-type': 'text/plain' }, 400, 'The body is not a JSON object');
		await expectRejected(server, text, { ...signer.headers(text), 'content-type': 'application/x-www-form-urlencoded' }, 400, 'not a JSON object');
		const array = '[{"type":"ContactCreate"}]';
		await expectRejected(server, array, signer.headers(array), 400, 'not a JSON object');
		// n8n's body parser answers 422 for broken JSON sent as application/json, before the node runs.
		const broken = '{"type":"ContactCreate",';
		const answer = await deliver(server.url, broken, signer.headers(broken));
		expect(answer.status).toBe(422);
		// An unsigned non-JSON body is refused for its signature first.
		await expectRejected(server, text, { 'content-type': 'text/plain' }, 401, 'Missing signature');
	});

	it('an empty body: 400 when signed, 401 when not', async () => {
		await expectRejected(server, '', signer.headers(''), 400, 'not a JSON object');
		await expectRejected(server, '', {}, 401, 'Missing');
	});

	it('a huge body (5 MB): forged or unsigned 401, signed non-JSON 400', async () => {
		const padding = 'x'.repeat(5 * 1024 * 1024);
		const huge = json({ ...stamp(eventExamples()[0].example), padding });
		await expectRejected(server, huge, { 'x-ghl-signature': signer.signEd25519(huge.slice(0, -1)) }, 401, 'Invalid x-ghl-signature');
		await expectRejected(server, huge, { 'x-wh-signature': signer.signRsa(`${huge} `) }, 401, 'Invalid x-wh-signature');
		await expectRejected(server, huge, {}, 401, 'Missing');
		const notJson = `${huge}}`;
		await expectRejected(server, notJson, { ...signer.headers(notJson), 'content-type': 'text/plain' }, 400, 'not a JSON object');
		// The same size with a valid signature goes through intact: nothing is truncated.
		await expectAnswer(server, huge, signer.headers(huge), 200);
		await server.settled();
		const out = server.executions[server.executions.length - 1].sinkItems[0].json;
		expect((out.padding as string).length).toBe(padding.length);
	});
});

describe('Contacts API Trigger: events and location', () => {
	it('starts only for selected events; others get 200 and start nothing', async () => {
		const server = await serve(signer.parameters({ events: ['ContactCreate', 'TaskComplete'] }));
		for (const { event, example } of eventExamples()) {
			const body = json(stamp(example));
			const answer = await expectAnswer(server, body, signer.headers(body), 200);
			if (event === 'ContactCreate' || event === 'TaskComplete') expect(answer.json).toEqual({ message: 'Workflow was started' });
			else expect(answer.json).toEqual({ status: 'ignored', reason: 'event not selected' });
		}
		await server.settled();
		expect(server.executions.map((e) => e.sinkItems[0].json.type)).toEqual(['ContactCreate', 'TaskComplete']);
	});

	it('Other Event Types adds types newer than the list; All Events passes any type', async () => {
		const contact = eventExamples().find((e) => e.event === 'ContactCreate')!.example;
		const typed = (type: string) => json(stamp({ ...contact, type }));
		const server = await serve(signer.parameters({ events: ['ContactCreate'], options: { otherEvents: ' FormSubmission,\nSurveySubmission ' } }));
		for (const type of ['FormSubmission', 'SurveySubmission', 'ContactCreate']) {
			const body = typed(type);
			expect((await expectAnswer(server, body, signer.headers(body), 200)).json).toEqual({ message: 'Workflow was started' });
		}
		const unlisted = typed('OrderCreate');
		expect((await expectAnswer(server, unlisted, signer.headers(unlisted), 200)).json).toEqual({ status: 'ignored', reason: 'event not selected' });
		await server.settled();
		expect(server.executions.map((e) => e.sinkItems[0].json.type)).toEqual(['FormSubmission', 'SurveySubmission', 'ContactCreate']);

		const all = await serve(signer.parameters({ events: ['*'] }));
		const future = typed('SomethingNewUpstream');
		expect((await expectAnswer(all, future, signer.headers(future), 200)).json).toEqual({ message: 'Workflow was started' });
	});

	it('matches on the body type: the published AppointmentUpdate example (type AppointmentCreate) is not an update', async () => {
		const server = await serve(signer.parameters({ events: ['AppointmentUpdate'] }));
		const published = eventExamples().find((e) => e.event === 'AppointmentUpdate')!.example;
		const asPublished = json(stamp(published));
		const answer = await expectAnswer(server, asPublished, signer.headers(asPublished), 200);
		expect(answer.json).toEqual({ status: 'ignored', reason: 'event not selected' });
		const corrected = json(stamp({ ...published, type: 'AppointmentUpdate' }));
		await expectAnswer(server, corrected, signer.headers(corrected), 200);
		await server.settled();
		expect(server.executions).toHaveLength(1);
		expect(server.executions[0].sinkItems[0].json).toMatchObject({ type: 'AppointmentUpdate', appointment: published.appointment as IDataObject });
	});

	it('filters on locationId when set', async () => {
		const server = await serve(signer.parameters({ locationId: ' ve9EPM428h8vShlRW1KT ' }));
		const [contact] = eventExamples();
		const appointment = eventExamples().find((e) => e.event === 'AppointmentCreate')!;
		const mine = json(stamp(contact.example));
		const theirs = json(stamp(appointment.example));
		await expectAnswer(server, mine, signer.headers(mine), 200);
		const other = await expectAnswer(server, theirs, signer.headers(theirs), 200);
		expect(other.json).toEqual({ status: 'ignored', reason: 'other location' });
		await server.settled();
		expect(server.executions).toHaveLength(1);
		expect(server.executions[0].sinkItems[0].json.locationId).toBe('ve9EPM428h8vShlRW1KT');
	});
});

describe('Contacts API Trigger: signature options and keys', () => {
	it('defaults: Auto with HighLevel\'s published Ed25519 key checks today\'s x-ghl-signature deliveries (401, never a crash)', async () => {
		const properties = new ContactsApiTrigger().description.properties;
		const ed25519 = properties.find((p) => p.name === 'ed25519PublicKey')!;
		expect(ed25519.default).toBe(PUBLISHED_ED25519_PUBLIC_KEY);
		expect(PUBLISHED_ED25519_PUBLIC_KEY).toContain('MCowBQYDK2VwAyEAi2HR1srL4o18');
		const parsed = publicKey('ed25519', PUBLISHED_ED25519_PUBLIC_KEY);
		expect('problem' in parsed ? parsed.problem : parsed.kind).toBe('ed25519');
		expect(properties.find((p) => p.name === 'signatureMode')!.default).toBe('auto');

		// Only the node's defaults: no key parameters at all. A delivery signed with another
		// Ed25519 key (only HighLevel holds the real one) is checked against the published key.
		const server = await serve({ events: ['*'] });
		const body = json(stamp(eventExamples()[0].example));
		await expectRejected(server, body, { 'x-ghl-signature': signer.signEd25519(body) }, 401, 'Invalid x-ghl-signature signature');
		expect(server.nodeErrors).toEqual([]);
	});

	it('Off accepts unsigned deliveries (verifiedBy none) but still checks timestamps', async () => {
		const server = await serve({ events: ['*'], signatureMode: 'off' });
		const body = json(stamp(eventExamples()[0].example));
		await expectAnswer(server, body, {}, 200);
		const stale = json(stamp(eventExamples()[0].example, minutes(-10)));
		await expectRejected(server, stale, {}, 401, 'outside the accepted window');
		await server.settled();
		expect(server.executions).toHaveLength(1);
		expect((server.executions[0].sinkItems[0].json._webhook as IDataObject).verifiedBy).toBe('none');
	});

	it('Allow Missing Timestamp accepts the published examples as they are', async () => {
		const server = await serve(signer.parameters({ options: { allowMissingTimestamp: true } }));
		const { example } = eventExamples()[6];
		const body = json(example);
		await expectAnswer(server, body, signer.headers(body), 200);
		await server.settled();
		expect(server.executions[0].sinkItems[0].json).toEqual({
			...example,
			_webhook: { eventType: 'TaskComplete', webhookId: null, timestamp: null, verifiedBy: 'ed25519' },
		});
		// A present timestamp is still checked.
		const stale = json(stamp(example, minutes(-10)));
		await expectRejected(server, stale, signer.headers(stale), 401, 'outside the accepted window');
	});

	it('defaults to the RSA key published in seed 004, which parses as a 4096-bit RSA key', async () => {
		const seed = readFileSync(path.resolve(__dirname, '../../fixtures/reference/seeds/004_d63477cf3f62c415.txt'), 'utf8');
		const published = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(seed)![0];
		expect(PUBLISHED_RSA_PUBLIC_KEY).toBe(published);
		const key = createPublicKey(published);
		expect(key.asymmetricKeyType).toBe('rsa');
		expect(key.asymmetricKeyDetails?.modulusLength).toBe(4096);
		const property = new ContactsApiTrigger().description.properties.find((p) => p.name === 'rsaPublicKey');
		expect(property?.default).toBe(published);

		// A node left at the default trusts the published key, not ours.
		const server = await serve({ events: ['*'], signatureMode: 'rsa' });
		const body = json(stamp(eventExamples()[0].example));
		await expectRejected(server, body, signer.headers(body), 401, 'Invalid x-wh-signature');
	});

	it('replaced keys (rotation) take effect; keys may be pasted as bare base64, with escaped newlines or as PKCS#1', async () => {
		const rotated = await ed25519Pair();
		const bare = rotated.publicPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
		const escaped = signer.rsa.publicPem.replace(/\n/g, '\\n');
		const server = await serve(signer.parameters({ ed25519PublicKey: bare, rsaPublicKey: escaped }));
		const body = json(stamp(eventExamples()[0].example));
		await expectAnswer(server, body, { 'x-ghl-signature': signer.signEd25519(body, rotated.privateKey) }, 200);
		await expectRejected(server, body, { 'x-ghl-signature': signer.signEd25519(body) }, 401, 'Invalid x-ghl-signature');
		const other = json(stamp(eventExamples()[1].example));
		await expectAnswer(server, other, signer.headers(other, 'rsa'), 200);

		const pkcs1 = createPublicKey(signer.rsa.publicPem).export({ type: 'pkcs1', format: 'pem' }).toString();
		expect(pkcs1).toContain('BEGIN RSA PUBLIC KEY');
		const legacy = await serve(signer.parameters({ signatureMode: 'rsa', rsaPublicKey: pkcs1 }));
		const third = json(stamp(eventExamples()[2].example));
		await expectAnswer(legacy, third, signer.headers(third, 'rsa'), 200);
	});

	it('parses each configured key once per process, not per request', async () => {
		const fresh = await ed25519Pair();
		const server = await serve(signer.parameters({ ed25519PublicKey: fresh.publicPem }));
		// The core module object the node's compiled `require('crypto')` calls through.
		const parse = jest.spyOn(jest.requireActual<typeof import('crypto')>('crypto'), 'createPublicKey');
		try {
			for (let i = 0; i < 5; i++) {
				const body = json(stamp(eventExamples()[i].example));
				await expectAnswer(server, body, { 'x-ghl-signature': signer.signEd25519(body, fresh.privateKey) }, 200);
			}
			expect(parse).toHaveBeenCalledTimes(1);
			expect(parse.mock.calls[0][0]).toMatchObject({ format: 'pem' });
		} finally {
			parse.mockRestore();
		}
	});

	it('unusable keys answer 401 naming the key problem (never a crash), log it, and start nothing', async () => {
		const body = json(stamp(eventExamples()[0].example));
		const { publicKey: weak } = generateKeyPairSync('rsa', { modulusLength: 1024 });
		const cases: Array<[INodeParameters, Record<string, string>, RegExp]> = [
			[signer.parameters({ ed25519PublicKey: '' }), signer.headers(body), /Ed25519 public key is empty/],
			[signer.parameters({ signatureMode: 'ed25519', ed25519PublicKey: signer.rsa.publicPem }), signer.headers(body), /Ed25519 public key is of type RSA/],
			[signer.parameters({ signatureMode: 'rsa', rsaPublicKey: 'not a key' }), signer.headers(body), /RSA public key is not a valid PEM/],
			[signer.parameters({ signatureMode: 'rsa', rsaPublicKey: weak.export({ type: 'spki', format: 'pem' }).toString() }), signer.headers(body), /1024 bits/],
		];
		for (const [parameters, headers, message] of cases) {
			const server = await serve(parameters);
			const answer = await deliver(server.url, body, headers);
			expect(answer.status).toBe(401);
			expect(String(answer.json.error)).toMatch(/^Cannot verify x-(ghl|wh)-signature: /);
			expect(String(answer.json.error)).toMatch(message);
			expect(server.nodeErrors).toEqual([]);
			await server.settled();
			expect(server.started).toBe(0);
		}
	});
});

describe('Contacts API Trigger: webhook lifecycle for a manually registered URL', () => {
	it('remembers the production URL of the last activation (kept on deactivation), without any API call', async () => {
		const server = await serve(signer.parameters());
		const warn = jest.spyOn(Container.get(Logger), 'warn');
		expect(await server.lifecycle('checkExists')).toBe(false);
		expect(await server.lifecycle('create')).toBe(true);
		const stored = (server.staticData.peek(server.workflowId)['node:Trigger'] as IDataObject).triggerLifecycle as IDataObject;
		expect(stored).toEqual({ contactsApi: { generation: 1, writtenAt: expect.any(String), value: { productionUrl: server.url } } });
		// Nothing at a service to check: create() (no API call) runs on every activation.
		expect(await server.lifecycle('checkExists')).toBe(false);
		expect(await server.lifecycle('delete')).toBe(true);
		expect(await server.lifecycle('create')).toBe(true);
		expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('production URL'))).toEqual([]);
		expect(server.started).toBe(0);
		warn.mockRestore();
	});

	it('a stale whole-object save cannot hide a changed URL (issue 19)', async () => {
		const server = await serve(signer.parameters());
		const before = server.staticData.load(server.workflowId);
		expect(await server.lifecycle('create')).toBe(true);
		// A delivery that loaded static data before the activation saves it after: URL erased.
		server.staticData.save({ id: server.workflowId, staticData: { ...before, __dataChanged: true } } as never);
		const warn = jest.spyOn(Container.get(Logger), 'warn');
		// The node's URL changes (WEBHOOK_URL moved): the process that ran the hooks still knows the old one.
		const moved = jest.spyOn(HookContext.prototype, 'getNodeWebhookUrl').mockReturnValue('https://new.example/webhook/x/webhook');
		expect(await server.lifecycle('create')).toBe(true);
		moved.mockRestore();
		expect(warn.mock.calls.map((c) => String(c[0])).some((m) => m.includes('production URL of "Trigger" changed'))).toBe(true);
		warn.mockRestore();
	});

	it('describes itself as a trigger without inputs, credentials or tool use', () => {
		const { description } = new ContactsApiTrigger();
		expect(description).toMatchObject({ name: 'contactsApiTrigger', inputs: [], group: ['trigger'] });
		expect(description.displayName).toContain('Trigger');
		expect(description.credentials).toBeUndefined();
		expect(description.usableAsTool).toBeUndefined();
		// An empty responseData makes n8n answer with the node's webhookResponse once the execution exists.
		expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }]);
	});
});
