'use strict';
// The fake Dialpad API v2 (<host>/api/v2) on 127.0.0.1, as Dialpad's OpenAPI file and docs
// describe it (see ../../../../shared/reference/dialpad-api.md for the sources):
// - Bearer API keys (401 otherwise; `?apikey=` is accepted as Dialpad does, but recorded as
//   a spec violation because it leaks keys into logs); admin-only operations answer 403 to
//   user keys.
// - Cursor pagination ({items, cursor}) with a small page size; `limit` is refused.
// - 404 for unknown records, 400 for invalid input and unknown fields (Dialpad documents 400
//   for bad parameters; the sandbox also answers 422 nowhere, as Dialpad's docs list none).
// - 429 above 20 requests/second per company and above the per-minute endpoint limits
//   (GET /call/{id}: 10; contact create/upsert, POST /sms, POST /webhooks: 100), without any
//   rate-limit headers (none are documented).
// - int64 IDs are written as JSON numbers, beyond 2^53 where the seed says so.
// - Webhooks and call/SMS/contact subscriptions; deliver.js sends signed events to them.
const path = require('path');
const { createSandboxServer, listenSandbox, loadRoutes, HttpError, SilentRateLimiter, RawJson } = require('../core');
const { createStore } = require('./store');
const { seedDemo, DIALPAD_DEMO } = require('./seed');
const { fail } = require('./validate');
const { createEmitter } = require('../emitter');

const ROUTES_DIR = path.join(__dirname, 'routes');
const DEFAULT_PAGE_SIZE = 5;
/** Fields that hold int64 IDs; digit strings there are written as bare JSON numbers. */
const INT64_FIELDS = new Set(['id', 'call_id', 'master_call_id', 'entry_point_call_id', 'operator_call_id', 'owner_id', 'office_id', 'target_id', 'user_id', 'group_id', 'company_id', 'sender_id']);

/** JSON with int64 fields as numbers (JSON.stringify cannot write numbers beyond 2^53). */
function toDialpadJson(value) {
	const marker = '\u0000int64:';
	const text = JSON.stringify(value, function replacer(key, v) {
		return INT64_FIELDS.has(key) && typeof v === 'string' && /^\d{1,19}$/.test(v) ? `${marker}${v}` : v;
	});
	return text.replace(/"\\u0000int64:(\d+)"/g, '$1');
}

/**
 * Reads a request body keeping every integer exact: an unquoted integer of 16+ digits (where
 * a JavaScript number could round) becomes { $int64: "digits" }, so the routes can check the
 * digits a client sent and tell a JSON number from a string. Text inside strings is skipped.
 */
function parseExactJson(text) {
	let out = '';
	let inString = false;
	let start = 0;
	const wrap = (segment) => segment.replace(/([:[,]\s*)(\d{16,})(?=\s*[,}\]])/g, '$1{"$int64":"$2"}');
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (inString) {
			if (ch === '\\') i++;
			else if (ch === '"') {
				inString = false;
				out += text.slice(start, i + 1);
				start = i + 1;
			}
		} else if (ch === '"') {
			out += wrap(text.slice(start, i));
			start = i;
			inString = true;
		}
	}
	out += inString ? text.slice(start) : wrap(text.slice(start));
	return JSON.parse(out);
}

function authenticate(store, violations) {
	return (ctx) => {
		if (ctx.route && ctx.route.public) return undefined;
		const match = /^Bearer\s+(.+)$/i.exec(String(ctx.headers.authorization || ''));
		let key = match && match[1].trim();
		if (!key && ctx.query.apikey) {
			violations.push(`${ctx.record.method} ${ctx.record.path}: API key sent in the query string (leaks into logs)`);
			key = ctx.query.apikey;
			delete ctx.query.apikey;
		}
		const account = key && store.apiKeys.get(key);
		if (!account) throw fail(401, 'Invalid or missing API key', 'unauthorized');
		if (account.revoked) throw fail(401, `The API key ${key} has been revoked`, 'unauthorized');
		return account;
	};
}

/**
 * startDialpadSandbox({ port, host, seed: 'demo' | 'empty', contacts, pageSize,
 *   rateLimit: { max, intervalMs, enabled }, endpointLimits: boolean })
 * Resolves to { url, port, store, requests, faults, limiter, specViolations(), close(), … }.
 */
