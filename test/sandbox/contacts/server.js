'use strict';
// The fake LeadConnector/HighLevel v2 Contacts API (Taskee Portal API) on 127.0.0.1.
// Behaves like the spec: bearer tokens with scopes, the Version header, location access,
// 422 validation with message arrays, 404s, cursor meta, documented rate-limit headers and
// 429s, fault injection, and a record of every request checked against the OpenAPI spec.
const { createSandboxServer, HttpError } = require('../core');
const { QuotaRateLimiter } = require('./quota');
const { createStore, addToken, addLocation } = require('./store');
const { createSpecChecker } = require('./spec-check');
const contactRoutes = require('./routes/contacts');
const relatedRoutes = require('./routes/related');
const lookupRoutes = require('./routes/lookups');
const oauthRoutes = require('./routes/oauth');
const { seedDemo } = require('./seed');

const API_VERSION = '2021-07-28';

function authenticate(store) {
	return (ctx) => {
		const { route, headers } = ctx;
		if (route && route.public) return undefined;
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
	const withStore = (routes) =>
		routes.map((r) => ({ ...r, handler: (ctx) => r.handler(Object.assign(ctx, { store, requireLocation: (id) => requireLocation(ctx, id) })) }));
	const sandbox = createSandboxServer({
		name: 'contacts',
		routes: withStore([...oauthRoutes, ...lookupRoutes, ...contactRoutes, ...relatedRoutes]),
		authenticate: authenticate(store),
		// The real API limits per app per location; the token stands for the app here.
		rateLimitKey: (ctx) => `${(ctx.auth && ctx.auth.token) || 'anon'}`,
		limiter,
		onRecord: (record) => {
			for (const problem of checkSpec(record)) violations.push(problem);
		},
	});
	seedDemo(store, options);
	await sandbox.listen(options.port || 0, options.host || '127.0.0.1');
	return Object.assign(sandbox, {
		store,
		addToken: (token, spec) => addToken(store, token, spec),
		addLocation: (id, spec) => addLocation(store, id, spec),
		specViolations: () => [...violations],
		clearSpecViolations: () => (violations.length = 0),
	});
}

module.exports = { startContactsSandbox, API_VERSION };
