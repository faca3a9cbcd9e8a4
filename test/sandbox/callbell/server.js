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
const fs = require('fs');
const path = require('path');
const { createSandboxServer, HttpError, RateLimiter } = require('../core');
const { createStore } = require('./store');
const { createSpecChecker } = require('./spec-check');
const { seedDemo, CALLBELL_DEMO } = require('./seed');
const { CONTROL_PREFIX } = require('./routes/webhooks');

const ROUTES_DIR = path.join(__dirname, 'routes');
const DEFAULT_PAGE_SIZE = 50;

/** Callbell documents no rate-limit headers: the sliding window of core.js, silently. */
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
		.flatMap((f) => {
			const routes = require(path.join(ROUTES_DIR, f));
			if (!Array.isArray(routes)) throw new Error(`routes/${f} must export an array of routes`);
			return [...routes];
		});
}

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
	const routes = loadRoutes().map((r) => ({
		...r,
		handler: (ctx) => r.handler(Object.assign(ctx, { store, pageSize })),
	}));
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
	await sandbox.listen(options.port || 0, options.host || '127.0.0.1');
	return Object.assign(sandbox, {
		store,
		pageSize,
		specViolations: () => [...violations],
		clearSpecViolations: () => {
			violations.length = 0;
		},
	});
}

module.exports = { startCallbellSandbox, CALLBELL_DEMO, DEFAULT_PAGE_SIZE };
