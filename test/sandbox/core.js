'use strict';
// A small HTTP framework for the fake APIs: routing with path params, JSON bodies, request
// recording, a sliding-window rate limiter with the documented headers, and fault injection.
// Plain CommonJS so the start command, the benchmarks and jest can all load it as is.
const fs = require('fs');
const http = require('http');
const path = require('path');

class HttpError extends Error {
	constructor(status, body, headers = {}) {
		super(typeof body === 'string' ? body : JSON.stringify(body));
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

/** JSON text sent as is (for numbers JSON.stringify cannot write, such as int64 IDs). */
class RawJson {
	constructor(text) {
		this.text = text;
	}
}

function compilePath(pattern) {
	const names = [];
	const source = pattern
		.split('/')
		.map((part) => {
			if (part.startsWith(':')) {
				names.push(part.slice(1));
				return '([^/]+)';
			}
			return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		})
		.join('/');
	return { regex: new RegExp(`^${source}$`), names };
}

/**
 * Fault injection. Each fault answers (or breaks) the next `count` requests that match it:
 * kind '429' | '500' | '502' | '503' | 'reset' (socket destroyed before any answer) |
 * 'reset-after' (the request is handled, then the socket is destroyed: an ambiguous failure)
 * | 'slow' (delayMs before handling) | 'replay' (the answer the same method and path got last
 * time, byte for byte: a server or caching proxy repeating itself, e.g. the next page with
 * the previous page's cursor). `skip: n` lets n matching requests through first.
 */
class Faults {
	constructor() {
		this.queue = [];
	}
	inject(fault) {
		this.queue.push({ count: 1, ...fault });
	}
	clear() {
		this.queue = [];
	}
	take(req) {
		const fault = this.queue.find(
			(f) =>
				f.count > 0 &&
				(!f.method || f.method === req.method) &&
				(!f.path || (f.path instanceof RegExp ? f.path.test(req.path) : f.path === req.path)) &&
				// `skip`: let that many matching requests through first.
				!(f.skip > 0 && f.skip-- > 0),
		);
		if (!fault) return undefined;
		fault.count -= 1;
		if (fault.count <= 0) this.queue = this.queue.filter((f) => f !== fault);
		return fault;
	}
}

/** Sliding window per key, as the Contacts API documents it (burst N per interval). */
class RateLimiter {
	constructor({ max = 100, intervalMs = 10_000, daily = 200_000, retryAfter = false } = {}) {
		this.max = max;
		this.intervalMs = intervalMs;
		this.daily = daily;
		this.retryAfter = retryAfter;
		this.windows = new Map();
		this.dayCounts = new Map();
		this.enabled = true;
	}
	configure(options) {
		Object.assign(this, options);
		this.windows.clear();
	}
	check(key, now = Date.now()) {
		const hits = (this.windows.get(key) || []).filter((t) => now - t < this.intervalMs);
		const day = this.dayCounts.get(key) || 0;
		const allowed = !this.enabled || hits.length < this.max;
		if (allowed) {
			hits.push(now);
			this.dayCounts.set(key, day + 1);
		}
		this.windows.set(key, hits);
		const headers = {
			'X-RateLimit-Max': String(this.max),
			'X-RateLimit-Remaining': String(Math.max(0, this.max - hits.length)),
			'X-RateLimit-Interval-Milliseconds': String(this.intervalMs),
			'X-RateLimit-Limit-Daily': String(this.daily),
			'X-RateLimit-Daily-Remaining': String(Math.max(0, this.daily - (this.dayCounts.get(key) || 0))),
		};
		if (!allowed && this.retryAfter) {
			const waitMs = this.intervalMs - (now - hits[0]);
			headers['Retry-After'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
		}
		return { allowed, headers };
	}
}

/**
 * createServer({ routes, authenticate, rateLimitKey, limiter, name, parseJson })
 * parseJson reads request bodies (JSON.parse unless the API needs exact big integers).
 * routes: [{ method, path: '/contacts/:contactId', handler(ctx) -> { status?, body?, headers? } }]
 * authenticate(ctx) may throw HttpError; it returns an identity stored on ctx.auth.
 */
function createSandboxServer({ name, routes, authenticate, rateLimitKey, limiter, onRecord, parseJson = JSON.parse }) {
	const compiled = routes.map((r) => ({ ...r, ...compilePath(r.path) }));
	const faults = new Faults();
	/** The last answer per "METHOD /path", for 'replay' faults. */
	const lastAnswers = new Map();
	const requests = [];
	const sockets = new Set();

	async function handle(req, res) {
		const url = new URL(req.url, 'http://sandbox');
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const raw = Buffer.concat(chunks).toString('utf8');
		const record = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
			queryAll: [...url.searchParams.entries()],
			headers: req.headers,
			rawBody: raw,
			body: undefined,
			status: undefined,
			at: Date.now(),
		};
		requests.push(record);
		const send = (status, body, headers = {}) => {
			record.status = status;
			if (onRecord) onRecord(record);
			// A sandbox may hand over JSON text it wrote itself (e.g. int64 IDs beyond 2^53).
			const payload = body === undefined ? '' : body instanceof RawJson ? body.text : JSON.stringify(body);
			res.writeHead(status, {
				...headers,
				...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
			});
			res.end(payload);
		};

		const fault = faults.take(record);
		const answerKey = `${req.method} ${url.pathname}`;
		if (fault && fault.kind === 'replay' && lastAnswers.has(answerKey)) {
			const last = lastAnswers.get(answerKey);
			record.replayed = true;
			try {
				if (raw.length > 0) record.body = parseJson(raw);
			} catch {
				// an unparsable body stays unrecorded
			}
			return send(last.status, last.body, last.headers);
		}
		if (fault && fault.kind === 'reset') {
			record.status = 'reset';
			req.socket.destroy();
			return;
		}
		if (fault && fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs || 1000));
		if (fault && /^\d{3}$/.test(fault.kind)) {
			// Keep the body in the record (spec checks and tests read it) even though the fault answers.
			try {
				if (raw.length > 0) record.body = parseJson(raw);
			} catch {
				// an unparsable body stays unrecorded, as before
			}
			const status = Number(fault.kind);
			return send(status, { statusCode: status, message: fault.message || http.STATUS_CODES[status] }, fault.headers);
		}

		let extraHeaders = {};
		try {
			// Form bodies (the OAuth token endpoint) are read by their route from rawBody.
			const form = String(req.headers['content-type'] || '').includes('application/x-www-form-urlencoded');
			if (raw.length > 0 && !form) {
				try {
					record.body = parseJson(raw);
				} catch {
					throw new HttpError(400, { statusCode: 400, message: 'Body is not valid JSON' });
				}
			}
			const route = compiled.find((r) => r.method === req.method && r.regex.test(url.pathname));
			const params = {};
			if (route) {
				const m = route.regex.exec(url.pathname);
				route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
			}
			const ctx = { req, record, params, query: record.query, body: record.body ?? {}, headers: req.headers, route };
			ctx.auth = authenticate ? authenticate(ctx) : undefined;
			if (limiter) {
				const { allowed, headers } = limiter.check(rateLimitKey ? rateLimitKey(ctx) : 'all');
				extraHeaders = headers;
				if (!allowed) throw new HttpError(429, { statusCode: 429, message: 'Too many requests' }, headers);
			}
			if (!route) throw new HttpError(404, { statusCode: 404, message: `Cannot ${req.method} ${url.pathname}` });
			const result = (await route.handler(ctx)) || {};
			if (fault && fault.kind === 'reset-after') {
				record.status = 'reset-after';
				req.socket.destroy();
				return;
			}
			const headers = { ...extraHeaders, ...(result.headers || {}) };
			lastAnswers.set(answerKey, { status: result.status || 200, body: result.body, headers });
			send(result.status || 200, result.body, headers);
		} catch (error) {
			if (error instanceof HttpError) return send(error.status, error.body, { ...extraHeaders, ...error.headers });
			send(500, { statusCode: 500, message: 'Internal sandbox error', detail: String(error && error.stack) });
		}
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch(() => res.destroy());
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	server.keepAliveTimeout = 5000;

	return {
		name,
		server,
		faults,
		requests,
		limiter,
		async listen(port = 0, host = '127.0.0.1') {
			await new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, resolve);
			});
			const address = server.address();
			this.port = address.port;
			this.url = `http://${host}:${address.port}`;
			return this;
		},
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise((resolve) => server.close(() => resolve()));
		},
		clearRequests() {
			requests.length = 0;
		},
	};
}

