'use strict';
// Webhook subscription endpoints of the fake Callbell API (docs: webhooks_api/subscribe.md,
// unsubscribe.md). Callbell keeps ONE webhook per account: subscribe creates it or replaces
// it (url and subscriptions both overwritten), unsubscribe deletes whatever is there. There
// is no endpoint that reads the current webhook, so tests look at ctx.store.webhook or the
// dashboard control route below, which also lets "someone else" set the webhook.
const crypto = require('crypto');
const { HttpError } = require('../../core');

/** Every event with a page under docs/api/reference/webhooks/. */
const WEBHOOK_EVENTS = [
	'message_created',
	'message_status_updated',
	'contact_created',
	'contact_updated',
	'contact_deleted',
	'conversation_opened',
	'conversation_closed',
	'agent_status_updated',
	'agent_session_updated',
	'team_membership_updated',
];

// The error-body shape of the real API is not documented; this follows the sandbox's
// Rails-style 422 shape (validate.js): { errors: { field: ["…"] } }.
function invalid(field, message) {
	return new HttpError(422, { errors: { [field]: [message] } });
}

/** Ruby's Time#to_s, the format of the documented example ("2022-10-18 17:01:20 +0200"). */
function rubyTime(date) {
	return `${date.toISOString().slice(0, 19).replace('T', ' ')} +0000`;
}

function parseUrl(value) {
	if (typeof value !== 'string' || value.trim() === '') throw invalid('url', "can't be blank");
	let url;
	try {
		url = new URL(value);
	} catch {
		throw invalid('url', 'must be a valid URL including the protocol (http or https)');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw invalid('url', 'must start with http:// or https://');
	}
	// The docs: "Callbell doesn't support localhost as webhook URL". Loopback IPs stay
	// accepted here, otherwise no test could receive a delivery.
	if (url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) {
		throw invalid('url', 'localhost is not supported as webhook URL');
	}
	return value;
}

function parseSubscriptions(value, subscribable) {
	// The parameter table says "comma separated values" but types it string[]: take both.
	const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
	if (!Array.isArray(list) || list.length === 0) throw invalid('subscriptions', "can't be blank");
	const unknown = list.filter((event) => typeof event !== 'string' || !WEBHOOK_EVENTS.includes(event));
	if (unknown.length > 0) throw invalid('subscriptions', `unknown events: ${unknown.map(String).join(', ')}`);
	// Tests may narrow what the account accepts (ctx.store.webhookSubscribable) to mimic the
	// Webhook object doc, which lists only seven events: the others are then dropped silently.
	return [...new Set(list)].filter((event) => subscribable.includes(event));
}

/** Creates or updates the account's single webhook, whoever asks (API or dashboard). */
function setWebhook(store, body) {
	const url = parseUrl(body.url);
	const subscriptions = parseSubscriptions(body.subscriptions, store.webhookSubscribable || WEBHOOK_EVENTS);
	const previous = store.webhook;
	store.webhook = {
		url,
		subscriptions,
		// An update keeps the record, so its creation date (and its delivery log) stays.
		createdAt: previous ? previous.createdAt : rubyTime(new Date()),
		enabled: true,
		_id: previous ? previous._id : crypto.randomUUID(),
	};
	return publicWebhook(store.webhook);
}

/** The documented Webhook object (object_types/webhook.md), without internal fields. */
function publicWebhook(webhook) {
	const { _id, ...rest } = webhook;
	return { ...rest, subscriptions: [...webhook.subscriptions] };
}

// Sandbox control routes (not Callbell's API; no API key; kept out of the spec check by
// server.js): what other parties do to the same account.
const CONTROL = '/__sandbox';

module.exports = [
	{
		method: 'POST',
		path: '/webhooks/subscribe',
		handler(ctx) {
			return { status: 200, body: { webhook: setWebhook(ctx.store, ctx.body || {}) } };
		},
	},
	{
		method: 'DELETE',
		path: '/webhooks/unsubscribe',
		handler(ctx) {
			if (!ctx.store.webhook) throw new HttpError(404, { error: 'webhook not found' });
			ctx.store.webhook = null;
			return { status: 200, body: { status: 'webhook was destroyed' } };
		},
	},
	// The Callbell dashboard (Settings → API Settings → Webhooks): create/edit the account's
	// webhook, see it, delete it. Same single record as the API.
	{
		method: 'PUT',
		path: `${CONTROL}/dashboard/webhook`,
		public: true,
		handler(ctx) {
			return { status: 200, body: { webhook: setWebhook(ctx.store, ctx.body || {}) } };
		},
	},
	{
		method: 'GET',
		path: `${CONTROL}/dashboard/webhook`,
		public: true,
		handler(ctx) {
			return { status: 200, body: { webhook: ctx.store.webhook ? publicWebhook(ctx.store.webhook) : null } };
		},
	},
	{
		method: 'DELETE',
		path: `${CONTROL}/dashboard/webhook`,
		public: true,
		handler(ctx) {
			ctx.store.webhook = null;
			return { status: 200, body: { status: 'webhook was destroyed' } };
		},
	},
	// Another system's webhook endpoint (Zapier, Make, a custom app): answers Callbell's
	// deliveries and connection checks with 200 {"status":"ok"} and keeps what it got.
	...['POST', 'GET'].map((method) => ({
		method,
		path: `${CONTROL}/receivers/:name`,
		public: true,
		handler(ctx) {
			const received = (ctx.store.otherReceivers[ctx.params.name] ||= []);
			received.push(ctx.body && Object.keys(ctx.body).length ? ctx.body : null);
			return { status: 200, body: { status: 'ok' } };
		},
	})),
];

module.exports.CONTROL_PREFIX = CONTROL;

module.exports.WEBHOOK_EVENTS = WEBHOOK_EVENTS;
