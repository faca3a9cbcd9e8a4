'use strict';
// Test-only stand-in for Callbell's webhook sender. It posts the documented envelope
// {"event": name, "payload": {...}} to the account's subscribed URL and, when given the
// signing secret, signs it the way docs/api/reference/webhooks/signatures.md describes:
//   X-Callbell-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
// keyed by the full whsec_… string. Every send is logged in store.deliveries.
const crypto = require('crypto');
const { sendRaw } = require('../send');

function nowSeconds() {
	return Math.floor(Date.now() / 1000);
}

function sign(secret, timestamp, rawBody) {
	return crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header value for a body; `extraSignatures` adds further v1 entries after the real one. */
function signatureHeader(secret, rawBody, { timestamp = nowSeconds(), extraSignatures = [] } = {}) {
	const v1 = [sign(secret, String(timestamp), Buffer.from(rawBody)), ...extraSignatures];
	return [`t=${timestamp}`, ...v1.map((s) => `v1=${s}`)].join(',');
}

function post(url, { method = 'POST', rawBody, headers }) {
	return sendRaw(url, { method, rawBody, headers });
}

function targetOf(sandbox, options) {
	if (options.url) return options.url;
	const webhook = sandbox && sandbox.store && sandbox.store.webhook;
	if (!webhook) throw new Error('The sandbox account has no webhook: nothing to deliver to');
	return webhook.url;
}

/**
 * The record a send to `url` belongs to: the account's webhook when it points there. Sends
 * elsewhere (a captured delivery replayed by an attacker, a test URL) are not Callbell's
 * deliveries of that webhook and stay out of its log.
 */
function webhookIdOf(sandbox, url) {
	const webhook = sandbox && sandbox.store && sandbox.store.webhook;
	return webhook && webhook.url === url ? webhook._id : null;
}

/** Logs an attempt in the shape of the WebhookEvent object (store.js), plus the target. */
function record(sandbox, { event, payload, url, response, webhookId }) {
	if (!sandbox || !sandbox.store || !Array.isArray(sandbox.store.deliveries)) return;
	sandbox.store.deliveries.push({
		// The webhook record the delivery belongs to (GET /webhooks/events lists its own).
		_webhook: webhookId,
		event,
		payload,
		response: response ? response.body : undefined,
		responseHeaders: response ? response.headers : undefined,
		success: response ? response.status === 200 : false,
		statusCode: response ? response.status : undefined,
		// Milliseconds (the docs show whole seconds), so tests see a strict order; same-second
		// entries are covered by the trigger's ownership unit tests.
		createdAt: new Date().toISOString(),
		_url: url,
	});
}

/**
 * deliverEvent(sandbox, event, payload, options) → { status, body, text, headers, rawBody, signature, url }
 * options: secret (sign when set), timestamp (unix s, default now), extraSignatures,
 *   signature (exact header value to send instead), rawBody (exact bytes instead of the
 *   serialised envelope, e.g. a tampered body), url (instead of the subscribed URL),
 *   force (send even if the account's webhook is not subscribed to the event or disabled),
 *   headers (more headers).
 * Like Callbell, it refuses events the webhook is not subscribed to, unless forced.
 */
async function deliverEvent(sandbox, event, payload, options = {}) {
	const webhook = sandbox && sandbox.store && sandbox.store.webhook;
	if (!options.force && !options.url) {
		if (!webhook) throw new Error('The sandbox account has no webhook: nothing to deliver to');
		if (!webhook.enabled) throw new Error('The sandbox account webhook is disabled');
		if (!webhook.subscriptions.includes(event)) throw new Error(`The webhook is not subscribed to ${event}`);
	}
	const url = targetOf(sandbox, options);
	const rawBody = Buffer.from(options.rawBody !== undefined ? options.rawBody : JSON.stringify({ event, payload }));
	const headers = { 'Content-Type': 'application/json', 'User-Agent': 'Callbell-Webhooks (sandbox)', ...(options.headers || {}) };
	let signature = options.signature;
	if (signature === undefined && options.secret) {
		signature = signatureHeader(options.secret, rawBody, { timestamp: options.timestamp, extraSignatures: options.extraSignatures });
	}
	if (signature !== undefined) headers['X-Callbell-Signature'] = signature;
	const webhookId = webhookIdOf(sandbox, url);
	let response;
	try {
		response = await post(url, { rawBody, headers });
	} catch (error) {
		// Callbell logs a delivery that got no answer as failed, too.
		record(sandbox, { event, payload, url, response: undefined, webhookId });
		throw error;
	}
	record(sandbox, { event, payload, url, response, webhookId });
	return { ...response, event, payload, rawBody, signature, url, headers };
}

/**
 * Sends the exact bytes and headers of an earlier delivery again, as an attacker who
 * captured it would (the signature and its timestamp are not renewed).
 */
async function replay(sandbox, delivery, options = {}) {
	const url = options.url || delivery.url;
	const response = await post(url, { rawBody: delivery.rawBody, headers: delivery.headers });
	// Not sent by Callbell, so not in the webhook's delivery log (webhookId null).
	record(sandbox, { event: delivery.event, payload: delivery.payload, url, response, webhookId: null });
	return { ...delivery, ...response, url: options.url || delivery.url };
}

/**
 * A periodic connection check: a request without an `event`. Its exact shape is not
 * documented, so the method and body are options (default POST with "{}").
 */
async function sendConnectionCheck(sandbox, options = {}) {
	const url = targetOf(sandbox, options);
	const method = options.method || 'POST';
	const rawBody = Buffer.from(method === 'GET' ? '' : options.rawBody !== undefined ? options.rawBody : '{}');
	const headers = { ...(rawBody.length ? { 'Content-Type': 'application/json' } : {}), 'User-Agent': 'Callbell-Webhooks (sandbox)', ...(options.headers || {}) };
	if (options.secret) headers['X-Callbell-Signature'] = signatureHeader(options.secret, rawBody, { timestamp: options.timestamp });
	const webhookId = webhookIdOf(sandbox, url);
	const response = await post(url, { method, rawBody, headers });
	record(sandbox, { event: null, payload: null, url, response, webhookId });
	return { ...response, rawBody, url, headers };
}

module.exports = { deliverEvent, replay, sendConnectionCheck, signatureHeader, sign, nowSeconds };
