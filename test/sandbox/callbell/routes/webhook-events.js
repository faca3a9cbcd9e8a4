'use strict';
// GET /webhooks/events: the delivery log of the account's webhook (WebhookEvent objects),
// newest first, read from store.deliveries (which deliver.js appends to when it delivers).
// The docs: "List all events belonging to the webhook", and say nothing of what happens to
// them when the webhook is deleted and another is subscribed. The stricter reading for a
// trigger is kept: the log is the account's, deliveries to earlier (deleted) webhook records
// stay listed, also while the account has no webhook, including deliveries answered after the
// deletion (Callbell logs an attempt when the answer arrives). store.webhookLogPerRecord
// lists only the current record's deliveries (empty without a webhook) instead. Filters: status (failed/success), subscriptions (event names, comma-separated
// or repeated), page, items (page size).
const { badRequest } = require('../validate');
const { pageOf } = require('../paging');

// The same events the subscribe route accepts.
const { WEBHOOK_EVENTS: EVENTS } = require('./webhooks');
const MAX_ITEMS = 100;

function succeeded(delivery) {
	if (typeof delivery.success === 'boolean') return delivery.success;
	return delivery.statusCode === 200;
}

/**
 * What the endpoint answered, as the docs' example shows it (webhooks_api/events.md):
 * `{body, code, headers}`. The WebhookEvent table calls the field "Response body"; the
 * example is the more specific of the two. A delivery that got no answer has none.
 */
function responseOf(d, store) {
	if (d.statusCode === undefined && d.response === undefined) return null;
	// Tests may set store.webhookLogWithoutHeaders to mimic a log that keeps no headers.
	if (store.webhookLogWithoutHeaders) return { body: d.response ?? {}, code: d.statusCode ?? null };
	return { body: d.response ?? {}, code: d.statusCode ?? null, headers: { ...(d.responseHeaders || {}) } };
}

function publicEvent(d, store) {
	return {
		event: d.event,
		response: responseOf(d, store),
		payload: d.payload ?? null,
		success: succeeded(d),
		createdAt: d.createdAt || null,
	};
}

function subscriptionsOf(ctx) {
	const raw = ctx.record.queryAll.filter(([k]) => k === 'subscriptions' || k === 'subscriptions[]').map(([, v]) => v);
	const names = raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
	for (const n of names) if (!EVENTS.includes(n)) badRequest(`'${n}' is not a webhook event`);
	return names;
}

module.exports = [
	{
		method: 'GET',
		path: '/webhooks/events',
		handler(ctx) {
			const { status, items } = ctx.query;
			if (status !== undefined && status !== 'failed' && status !== 'success') badRequest(`status must be failed or success, got '${status}'`);
			let pageSize;
			if (items !== undefined) {
				pageSize = Number(items);
				if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_ITEMS) badRequest(`items must be a whole number from 1 to ${MAX_ITEMS}`);
			}
			const subscriptions = subscriptionsOf(ctx);
			const current = ctx.store.webhook && ctx.store.webhook._id;
			// Newest first; deliveries in the same instant stay newest first too.
			let rows = ctx.store.deliveries
				.map((d, index) => ({ d, index }))
				// Callbell's own deliveries only (replays by others carry no record).
				.filter(({ d }) => (ctx.store.webhookLogPerRecord ? current && d._webhook === current : d._webhook))
				.sort((a, b) => String(b.d.createdAt || '').localeCompare(String(a.d.createdAt || '')) || b.index - a.index)
				.map(({ d }) => d);
			// Tests may set store.webhookLogOldestFirst: the docs do not state the order.
			if (ctx.store.webhookLogOldestFirst) rows.reverse();
			if (status) rows = rows.filter((d) => succeeded(d) === (status === 'success'));
			if (subscriptions.length) rows = rows.filter((d) => subscriptions.includes(d.event));
			const { rows: page, meta } = pageOf(ctx, rows, { meta: true, pageSize });
			return { body: { webhook_events: page.map((d) => publicEvent(d, ctx.store)), meta } };
		},
	},
];

module.exports.EVENTS = EVENTS;
