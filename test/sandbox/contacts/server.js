'use strict';
// The fake LeadConnector/HighLevel v2 Contacts API (Taskee Portal API) on 127.0.0.1.
// Behaves like the spec: bearer tokens with scopes, the Version header, location access,
// 422 validation with message arrays, 404s, cursor meta, documented rate-limit headers and
// 429s, fault injection, and a record of every request checked against the OpenAPI spec.
const { createSandboxServer, listenSandbox, HttpError } = require('../core');
const { QuotaRateLimiter } = require('./quota');
const { createStore, addToken, addLocation } = require('./store');
const { createSpecChecker } = require('./spec-check');
const contactRoutes = require('./routes/contacts');
const relatedRoutes = require('./routes/related');
const lookupRoutes = require('./routes/lookups');
const oauthRoutes = require('./routes/oauth');
const { seedDemo } = require('./seed');
const { createEmitter } = require('../emitter');
const { recordDelivery } = require('./webhooks');
const { publicContact, normalizeTags, syncContactName } = require('./store');

const API_VERSION = '2021-07-28';

function authenticate(store) {
	return (ctx) => {
		const { route, headers } = ctx;
		if (route && route.public) return undefined;
		if (route && route.admin) return { admin: true };
		const auth = headers.authorization || '';
		const match = /^Bearer\s+(.+)$/i.exec(auth);
		const token = match && store.tokens.get(match[1].trim());
		if (!token) {
			throw new HttpError(401, { statusCode: 401, message: 'Invalid token', error: 'Unauthorized' });
		}
		if (!headers.version) {
			throw new HttpError(400, { statusCode: 400, message: 'Missing required header: Version' });
		}
		if (headers.version !== API_VERSION) {
			throw new HttpError(400, { statusCode: 400, message: `Unsupported Version header: ${headers.version}` });
		}
		if (token.expired) {
			throw new HttpError(401, { statusCode: 401, message: 'The token has expired', error: 'Unauthorized' });
		}
		// Every scoped route here acts on a location: an agency token cannot call it.
		if (route && route.scope && token.authClass === 'Company') {
			throw new HttpError(401, {
				statusCode: 401,
				message: 'This authClass type is not allowed to access this scope. Please reach out to the Platform team to get it added.',
				error: 'Unauthorized',
			});
		}
		if (route && route.scope && !token.scopes.has(route.scope)) {
			if (token.scopeStatus === 401) {
				throw new HttpError(401, { statusCode: 401, message: 'The token is not authorized for this scope.', error: 'Unauthorized' });
			}
			throw new HttpError(403, {
				statusCode: 403,
				message: 'Insufficient scopes',
				error: 'Forbidden',
				requiredScope: route.scope,
			});
		}
		return { token: match[1].trim(), ...token };
	};
}

/** Throws 403 unless the token may act on this location. */
function requireLocation(ctx, locationId) {
	if (!locationId) {
		throw new HttpError(422, { statusCode: 422, message: ['locationId should not be empty', 'locationId must be a string'], error: 'Unprocessable Entity' });
	}
	if (!ctx.store.locations.has(locationId) || !ctx.auth.locationIds.has(locationId)) {
		throw new HttpError(403, { statusCode: 403, message: 'The token does not have access to this location', error: 'Forbidden' });
	}
}

/**
 * startContactsSandbox({ port, host, seed: 'demo' | 'none', contacts: N, rateLimit: {max,intervalMs,daily,retryAfter,enabled} })
 * Resolves to { url, port, store, requests, faults, limiter, specViolations(), close(), ... }.
 */
async function startContactsSandbox(options = {}) {
	const store = createStore();
	const checkSpec = createSpecChecker();
	const violations = [];
	// rateLimit.daily sets the daily quota (200,000 upstream); it is enforced, not just reported.
	const limiter = new QuotaRateLimiter(options.rateLimit || { max: 100, intervalMs: 10_000 });
	if (options.rateLimit && options.rateLimit.enabled === false) limiter.enabled = false;
	const webhooks = createEmitter({ delayMs: options.webhookDelayMs, send: (delivery) => sendToTargets(sandbox, delivery) });
	const emit = (type, record, origin = 'api') => webhooks.emit(recordDelivery(store, type, record), { recordId: record.id, origin, name: type });
	const withStore = (routes) =>
		routes.map((r) => ({
			...r,
			async handler(ctx) {
				Object.assign(ctx, { store, requireLocation: (id) => requireLocation(ctx, id) });
				const before = snapshotBeforeWrite(ctx, r);
				const result = await r.handler(ctx);
				for (const [type, record] of eventsOfWrite(ctx, r, result, before)) emit(type, record);
				return result;
			},
		}));
	const adminRoutes = [
		{
			method: 'POST', path: '/__sandbox/human-edit', admin: true,
			handler: (ctx) => ({ body: humanEdit(store, ctx.body, emit) }),
		},
	];
	const sandbox = createSandboxServer({
		name: 'contacts',
		routes: [...withStore([...oauthRoutes, ...lookupRoutes, ...contactRoutes, ...relatedRoutes]), ...adminRoutes],
		authenticate: authenticate(store),
		// The real API limits per app per location; the token stands for the app here.
		rateLimitKey: (ctx) => `${(ctx.auth && ctx.auth.token) || 'anon'}`,
		limiter,
		onRecord: (record) => {
			if (record.path.startsWith('/__sandbox/')) return; // the sandbox's own admin routes
			for (const problem of checkSpec(record)) violations.push(problem);
		},
	});
	seedDemo(store, options);
	return await listenSandbox(sandbox, { options, store, webhooks, humanEdit: (spec) => humanEdit(store, spec, emit), violations }, {
		// Where HighLevel sends the app's webhooks: { url, events? } entries (events: the types
		// wanted; none = all), plus what resolveWebhookTargets(type) adds (the demo console: every
		// n8n Contacts API Trigger that listens for the type).
		webhookTargets: [],
		resolveWebhookTargets: options.resolveWebhookTargets,
		addToken: (token, spec) => addToken(store, token, spec),
		addLocation: (id, spec) => addLocation(store, id, spec),
	});
}


