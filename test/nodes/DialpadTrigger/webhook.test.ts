/**
 * Deliveries to an active Dialpad Trigger through n8n's webhook path (real HTTP,
 * WebhookContext, WorkflowExecute): verified events start exactly one execution; anything
 * forged, tampered, unsigned, signed otherwise, expired, stale, replayed or duplicated
 * starts none.
 */
import { createHmac } from 'crypto';

import { deliver as post, type WebhookServer } from '../../harness/webhook';
import { deliver, deliverJs, DIALPAD_DEMO, signJwt, startDialpadSandbox, startTrigger, type DialpadSandbox } from './fixtures';

const { callEvent, contactEvent, smsEvent, replay } = deliverJs;

let sandbox: DialpadSandbox;
let harness: WebhookServer;
let secret: string;

beforeAll(async () => {
	sandbox = await startDialpadSandbox();
	harness = await startTrigger(sandbox);
	await harness.activate();
	secret = sandbox.store.webhooks[0].secret;
});
afterAll(async () => {
	await harness.close();
	await sandbox.close();
});
afterEach(async () => {
	await harness.settled();
	expect(harness.nodeErrors).toEqual([]);
	expect(sandbox.specViolations()).toEqual([]);
});

/** Posts a token straight to the trigger, as an attacker who knows the URL would. */
async function forge(token: string, contentType = 'application/jwt') {
	const started = harness.started;
	const response = await post(harness.url, token, { 'content-type': contentType });
	await harness.settled();
	return { ...response, executions: harness.started - started };
}

describe('Dialpad Trigger: verified deliveries', () => {
	it('a signed call hangup starts one execution with the decoded event and _webhook', async () => {
		const before = harness.executions.length;
		const event = callEvent('hangup');
		const [delivery] = await deliver(sandbox, event);
		expect(delivery.status).toBe(200);
		expect(delivery.body).toEqual({ status: 'ok' });
		await harness.settled();
		expect(harness.executions.length).toBe(before + 1);
		const item = harness.executions[harness.executions.length - 1].sinkItems[0].json;
		expect(item).toMatchObject({ call_id: event.call_id, state: 'hangup', external_number: '+14155550123', target: { id: DIALPAD_DEMO.users.alice.id } });
		// int64 IDs beyond 2^53 arrive exactly (as strings).
		expect(typeof item.call_id).toBe('string');
		expect(item._webhook).toEqual({ eventType: 'call.hangup', verified: true, receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
	});

	it('contact and SMS events: one execution each, typed', async () => {
		const before = harness.executions.length;
		await deliver(sandbox, contactEvent('Created', { id: 'shared_contact_uid_x', type: 'shared', first_name: 'X', last_name: 'Y', phones: ['+14155550999'] }));
		await deliver(sandbox, smsEvent('inbound'));
		await harness.settled();
		const types = harness.executions.slice(before).map((e) => (e.sinkItems[0].json._webhook as { eventType: string }).eventType);
		expect(types.sort()).toEqual(['contact.created', 'sms.inbound']);
	});

	it('an event not selected is acknowledged (200) and starts nothing', async () => {
		const started = harness.started;
		const token = signJwt(JSON.stringify(callEvent('ringing')), secret);
		const response = await post(harness.url, token, { 'content-type': 'application/jwt' });
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({ status: 'ignored' });
		expect(harness.started).toBe(started);
	});

	// RFC 7519 §5.1: "JWT" in `typ` is compared case-insensitively; RFC 7515 §4.1.9: JWS
	// implementations ignore `typ`. Only `alg`, the signature and the time claims decide.
	it.each([['jwt'], ['Jwt'], ['JWT'], ['application/jwt'], ['application/JWT'], [undefined]])('a correctly signed HS256 event with typ %p starts one execution', async (typ) => {
		const started = harness.started;
		const header = typ === undefined ? { typ: undefined } : { typ };
		const response = await post(harness.url, signJwt(JSON.stringify(callEvent('hangup')), secret, { header }), { 'content-type': 'application/jwt' });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ status: 'ok' });
		await harness.settled();
		expect(harness.started).toBe(started + 1);
	});

	it("a person's A→B→A→B edits of a contact run four times; a retry or replay of the last event runs nothing (contact events have no id)", async () => {
		const contact = { id: '5550001112223334', type: 'shared', first_name: 'Ada', last_name: 'Lovelace', display_name: 'Ada Lovelace', phones: ['+14155550123'], primary_phone: '+14155550123', emails: [], company_name: null, job_title: null, urls: [], trunk_group: null, extension: null };
		const a = contactEvent('Updated', contact);
		const b = contactEvent('Updated', { ...contact, last_name: 'Byron', display_name: 'Ada Byron' });
		const started = harness.started;
		const answers = [];
		for (const event of [a, b, a]) {
			const [delivery] = await deliver(sandbox, event);
			answers.push(delivery.body);
			await harness.settled();
		}
		expect(answers).toEqual([{ status: 'ok' }, { status: 'ok' }, { status: 'ok' }]);
		expect(harness.started).toBe(started + 3);
		expect(harness.executions.slice(-3).map((e) => (e.sinkItems[0].json.contact as { last_name: string }).last_name)).toEqual(['Lovelace', 'Byron', 'Lovelace']);
		// B again, then the last event again: the same token (a retry), a newly signed token, two copies at once.
		const [last] = await deliver(sandbox, b);
		expect(last.body).toEqual({ status: 'ok' });
		await harness.settled();
		const again = await replay(sandbox, last);
		const resigned = await post(harness.url, signJwt(JSON.stringify(b), secret), { 'content-type': 'application/jwt' });
		const token = signJwt(JSON.stringify(b), secret);
		const both = await Promise.all([post(harness.url, token, { 'content-type': 'application/jwt' }), post(harness.url, token, { 'content-type': 'application/jwt' })]);
		expect([again.body, resigned.json, ...both.map((r) => r.json)]).toEqual(Array(4).fill({ status: 'already processed', eventType: 'contact.updated' }));
		await harness.settled();
		expect(harness.started).toBe(started + 4);
	});

	it('a replay of an accepted delivery and a concurrent duplicate start nothing more', async () => {
		const [first] = await deliver(sandbox, callEvent('missed'));
		await harness.settled();
		const started = harness.started;
		const again = await replay(sandbox, first);
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ status: 'already processed' });
		const token = signJwt(JSON.stringify(callEvent('hangup')), secret);
		const both = await Promise.all([post(harness.url, token, { 'content-type': 'application/jwt' }), post(harness.url, token, { 'content-type': 'application/jwt' })]);
		expect(both.map((r) => r.status)).toEqual([200, 200]);
		await harness.settled();
		expect(harness.started).toBe(started + 1);
	});

	it('a retry signed again (same event, new iat) counts as the same event', async () => {
		const event = callEvent('hangup');
		const now = Math.floor(Date.now() / 1000);
		const started = harness.started;
		await forge(signJwt(JSON.stringify({ ...event, iat: now - 5 }), secret));
		await forge(signJwt(JSON.stringify({ ...event, iat: now }), secret));
		expect(harness.started).toBe(started + 1);
	});
});

