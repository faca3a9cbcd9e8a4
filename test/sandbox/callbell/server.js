'use strict';
// The fake Callbell API (https://api.callbell.eu/v1) on 127.0.0.1. Behaves like the docs:
// Bearer API keys (401 otherwise), JSON only, page-number pagination with a fixed page size
// (no meta on contacts and contact messages, `meta: {page, pages}` elsewhere), existence and
// type checks of tags, custom fields, users, teams, channels and templates (422), 404s,
// 429 above a configurable rate without any rate-limit headers (documented: 300 req/s, no
// headers), fault injection, and a record of every request checked against the docs.
//
// Every file in ./routes is loaded as a route list `[{ method, path, handler(ctx) }]`;
// handlers get ctx.store (see store.js, incl. the `webhook` and `deliveries` slots that
// routes/webhooks.js — the Callbell Trigger's part — owns) and ctx.pageSize.
const path = require('path');
const { createSandboxServer, listenSandbox, loadRoutes, HttpError, SilentRateLimiter } = require('../core');
const { createStore } = require('./store');
const { createSpecChecker } = require('./spec-check');
const { seedDemo, CALLBELL_DEMO } = require('./seed');
const { CONTROL_PREFIX } = require('./routes/webhooks');
const { createEmitter } = require('../emitter');
const { deliverEvent } = require('./deliver');
const { publicContact, digitsOf, canonicalTag } = require('./store');

const ROUTES_DIR = path.join(__dirname, 'routes');
const DEFAULT_PAGE_SIZE = 50;

function authenticate(store) {
	return (ctx) => {
		if (ctx.route && ctx.route.public) return undefined;
		const match = /^Bearer\s+(.+)$/i.exec(String(ctx.headers.authorization || ''));
		const key = match && match[1].trim();
		const account = key && store.apiKeys.get(key);
		if (!account) throw new HttpError(401, { error: 'Unauthorized' });
		// Some APIs echo the rejected key back; the node must never pass it on.
		if (account.revoked) throw new HttpError(401, { error: `The API key ${key} has been revoked` });
		return account;
	};
}

/**
 * startCallbellSandbox({ port, host, seed: 'demo' | 'empty', contacts, messages,
 *   webhookEvents, pageSize, rateLimit: { max, intervalMs, enabled } })
 * Resolves to { url, port, store, requests, faults, limiter, specViolations(), close(), … }.
 */
async function startCallbellSandbox(options = {}) {
	const store = createStore();
	const pageSize = options.pageSize || DEFAULT_PAGE_SIZE;
	const checkSpec = createSpecChecker();
	const violations = [];
	const limiter = new SilentRateLimiter({ max: 300, intervalMs: 1000, ...(options.rateLimit || {}) });
	if (options.rateLimit && options.rateLimit.enabled === false) limiter.enabled = false;
	const secret = options.signingSecret !== undefined ? options.signingSecret : CALLBELL_DEMO.signingSecret;
	const webhooks = createEmitter({ delayMs: options.webhookDelayMs, send: (e) => sendEvent(store, sandbox, e, secret) });
	// Built when the write happens (the record as it is then), sent after the delay if the
	// account's webhook is subscribed to the event at that time.
	const emit = (event, payload, recordId, origin = 'api') => webhooks.emit({ event, payload }, { recordId, origin, name: event });
	const routes = [
		...loadRoutes(ROUTES_DIR).map((r) => ({
			...r,
			async handler(ctx) {
				Object.assign(ctx, { store, pageSize });
				const before = r.method === 'DELETE' && r.path === '/contacts/:uuid' ? store.contacts.get(ctx.params.uuid) : undefined;
				const result = (await r.handler(ctx)) || {};
				if ((result.status || 200) < 300) for (const [event, payload, id] of eventsOfWrite(store, r, ctx, result, before)) emit(event, payload, id);
				return result;
			},
		})),
		{
			method: 'POST',
			path: `${CONTROL_PREFIX}/human-edit`,
			public: true,
			handler: (ctx) => ({ body: humanEdit(store, ctx.body, emit) }),
		},
	];
	const sandbox = createSandboxServer({
		name: 'callbell',
		routes,
		authenticate: authenticate(store),
		rateLimitKey: (ctx) => (ctx.auth && ctx.auth.key) || 'anonymous',
		limiter,
		onRecord: (record) => {
			// Control routes stand for the dashboard and other systems, not for API calls.
			if (record.path.startsWith(CONTROL_PREFIX)) return;
			for (const problem of checkSpec(record)) violations.push(problem);
		},
	});
	seedDemo(store, options);
	return await listenSandbox(sandbox, { options, store, webhooks, humanEdit: (spec) => humanEdit(store, spec, emit), violations }, { pageSize });
}