/**
 * listenSandbox(sandbox, { options, store, webhooks, humanEdit, violations }, more) → sandbox
 * Starts a createSandboxServer() server on options.port / options.host (default: a free port
 * of 127.0.0.1) and adds what every service sandbox has: its store, its webhook sender
 * (stopped by close(), so deliveries not sent yet are dropped with the sandbox), human edits
 * and the spec violations seen; `more` adds the service's own members.
 */
async function listenSandbox(sandbox, { options, store, webhooks, humanEdit, violations }, more = {}) {
	await sandbox.listen(options.port || 0, options.host || '127.0.0.1');
	const closeServer = sandbox.close;
	return Object.assign(sandbox, {
		store,
		async close() {
			webhooks.stop();
			await closeServer();
		},
		webhooks,
		humanEdit,
		specViolations: () => [...violations],
		clearSpecViolations: () => {
			violations.length = 0;
		},
		...more,
	});
}

/** A rate limiter that sends no headers, for APIs that document none (Callbell, Dialpad). */
class SilentRateLimiter extends RateLimiter {
	check(key, now) {
		const { allowed } = super.check(key, now);
		return { allowed, headers: {} };
	}
}

/** The routes of every .js file of a sandbox's routes/ folder (each exports an array), by file name. */
function loadRoutes(dir) {
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.js'))
		.sort()
		.flatMap((f) => {
			const routes = require(path.join(dir, f));
			if (!Array.isArray(routes)) throw new Error(`routes/${f} must export an array of routes`);
			return [...routes];
		});
}

module.exports = { createSandboxServer, listenSandbox, loadRoutes, HttpError, RateLimiter, SilentRateLimiter, Faults, RawJson };
