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
const fs = require('fs');
const path = require('path');
const { createSandboxServer, HttpError, RateLimiter, RawJson } = require('../core');
const { createStore } = require('./store');
const { seedDemo, DIALPAD_DEMO } = require('./seed');
const { fail } = require('./validate');

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

/** Rate limits without headers: Dialpad documents none. */
class SilentRateLimiter extends RateLimiter {
	check(key, now) {
		const { allowed } = super.check(key, now);
		return { allowed, headers: {} };
	}
}

function loadRoutes() {
	return fs
		.readdirSync(ROUTES_DIR)
		.filter((f) => f.endsWith('.js'))
		.sort()
		.flatMap((f) => require(path.join(ROUTES_DIR, f)));
}

function authenticate(store, violations) {
	return (ctx) => {
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
	const routes = loadRoutes().map((r) => ({
		...r,
		async handler(ctx) {
			if (r.limitPerMinute) {
				endpointLimiter.max = r.limitPerMinute;
				const key = `${ctx.auth.key} ${r.method} ${r.path}`;
				if (!endpointLimiter.check(key).allowed) throw fail(429, 'Rate limit exceeded', 'rateLimitExceeded');
			}
			const result = (await r.handler(Object.assign(ctx, { store, pageSize }))) || {};
			return result.body === undefined ? result : { ...result, body: new RawJson(toDialpadJson(result.body)) };
		},
	}));
	const sandbox = createSandboxServer({
		name: 'dialpad',
		routes,
		parseJson: parseExactJson,
		authenticate: authenticate(store, violations),
		rateLimitKey: () => 'company',
		limiter,
		onRecord(record) {
			const hasBody = record.rawBody.length > 0;
			if (hasBody && !String(record.headers['content-type'] || '').includes('application/json')) {
				violations.push(`${record.method} ${record.path}: body sent without Content-Type application/json`);
			}
			if (record.query.limit !== undefined) violations.push(`${record.method} ${record.path}: sent the deprecated limit parameter`);
		},
	});
	seedDemo(store, options);
	await sandbox.listen(options.port || 0, options.host || '127.0.0.1');
	return Object.assign(sandbox, {
		store,
		pageSize,
		endpointLimiter,
		specViolations: () => [...violations],
		clearSpecViolations: () => {
			violations.length = 0;
		},
	});
}

module.exports = { startDialpadSandbox, DIALPAD_DEMO, DEFAULT_PAGE_SIZE, toDialpadJson, HttpError };