describe('Dialpad Trigger: refused deliveries (401, no execution)', () => {
	const event = () => callEvent('hangup');
	const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

	it.each([
		['signed with another secret', () => signJwt(JSON.stringify(event()), 'not-the-secret'), 'Invalid token signature'],
		['alg none, unsigned', () => signJwt(JSON.stringify(event()), '', { alg: 'none' }), 'Malformed token'],
		['alg none with the real signature kept', () => {
			const token = signJwt(JSON.stringify(event()), secret);
			const [, payload, signature] = token.split('.');
			return `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`;
		}, 'Token algorithm not accepted'],
		['HS512 with the right secret', () => signJwt(JSON.stringify(event()), secret, { alg: 'HS512' }), 'Token algorithm not accepted'],
		['HS256 header but signed with SHA-512', () => signJwt(JSON.stringify(event()), secret, { signWith: 'sha512' }), 'Invalid token signature'],
		['RS256 header', () => signJwt(JSON.stringify(event()), secret, { alg: 'RS256' }), 'Token algorithm not accepted'],
		// `alg` values are case-sensitive (RFC 7515 §4.1.1), unlike `typ`.
		['alg hs256 (lower case) with typ jwt', () => signJwt(JSON.stringify(event()), secret, { alg: 'hs256', header: { typ: 'jwt' }, signWith: 'sha256' }), 'Token algorithm not accepted'],
		['crit header naming an extension', () => signJwt(JSON.stringify(event()), secret, { header: { crit: ['exp'] } }), 'Token algorithm not accepted'],
		['tampered payload', () => {
			const [header, , signature] = signJwt(JSON.stringify(event()), secret).split('.');
			return `${header}.${b64({ ...event(), state: 'hangup', external_number: '+19999999999' })}.${signature}`;
		}, 'Invalid token signature'],
		['truncated signature', () => signJwt(JSON.stringify(event()), secret).slice(0, -2), 'Invalid token signature'],
		['plain JSON (no token)', () => JSON.stringify(event()), 'Malformed token'],
		['empty body', () => '', 'Missing signed token'],
		['four parts', () => `${signJwt(JSON.stringify(event()), secret)}.x`, 'Malformed token'],
		['expired (exp in the past)', () => signJwt(JSON.stringify({ ...event(), exp: Math.floor(Date.now() / 1000) - 3600 }), secret), 'Token expired'],
		['stale event (event_timestamp an hour ago)', () => signJwt(JSON.stringify({ ...event(), event_timestamp: Date.now() - 3_600_000 }), secret), 'Token too old'],
		['stale iat', () => signJwt(JSON.stringify({ ...event(), iat: Math.floor(Date.now() / 1000) - 3600 }), secret), 'Token too old'],
		['payload not an object', () => signJwt('[1,2,3]', secret), 'Token payload is not a JSON object'],
	])('%s', async (_name, build, message) => {
		const result = await forge(build());
		expect(result.status).toBe(401);
		expect(result.json).toEqual({ error: message });
		expect(result.executions).toBe(0);
	});

	it('a token signed with a key derived from the secret the wrong way (base64-decoded) fails', async () => {
		const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(event())}`;
		const signature = createHmac('sha256', Buffer.from(secret, 'base64url')).update(head).digest('base64url');
		const result = await forge(`${head}.${signature}`);
		expect(result.status).toBe(401);
		expect(result.executions).toBe(0);
	});

	it('never reveals the secret in the answer to a refusal', async () => {
		const result = await forge(signJwt(JSON.stringify(event()), 'wrong'));
		expect(result.body).not.toContain(secret);
	});
});