// ---- Webhooks of API writes -------------------------------------------------------------
// Which events a successful write sends, as HighLevel's webhook list has them (ContactCreate,
// ContactUpdate, ContactDelete, ContactTagUpdate, ContactDndUpdate, TaskCreate, TaskComplete,
// TaskDelete, NoteCreate, NoteUpdate, NoteDelete). A write that changes nothing sends its event
// too (the strict case the pack's echo guard must handle). Task edits other than completing
// one have no event upstream (there is no TaskUpdate), so they send none here either.

const WRITE_EVENTS = [
	['POST', '/contacts/', (ctx, res) => [['ContactCreate', contactOf(ctx, res.body.contact)]]],
	['POST', '/contacts/upsert', (ctx, res) => [[res.body.new ? 'ContactCreate' : 'ContactUpdate', contactOf(ctx, res.body.contact)], ...sideEvents(ctx, res.body.new ? undefined : contactOf(ctx, res.body.contact))]],
	['PUT', '/contacts/:contactId', (ctx) => [['ContactUpdate', contactOf(ctx, ctx.params.contactId)], ...sideEvents(ctx, contactOf(ctx, ctx.params.contactId))]],
	['DELETE', '/contacts/:contactId', (ctx, res, before) => [['ContactDelete', before]]],
	['POST', '/contacts/bulk/tags/update/:type', (ctx, res) => res.body.responses.filter((r) => r.type === 'success').map((r) => ['ContactTagUpdate', contactOf(ctx, r.contactId)])],
	['POST', '/contacts/bulk/business', (ctx, res) => res.body.ids.map((id) => ['ContactUpdate', contactOf(ctx, id)])],
	['POST', '/contacts/:contactId/tags', (ctx) => [['ContactTagUpdate', contactOf(ctx, ctx.params.contactId)]]],
	['DELETE', '/contacts/:contactId/tags', (ctx) => [['ContactTagUpdate', contactOf(ctx, ctx.params.contactId)]]],
	['POST', '/contacts/:contactId/tasks', (ctx, res) => [['TaskCreate', res.body.task]]],
	['PUT', '/contacts/:contactId/tasks/:taskId', (ctx, res) => (res.body.task.completed ? [['TaskComplete', res.body.task]] : [])],
	['PUT', '/contacts/:contactId/tasks/:taskId/completed', (ctx, res) => (res.body.task.completed ? [['TaskComplete', res.body.task]] : [])],
	['DELETE', '/contacts/:contactId/tasks/:taskId', (ctx, res, before) => [['TaskDelete', before]]],
	['POST', '/contacts/:contactId/notes', (ctx, res) => [['NoteCreate', res.body.note]]],
	['PUT', '/contacts/:contactId/notes/:id', (ctx, res) => [['NoteUpdate', res.body.note]]],
	['DELETE', '/contacts/:contactId/notes/:id', (ctx, res, before) => [['NoteDelete', before]]],
];

function contactOf(ctx, idOrContact) {
	const id = typeof idOrContact === 'string' ? idOrContact : idOrContact && idOrContact.id;
	return ctx.store.contacts.get(id);
}

/** Tag and DND events that a contact update sends besides ContactUpdate. */
function sideEvents(ctx, contact) {
	if (!contact) return [];
	const out = [];
	if (ctx.body.tags !== undefined) out.push(['ContactTagUpdate', contact]);
	if (ctx.body.dnd !== undefined || ctx.body.dndSettings !== undefined) out.push(['ContactDndUpdate', contact]);
	return out;
}

