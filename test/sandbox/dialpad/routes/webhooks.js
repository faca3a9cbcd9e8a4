'use strict';
// Webhooks and event subscriptions (SPEC: /webhooks, /subscriptions/{call,sms,contact};
// DOCS/event-subscriptions). A webhook is a URL plus an optional secret; subscriptions point
// at it through `endpoint_id` (the prose and old SDKs say `webhook_id`; unconfirmed, so the
// sandbox accepts only the SPEC's name). Limits: 100 subscriptions per type per company, 10
// of them targeting the company itself (no target). Deletes answer with the deleted object.
const { nextId } = require('../store');
const { page } = require('../paging');
const { onlyQuery } = require('./account');
const { TARGET_TYPES } = require('./calls');
const { bad, notFound, onlyFields, requireString, optionalString, int64, bool, requireAdmin } = require('../validate');

const CALL_STATES = [
	'all', 'preanswer', 'calling', 'ringing', 'connected', 'queued', 'hold', 'parked', 'merged', 'transcription',
	'call_transcription', 'recording', 'admin_recording', 'voicemail', 'voicemail_uploaded', 'missed', 'hangup',
	'postcall', 'blocked', 'eavesdrop', 'monitor', 'barge', 'takeover', 'admin', 'csat', 'pcsat', 'dispositions',
	'ai_playbook', 'recap_summary', 'recap_outcome', 'recap_purposes', 'recap_action_items',
];
const MAX_PER_TYPE = 100;
const MAX_COMPANY_WIDE = 10;

function webhookView(webhook) {
	const view = { id: webhook.id, hook_url: webhook.hook_url };
	if (webhook.secret) view.signature = { type: 'jwt', algo: 'HS256', secret: webhook.secret };
	return view;
}

function findWebhook(ctx, raw, options = {}) {
	const id = int64(raw, options.field || 'endpoint_id', options);
	const webhook = ctx.store.webhooks.find((w) => w.id === id);
	if (!webhook) throw notFound('Webhook');
	return webhook;
}

