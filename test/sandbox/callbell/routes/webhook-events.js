'use strict';
// GET /webhooks/events: the delivery log of the account's webhook (WebhookEvent objects),
// newest first, read from store.deliveries (which routes/webhooks.js appends to when it
// delivers). Filters: status (failed/success), subscriptions (event names, comma-separated
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

function publicEvent(d) {
	return {
		event: d.event,
		response: d.response ?? null,
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
			let rows = [...ctx.store.deliveries].sort((a, b) => String(b.createdAt || '').localeCompare(String(a.createdAt || '')));
			if (status) rows = rows.filter((d) => succeeded(d) === (status === 'success'));
			if (subscriptions.length) rows = rows.filter((d) => subscriptions.includes(d.event));
			const { rows: page, meta } = pageOf(ctx, rows, { meta: true, pageSize });
			return { body: { webhook_events: page.map(publicEvent), meta } };
		},
	},
];

module.exports.EVENTS = EVENTS;