/** A deleted record as it was (its delete event carries it). */
function snapshotBeforeWrite(ctx, route) {
	if (route.method !== 'DELETE') return undefined;
	const { contactId, taskId, id } = ctx.params;
	if (route.path === '/contacts/:contactId') return structuredClone(ctx.store.contacts.get(contactId));
	if (route.path === '/contacts/:contactId/tasks/:taskId') return structuredClone(ctx.store.tasks.get(taskId));
	if (route.path === '/contacts/:contactId/notes/:id') return structuredClone(ctx.store.notes.get(id));
	return undefined;
}

function eventsOfWrite(ctx, route, result, before) {
	const status = result.status || 200;
	if (status >= 300) return [];
	const rule = WRITE_EVENTS.find(([method, path]) => method === route.method && path === route.path);
	if (!rule) return [];
	return rule[2](ctx, result, before).filter(([, record]) => record);
}

/** POSTs one signed delivery to every target that wants its type → one row per answer. */
async function sendToTargets(sandbox, delivery) {
	const wanted = (t) => !Array.isArray(t.events) || t.events.length === 0 || t.events.includes('*') || t.events.includes(delivery.type);
	const targets = sandbox.webhookTargets.filter(wanted);
	const resolved = sandbox.resolveWebhookTargets ? await sandbox.resolveWebhookTargets(delivery.type) : [];
	const rows = [];
	for (const target of [...targets, ...resolved]) {
		if (target.deliver) {
			rows.push(...(await target.deliver(delivery.rawBody, delivery.headers)));
			continue;
		}
		try {
			const res = await fetch(target.url, { method: 'POST', headers: delivery.headers, body: delivery.rawBody });
			rows.push({ to: target.url, url: target.url, status: res.status, answer: await res.text() });
		} catch (error) {
			rows.push({ to: target.url, url: target.url, status: null, error: error.message });
		}
	}
	return rows;
}

// ---- Human edits ------------------------------------------------------------------------
// What a person does in HighLevel's contact page: changes fields of a contact, which then
// sends ContactUpdate (and ContactTagUpdate when the tags changed) like any other change.
const humanEditCounts = new WeakMap();
const HUMAN_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'companyName', 'address1', 'city', 'state', 'postalCode', 'country', 'website', 'tags', 'customFields'];

/**
 * humanEdit(store, { contactId | phone, changes: { field: value, customFields: { id: value } } }, emit)
 * → { contact, events }. Without changes, the contact's email moves to a new address.
 */
function humanEdit(store, spec = {}, emit) {
	const { HttpError } = require('../core');
	const fail = (message) => {
		throw new HttpError(400, { statusCode: 400, message });
	};
	const contacts = [...store.contacts.values()];
	let contact;
	if (spec.contactId) contact = store.contacts.get(String(spec.contactId));
	else if (spec.phone) contact = contacts.find((c) => c.phone && c.phone.replace(/\D/g, '') === String(spec.phone).replace(/\D/g, ''));
	else contact = contacts[0];
	if (!contact) fail(`no contact ${spec.contactId ? `with id ${spec.contactId}` : `with phone ${spec.phone}`}`);
	let changes = spec.changes && typeof spec.changes === 'object' ? spec.changes : undefined;
	if (!changes || Object.keys(changes).length === 0) {
		const n = (humanEditCounts.get(contact) || 0) + 1;
		humanEditCounts.set(contact, n);
		const local = [contact.firstName, contact.lastName].filter(Boolean).join('.').toLowerCase().replace(/[^a-z0-9.]/g, '') || 'contact';
		changes = { email: `${local}.${n}@example.com` };
	}
	for (const key of Object.keys(changes)) if (!HUMAN_FIELDS.includes(key)) fail(`"${key}" cannot be edited here (fields: ${HUMAN_FIELDS.join(', ')})`);
	const tagsBefore = JSON.stringify(contact.tags);
	for (const [key, value] of Object.entries(changes)) {
		if (key === 'tags') contact.tags = normalizeTags(Array.isArray(value) ? value : String(value).split(','));
		else if (key === 'customFields') {
			const defs = store.customFields.get(contact.locationId) || [];
			const byId = new Map(contact.customFields.map((f) => [f.id, f]));
			for (const [id, v] of Object.entries(value || {})) {
				if (!defs.some((d) => d.id === id)) fail(`custom field ${id} does not exist`);
				if (v === '' || v === null) byId.delete(id);
				else byId.set(id, { id, value: v });
			}
			contact.customFields = [...byId.values()];
		} else contact[key] = value === '' ? null : key === 'email' && value ? String(value).toLowerCase() : value;
	}
	syncContactName(contact);
	contact.dateUpdated = new Date().toISOString();
	const events = ['ContactUpdate', ...(JSON.stringify(contact.tags) !== tagsBefore ? ['ContactTagUpdate'] : [])];
	for (const type of events) emit(type, contact, 'human');
	return { contact: publicContact(contact), events };
}

module.exports = { startContactsSandbox, API_VERSION, humanEdit };