function hookUrl(body) {
	const value = requireString(body, 'hook_url');
	let url;
	try {
		url = new URL(value);
	} catch {
		throw bad('hook_url must be a URL');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('hook_url must be http(s)');
	return value;
}

function target(ctx, body, sub) {
	if ((body.target_id === undefined) !== (body.target_type === undefined)) throw bad('target_id and target_type must be given together');
	if (body.target_type === undefined) return;
	if (!TARGET_TYPES.includes(body.target_type)) throw bad(`Invalid target_type: ${body.target_type}`);
	const id = int64(body.target_id, 'target_id', { inBody: true });
	const pool = body.target_type === 'user' ? ctx.store.users : body.target_type === 'office' ? ctx.store.offices : null;
	if (pool && !pool.some((t) => t.id === id)) throw notFound('Target');
	sub.target_type = body.target_type;
	sub.target_id = id;
}

function view(ctx, sub) {
	const webhook = ctx.store.webhooks.find((w) => w.id === sub.endpoint_id);
	const { endpoint_id: _endpoint, ...rest } = sub;
	return { ...rest, webhook: webhook ? webhookView(webhook) : null };
}

/** The three subscription types: what their create/update bodies carry. */
const KINDS = {
	call: {
		fields: ['endpoint_id', 'call_states', 'enabled', 'group_calls_only', 'target_type', 'target_id'],
		read(ctx, body, sub, creating) {
			if (creating || body.call_states !== undefined) {
				const states = body.call_states;
				if (!Array.isArray(states) || states.length === 0) throw bad('call_states is required');
				const unknown = states.filter((s) => !CALL_STATES.includes(s));
				if (unknown.length) throw bad(`Invalid call_states: ${unknown.join(', ')}`);
				sub.call_states = [...new Set(states)];
			}
			if (body.group_calls_only !== undefined) sub.group_calls_only = bool(body.group_calls_only, 'group_calls_only');
			else if (creating) sub.group_calls_only = false;
			if (creating) target(ctx, body, sub);
		},
	},
	sms: {
		fields: ['endpoint_id', 'direction', 'include_internal', 'status', 'enabled', 'target_type', 'target_id'],
		read(ctx, body, sub, creating) {
			if (creating || body.direction !== undefined) {
				if (!['inbound', 'outbound', 'all'].includes(body.direction)) throw bad('direction is required: inbound, outbound or all');
				sub.direction = body.direction;
			}
			for (const flag of ['include_internal', 'status']) {
				if (body[flag] !== undefined) sub[flag] = bool(body[flag], flag);
				else if (creating) sub[flag] = false;
			}
			if (creating) target(ctx, body, sub);
		},
	},
	contact: {
		admin: true,
		fields: ['endpoint_id', 'contact_type', 'enabled'],
		read(_ctx, body, sub, creating) {
			if (creating || body.contact_type !== undefined) {
				if (!['shared', 'local'].includes(body.contact_type)) throw bad('contact_type is required: shared or local');
				sub.contact_type = body.contact_type;
			}
		},
	},
};

function subscriptionRoutes(kind) {
	const spec = KINDS[kind];
	const base = `/api/v2/subscriptions/${kind}`;
	const find = (ctx) => {
		const id = int64(ctx.params.id, 'id');
		const sub = ctx.store.subscriptions[kind].find((s) => s.id === id);
		if (!sub) throw notFound('Subscription');
		return sub;
	};
	return [
		{
			method: 'POST',
			path: base,
			handler(ctx) {
				if (spec.admin) requireAdmin(ctx);
				onlyFields(ctx.body, spec.fields);
				const list = ctx.store.subscriptions[kind];
				const webhook = findWebhook(ctx, ctx.body.endpoint_id, { inBody: true });
				const sub = { id: nextId(), endpoint_id: webhook.id, enabled: ctx.body.enabled === undefined ? true : bool(ctx.body.enabled, 'enabled') };
				spec.read(ctx, ctx.body, sub, true);
				if (list.length >= MAX_PER_TYPE) throw bad(`At most ${MAX_PER_TYPE} ${kind} subscriptions per company`);
				if (!sub.target_type && list.filter((s) => !s.target_type).length >= MAX_COMPANY_WIDE) {
					throw bad(`At most ${MAX_COMPANY_WIDE} company-wide ${kind} subscriptions`);
				}
				list.push(sub);
				return { body: view(ctx, sub) };
			},
		},
		{
			method: 'GET',
			path: base,
			handler(ctx) {
				onlyQuery(ctx, ['cursor', ...(kind === 'contact' ? [] : ['target_id', 'target_type'])]);
				const rows = ctx.store.subscriptions[kind].filter(
					(s) => (ctx.query.target_id === undefined || s.target_id === ctx.query.target_id) && (ctx.query.target_type === undefined || s.target_type === ctx.query.target_type),
				);
				return page(ctx, rows.map((s) => view(ctx, s)));
			},
		},
		{
			method: 'GET',
			path: `${base}/:id`,
			handler(ctx) {
				return { body: view(ctx, find(ctx)) };
			},
		},
		{
			method: 'PATCH',
			path: `${base}/:id`,
			handler(ctx) {
				const sub = find(ctx);
				onlyFields(ctx.body, spec.fields.filter((f) => f !== 'target_type' && f !== 'target_id'));
				if (ctx.body.endpoint_id !== undefined) sub.endpoint_id = findWebhook(ctx, ctx.body.endpoint_id, { inBody: true }).id;
				if (ctx.body.enabled !== undefined) sub.enabled = bool(ctx.body.enabled, 'enabled');
				spec.read(ctx, ctx.body, sub, false);
				return { body: view(ctx, sub) };
			},
		},
		{
			method: 'DELETE',
			path: `${base}/:id`,
			handler(ctx) {
				const sub = find(ctx);
				ctx.store.subscriptions[kind] = ctx.store.subscriptions[kind].filter((s) => s !== sub);
				return { body: view(ctx, sub) };
			},
		},
	];
}

module.exports = [
	{
		method: 'POST',
		path: '/api/v2/webhooks',
		limitPerMinute: 100,
		handler(ctx) {
			onlyFields(ctx.body, ['hook_url', 'secret']);
			const webhook = { id: nextId(), hook_url: hookUrl(ctx.body), secret: optionalString(ctx.body, 'secret') || null };
			ctx.store.webhooks.push(webhook);
			return { body: webhookView(webhook) };
		},
	},
	{
		method: 'GET',
		path: '/api/v2/webhooks',
		handler(ctx) {
			onlyQuery(ctx, ['cursor']);
			return page(ctx, ctx.store.webhooks.map(webhookView));
		},
	},
	{
		method: 'GET',
		path: '/api/v2/webhooks/:id',
		handler(ctx) {
			return { body: webhookView(findWebhook(ctx, ctx.params.id, { field: 'id' })) };
		},
	},
	{
		method: 'PATCH',
		path: '/api/v2/webhooks/:id',
		handler(ctx) {
			const webhook = findWebhook(ctx, ctx.params.id, { field: 'id' });
			onlyFields(ctx.body, ['hook_url', 'secret']);
			if (ctx.body.hook_url !== undefined) webhook.hook_url = hookUrl(ctx.body);
			if (ctx.body.secret !== undefined) webhook.secret = optionalString(ctx.body, 'secret') || null;
			return { body: webhookView(webhook) };
		},
	},
	{
		method: 'DELETE',
		path: '/api/v2/webhooks/:id',
		handler(ctx) {
			const webhook = findWebhook(ctx, ctx.params.id, { field: 'id' });
			ctx.store.webhooks = ctx.store.webhooks.filter((w) => w !== webhook);
			return { body: webhookView(webhook) };
		},
	},
	...subscriptionRoutes('call'),
	...subscriptionRoutes('sms'),
	...subscriptionRoutes('contact'),
];

module.exports.CALL_STATES = CALL_STATES;