async function startDialpadSandbox(options = {}) {
	const store = createStore();
	const pageSize = options.pageSize || DEFAULT_PAGE_SIZE;
	const violations = [];
	const limiter = new SilentRateLimiter({ max: 20, intervalMs: 1000, ...(options.rateLimit || {}) });
	if (options.rateLimit && options.rateLimit.enabled === false) limiter.enabled = false;
	const endpointLimiter = new SilentRateLimiter({ max: 1, intervalMs: 60_000 });
	endpointLimiter.enabled = options.endpointLimits !== false;
	// Contact events are built when the write happens (the contact as it is then) and sent to
	// the matching subscriptions after the delay (deliver.js signs them per webhook).
	// deliver.js needs this module's toDialpadJson: required here, once both are loaded.
	const { deliverEvent } = require('./deliver');
	const webhooks = createEmitter({ delayMs: options.webhookDelayMs, send: (event) => deliverEvent(sandbox, event).then((rows) => rows.map((d) => ({ url: d.url, status: d.status, answer: d.body }))) });
	const emit = (event, contact, origin = 'api') => webhooks.emit({ event, contact: structuredClone(contact) }, { recordId: contact.id, origin, name: `contact ${event}` });
	const routes = loadRoutes(ROUTES_DIR).map((r) => ({
		...r,
		async handler(ctx) {
			if (r.limitPerMinute) {
				endpointLimiter.max = r.limitPerMinute;
				const key = `${ctx.auth.key} ${r.method} ${r.path}`;
				if (!endpointLimiter.check(key).allowed) throw fail(429, 'Rate limit exceeded', 'rateLimitExceeded');
			}
			const existed = r.method === 'PUT' && r.path === '/api/v2/contacts' && ctx.body && typeof ctx.body.uid === 'string' && store.contacts.some((c) => c.id === `shared_contact_uid_${ctx.body.uid}`);
			const result = (await r.handler(Object.assign(ctx, { store, pageSize }))) || {};
			const event = contactEventOf(r, result, existed);
			if (event) emit(event, result.body);
			return result.body === undefined ? result : { ...result, body: new RawJson(toDialpadJson(result.body)) };
		},
	}));
	routes.push({
		method: 'POST',
		path: '/__sandbox/human-edit',
		public: true,
		handler: (ctx) => ({ body: new RawJson(toDialpadJson(humanEdit(store, ctx.body, emit))) }),
	});
	const sandbox = createSandboxServer({
		name: 'dialpad',
		routes,
		parseJson: parseExactJson,
		authenticate: authenticate(store, violations),
		rateLimitKey: () => 'company',
		limiter,
		onRecord(record) {
			if (record.path.startsWith('/__sandbox/')) return; // the sandbox's own admin routes
			const hasBody = record.rawBody.length > 0;
			if (hasBody && !String(record.headers['content-type'] || '').includes('application/json')) {
				violations.push(`${record.method} ${record.path}: body sent without Content-Type application/json`);
			}
			if (record.query.limit !== undefined) violations.push(`${record.method} ${record.path}: sent the deprecated limit parameter`);
		},
	});
	seedDemo(store, options);
	return await listenSandbox(sandbox, { options, store, webhooks, humanEdit: (spec) => humanEdit(store, spec, emit), violations }, { pageSize, endpointLimiter });
}

/** The contact event of a successful contact write: Created, Updated or Deleted (also when nothing changed). */
function contactEventOf(route, result, existed) {
	if ((result.status || 200) >= 300 || !result.body || !route.path.startsWith('/api/v2/contacts')) return undefined;
	if (route.method === 'POST' && route.path === '/api/v2/contacts') return 'Created';
	if (route.method === 'PUT' && route.path === '/api/v2/contacts') return existed ? 'Updated' : 'Created';
	if (route.method === 'PATCH') return 'Updated';
	if (route.method === 'DELETE') return 'Deleted';
	return undefined;
}

// ---- Human edits: what someone does to a contact in the Dialpad app (then Dialpad sends "Updated").
const HUMAN_FIELDS = ['first_name', 'last_name', 'company_name', 'job_title', 'emails', 'phones'];
const humanEditCounts = new WeakMap();
const COMPANIES = ['Northwind Traders', 'Contoso Ltd', 'Fabrikam Inc', 'Initech', 'Globex'];

/**
 * humanEdit(store, { id | uid | phone, changes: { first_name?, last_name?, company_name?, job_title?, emails?, phones? } }, emit)
 * → the contact. Without changes, the company moves to the next of a few names.
 */
function humanEdit(store, spec = {}, emit) {
	const bad = (message) => fail(400, message, 'invalidArgument');
	const digits = (v) => String(v || '').replace(/\D/g, '');
	let contact;
	if (spec.id) contact = store.contacts.find((c) => c.id === String(spec.id));
	else if (spec.uid) contact = store.contacts.find((c) => c.id === `shared_contact_uid_${spec.uid}`);
	else if (spec.phone) contact = store.contacts.find((c) => c.phones.some((p) => digits(p) === digits(spec.phone)));
	else contact = [...store.contacts].reverse().find((c) => c.id.startsWith('shared_contact_uid_')) || store.contacts.find((c) => c.type === 'shared');
	if (!contact) throw bad(`no contact ${spec.id || spec.uid || spec.phone || ''}`.trim());
	let changes = spec.changes && typeof spec.changes === 'object' ? spec.changes : undefined;
	if (!changes || Object.keys(changes).length === 0) {
		const n = (humanEditCounts.get(contact) || 0) + 1;
		humanEditCounts.set(contact, n);
		changes = { company_name: COMPANIES[(COMPANIES.indexOf(contact.company_name) + 1) % COMPANIES.length] };
	}
	for (const [key, value] of Object.entries(changes)) {
		if (!HUMAN_FIELDS.includes(key)) throw bad(`"${key}" cannot be edited here (fields: ${HUMAN_FIELDS.join(', ')})`);
		if (key === 'emails' || key === 'phones') contact[key] = (Array.isArray(value) ? value : [value]).filter(Boolean).map(String);
		else if ((key === 'first_name' || key === 'last_name') && !String(value || '').trim()) throw bad(`${key} cannot be cleared`);
		else contact[key] = value === '' || value === null ? null : String(value);
	}
	contact.display_name = `${contact.first_name} ${contact.last_name}`.trim();
	contact.primary_phone = contact.phones[0] || null;
	contact.primary_email = contact.emails[0] || null;
	emit('Updated', contact, 'human');
	return contact;
}

module.exports = { humanEdit, startDialpadSandbox, DIALPAD_DEMO, DEFAULT_PAGE_SIZE, toDialpadJson, HttpError };