// ---- Webhooks of API writes ---------------------------------------------------------------
// Callbell sends contact_created / contact_updated (the Contact object, custom fields
// included; "updated also fires on tag changes"), contact_deleted and message_created (a
// note is a message of the conversation; a sent message carries the metadata it was sent
// with) for every change, also one that changes nothing, when the account's webhook is
// subscribed to the event.
function eventsOfWrite(store, route, ctx, result, before) {
	const key = `${route.method} ${route.path}`;
	const contact = (uuid) => store.contacts.get(uuid);
	const contactEvent = (event, c) => (c ? [[event, publicContact(store, c), c.uuid]] : []);
	switch (key) {
		case 'POST /contacts':
			return contactEvent('contact_created', contact(result.body.contact[0].uuid));
		case 'PATCH /contacts/:uuid':
		case 'PUT /contacts/:uuid/conversation/update_funnel':
			return contactEvent('contact_updated', contact(ctx.params.uuid));
		case 'DELETE /contacts/:uuid':
			return before ? [['contact_deleted', { uuid: before.uuid, deleted: true }, before.uuid]] : [];
		case 'POST /contacts/:uuid/conversation/note': {
			const notes = [...store.messages.values()].filter((m) => m.contactUuid === ctx.params.uuid && m.status === 'note');
			return messageEvent(store, notes[notes.length - 1]);
		}
		case 'POST /messages/send':
			return messageEvent(store, store.messages.get(result.body.message.uuid));
		default:
			return [];
	}
}

function messageEvent(store, message) {
	if (!message) return [];
	const c = store.contacts.get(message.contactUuid);
	const payload = {
		uuid: message.uuid,
		to: message.to,
		from: message.from,
		text: message.text,
		attachments: [],
		status: message.status,
		channel: message.channel,
		contact: c ? { uuid: c.uuid, name: c.name, tags: [...c.tags] } : null,
		createdAt: message.createdAt,
		...(message.metadata ? { metadata: message.metadata } : {}),
	};
	return [['message_created', payload, message.contactUuid]];
}

async function sendEvent(store, sandbox, { event, payload }, secret) {
	const webhook = store.webhook;
	if (!webhook || !webhook.enabled || !webhook.subscriptions.includes(event)) return [];
	try {
		const sent = await deliverEvent(sandbox, event, payload, { secret });
		return [{ to: 'the account webhook', url: sent.url, status: sent.status, answer: sent.body }];
	} catch (error) {
		return [{ to: 'the account webhook', url: webhook.url, status: null, error: error.message }];
	}
}

// ---- Human edits --------------------------------------------------------------------------
// What an agent does in Callbell's dashboard: renames a contact, edits its tags or custom
// fields; Callbell then sends contact_updated like for any other change.
const humanEditCounts = new WeakMap();

/**
 * humanEdit(store, { uuid | phone, changes: { name?, tags?, customFields?: { name: value } } }, emit)
 * → { contact, events }. Without changes, the contact's "Work Email" moves to a new address.
 */
function humanEdit(store, spec = {}, emit) {
	const fail = (message) => {
		throw new HttpError(400, { error: message });
	};
	const contacts = [...store.contacts.values()];
	let contact;
	if (spec.uuid) contact = store.contacts.get(String(spec.uuid));
	else if (spec.phone) contact = contacts.find((c) => c.phoneNumber && digitsOf(c.phoneNumber) === digitsOf(String(spec.phone)));
	else contact = contacts.find((c) => c.phoneNumber) || contacts[0];
	if (!contact) fail(`no contact ${spec.uuid ? `with uuid ${spec.uuid}` : `with phone ${spec.phone}`}`);
	let changes = spec.changes && typeof spec.changes === 'object' ? spec.changes : undefined;
	if (!changes || Object.keys(changes).length === 0) {
		const n = (humanEditCounts.get(contact) || 0) + 1;
		humanEditCounts.set(contact, n);
		const local = String(contact.name || 'contact').toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
		changes = { customFields: { 'Work Email': `${local}.cb${n}@example.com` } };
	}
	for (const key of Object.keys(changes)) if (!['name', 'tags', 'customFields'].includes(key)) fail(`"${key}" cannot be edited here (fields: name, tags, customFields)`);
	if (changes.name !== undefined) {
		if (typeof changes.name !== 'string' || !changes.name.trim()) fail('name cannot be empty');
		contact.name = changes.name;
	}
	if (changes.tags !== undefined) {
		const tags = Array.isArray(changes.tags) ? changes.tags : String(changes.tags).split(',').map((t) => t.trim()).filter(Boolean);
		for (const t of tags) if (!canonicalTag(store, t)) fail(`tag "${t}" does not exist in the account`);
		contact.tags = tags.map((t) => canonicalTag(store, t));
	}
	for (const [name, value] of Object.entries(changes.customFields || {})) {
		if (!store.customFields.some((f) => f.name === name)) fail(`custom field "${name}" does not exist in the account`);
		if (value === '' || value === null) delete contact.customFields[name];
		else contact.customFields[name] = value;
	}
	emit('contact_updated', publicContact(store, contact), contact.uuid, 'human');
	return { contact: publicContact(store, contact), events: ['contact_updated'] };
}

module.exports = { startCallbellSandbox, CALLBELL_DEMO, DEFAULT_PAGE_SIZE, humanEdit };
