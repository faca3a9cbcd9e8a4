'use strict';
// Test-only stand-in for Dialpad's webhook sender (DOCS/event-subscriptions, call-events,
// sms-events, contact-events, webhook-delivery-failures). For every enabled subscription of
// the event's kind that matches it, it POSTs to the subscription's webhook: the body is the
// event JSON as a compact JWT (HS256, the webhook's secret), or plain JSON when the webhook
// has no secret. The Content-Type Dialpad uses is undocumented; 'application/jwt' is
// assumed (override with options.contentType). Every send is logged in store.deliveries.
const { sendRaw } = require('../send');
const { signJwt } = require('./jwt');
const { toDialpadJson } = require('./server');
const { DIALPAD_DEMO } = require('./seed');

/** POSTs the exact bytes; the answer without its headers (a delivery's `headers` are the ones sent). */
async function post(url, rawBody, headers) {
	const { status, body, text } = await sendRaw(url, { rawBody, headers, contentLength: 'always' });
	return { status, body, text };
}

/** Which subscription kind an event belongs to, from its documented shape. */
function kindOf(event) {
	if (event && event.call_id !== undefined && typeof event.state === 'string') return 'call';
	if (event && typeof event.event === 'string' && event.contact) return 'contact';
	if (event && typeof event.direction === 'string' && event.id !== undefined) return 'sms';
	throw new Error('Not a call, contact or SMS event');
}

function matches(kind, sub, event) {
	if (!sub.enabled) return false;
	if (kind === 'call') {
		if (!sub.call_states.includes('all') && !sub.call_states.includes(event.state)) return false;
		return !sub.target_type || (event.target && String(event.target.id) === sub.target_id && event.target.type === sub.target_type);
	}
	if (kind === 'sms') {
		if (sub.direction !== 'all' && sub.direction !== event.direction) return false;
		return !sub.target_type || (event.target && String(event.target.id) === sub.target_id && event.target.type === sub.target_type);
	}
	return event.contact.type === sub.contact_type;
}

/** The signed body of an event for one webhook (claims, alg, a forged secret: options). */
function encode(event, webhook, options = {}) {
	const json = toDialpadJson({ ...event, ...(options.claims || {}) });
	const secret = options.secret !== undefined ? options.secret : webhook.secret;
	if (!secret && !options.alg) return { rawBody: Buffer.from(json), contentType: 'application/json' };
	const token = signJwt(json, secret || '', { alg: options.alg, header: options.header, signWith: options.signWith });
	return { rawBody: Buffer.from(token), contentType: 'application/jwt' };
}

/**
 * deliverEvent(sandbox, event, options) → [{ status, body, text, rawBody, url, subscriptionId }]
 * One delivery per matching subscription, like Dialpad. options: secret (sign with this
 * instead of the webhook's), alg / header / signWith (forge the JWT header), claims (extra
 * payload fields such as iat/exp), rawBody (exact bytes), contentType, url (send there,
 * signed with `secret`, without looking at subscriptions).
 */
async function deliverEvent(sandbox, event, options = {}) {
	const kind = kindOf(event);
	const targets = [];
	if (options.url) targets.push({ url: options.url, webhook: { secret: options.secret || null }, subscriptionId: null });
	else {
		for (const sub of sandbox.store.subscriptions[kind]) {
			if (!matches(kind, sub, event)) continue;
			const webhook = sandbox.store.webhooks.find((w) => w.id === sub.endpoint_id);
			if (webhook) targets.push({ url: webhook.hook_url, webhook, subscriptionId: sub.id });
		}
	}
	const out = [];
	for (const target of targets) {
		const encoded = encode(event, target.webhook, options);
		const rawBody = options.rawBody !== undefined ? Buffer.from(options.rawBody) : encoded.rawBody;
		const headers = { 'Content-Type': options.contentType || encoded.contentType, 'User-Agent': 'Dialpad-Webhooks (sandbox)' };
		const response = await post(target.url, rawBody, headers);
		const delivery = { ...response, rawBody, headers, url: target.url, subscriptionId: target.subscriptionId, kind, event };
		sandbox.store.deliveries.push({ kind, url: target.url, status: response.status, at: Date.now() });
		out.push(delivery);
	}
	return out;
}

/** Sends an earlier delivery's exact bytes again, as someone who captured it would. */
async function replay(sandbox, delivery) {
	const response = await post(delivery.url, delivery.rawBody, delivery.headers);
	sandbox.store.deliveries.push({ kind: delivery.kind, url: delivery.url, status: response.status, at: Date.now(), replay: true });
	return { ...delivery, ...response };
}

let sequence = 0;

/** A call event (CallProto snapshot) in state `state`, for Alice's line by default. */
function callEvent(state, overrides = {}) {
	sequence += 1;
	const now = Date.now();
	const alice = DIALPAD_DEMO.users.alice;
	const answered = state !== 'missed' && state !== 'ringing' && state !== 'calling';
	return {
		call_id: String(9007199254750000n + BigInt(sequence)),
		master_call_id: String(9007199254750000n + BigInt(sequence)),
		state,
		direction: 'inbound',
		date_started: now - 65_000,
		date_connected: answered ? now - 60_000 : null,
		date_ended: ['hangup', 'missed', 'voicemail'].includes(state) ? now - 100 : null,
		event_timestamp: now,
		duration: answered ? 60_000 : 0,
		total_duration: 65_000,
		external_number: '+14155550123',
		internal_number: alice.number,
		contact: { id: DIALPAD_DEMO.contacts.ada, name: 'Ada Lovelace', phone: '+14155550123', type: 'shared' },
		target: { id: alice.id, name: alice.name, phone: alice.number, type: 'user' },
		was_recorded: false,
		...overrides,
	};
}

/** A contact event: {"event": "Created"|"Updated"|"Deleted", "contact": {...}}. */
function contactEvent(event, contact) {
	return { event, contact };
}

/** An SMS event (documented fields; `text` needs the message_content_export scope). */
function smsEvent(direction, overrides = {}) {
	sequence += 1;
	const alice = DIALPAD_DEMO.users.alice;
	const external = '+14155550123';
	return {
		id: String(9007199254760000n + BigInt(sequence)),
		created_date: Date.now(),
		direction,
		target: { id: alice.id, type: 'user', name: alice.name, phone_number: alice.number },
		contact: { id: DIALPAD_DEMO.contacts.ada, name: 'Ada Lovelace', phone_number: external },
		from_number: direction === 'inbound' ? external : alice.number,
		to_number: [direction === 'inbound' ? alice.number : external],
		mms: false,
		text: 'Hello from the sandbox',
		...overrides,
	};
}

module.exports = { deliverEvent, replay, callEvent, contactEvent, smsEvent, kindOf };
