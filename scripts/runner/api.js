'use strict';
// A small client for a running n8n: the editor's REST API (/rest, cookie auth) and the
// public API (/api/v1, X-N8N-API-KEY). Node 20's global fetch; no dependencies.
const crypto = require('crypto');

/** What n8n's API-key dialog grants, minus what the community edition refuses. */
const DEFAULT_API_KEY_SCOPES = [
	'workflow:create',
	'workflow:read',
	'workflow:list',
	'workflow:update',
	'workflow:delete',
	'workflow:activate',
	'workflow:deactivate',
	'execution:read',
	'execution:list',
	'execution:delete',
	'credential:create',
	'credential:delete',
];

class N8nApiError extends Error {
	constructor(method, path, status, body) {
		const detail = body && typeof body === 'object' ? body.message || JSON.stringify(body) : String(body).slice(0, 500);
		super(`${method} ${path} → ${status}: ${detail}`);
		this.status = status;
		this.body = body;
	}
}

/**
 * Node's fetch keeps idle sockets for about 4 s and n8n's server closes them after 5 s, but
 * undici checks its idle timers about once a second: a request sent on a socket the server is
 * closing fails with UND_ERR_SOCKET "other side closed" (or ECONNRESET) before the server has
 * read it (seen once in CI, on the first request after a quiet spell). A request whose socket
 * was closed under it is sent once more, on a new socket; a refused connection or an error answer
 * is never repeated. (The codes are two of nodes/shared/retry.ts's list; this plain-JS runner
 * cannot import that TypeScript module, and the others there are not a closing idle socket.)
 */
async function fetchOnFreshSocket(url, init) {
	try {
		return await fetch(url, init);
	} catch (error) {
		const code = error && error.cause && error.cause.code;
		if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
		return await fetch(url, init);
	}
}

class N8nApi {
	/** @param {string} url e.g. http://127.0.0.1:5678 */
	constructor(url, options = {}) {
		this.url = url.replace(/\/+$/, '');
		this.cookie = options.cookie;
		this.apiKey = options.apiKey;
		// n8n binds its auth cookie to the browser-id header it was issued with.
		this.browserId = options.browserId || crypto.randomUUID();
	}

	/**
	 * request(method, path, { body, auth: 'cookie'|'apiKey'|'none', headers, raw })
	 * Resolves to the parsed JSON body (the `data` envelope of /rest answers is unwrapped);
	 * with raw: true to { status, headers, body } without throwing on errors.
	 */
	async request(method, path, options = {}) {
		const auth = options.auth || (path.startsWith('/api/') ? 'apiKey' : 'cookie');
		const headers = { accept: 'application/json', 'browser-id': this.browserId, ...(options.headers || {}) };
		if (auth === 'cookie' && this.cookie) headers.cookie = this.cookie;
		if (auth === 'apiKey') {
			if (!this.apiKey) throw new Error(`${method} ${path}: no API key (call createApiKey first)`);
			headers['x-n8n-api-key'] = this.apiKey;
		}
		let body;
		if (options.body !== undefined) {
			headers['content-type'] = 'application/json';
			body = JSON.stringify(options.body);
		}
		const res = await fetchOnFreshSocket(this.url + path, { method, headers, body, redirect: 'manual' });
		const setCookie = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		const authCookie = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (authCookie) this.cookie = authCookie;
		const text = await res.text();
		let parsed = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			/* keep text */
		}
		if (options.raw) return { status: res.status, headers: res.headers, body: parsed };
		if (!res.ok) throw new N8nApiError(method, path, res.status, parsed);
		if (path.startsWith('/rest/') && parsed && typeof parsed === 'object' && 'data' in parsed) return parsed.data;
		return parsed;
	}

	// ---- owner, login, API key -------------------------------------------------------------

	/** POST /rest/owner/setup; keeps the n8n-auth cookie. Resolves to the user. */
	async setupOwner({ email, password, firstName = 'Demo', lastName = 'Owner' }) {
		return this.request('POST', '/rest/owner/setup', { body: { email, password, firstName, lastName }, auth: 'none' });
	}

	/** POST /rest/login; keeps the cookie. */
	async login({ email, password }) {
		return this.request('POST', '/rest/login', { body: { emailOrLdapLoginId: email, password }, auth: 'none' });
	}

	/** Sets the owner up, or logs in when an owner exists already. Resolves to { user, created }. */
	async ensureOwner(owner) {
		const settings = await this.request('GET', '/rest/settings', { auth: 'none' });
		const needsSetup = settings && settings.userManagement && settings.userManagement.showSetupOnFirstLoad;
		if (needsSetup) return { user: await this.setupOwner(owner), created: true };
		return { user: await this.login(owner), created: false };
	}

	/** POST /rest/api-keys → the raw key (also kept for the public API). */
	async createApiKey({ label = `e2e-${Date.now()}`, scopes = DEFAULT_API_KEY_SCOPES, expiresAt = null } = {}) {
		const data = await this.request('POST', '/rest/api-keys', { body: { label, scopes, expiresAt } });
		this.apiKey = data.rawApiKey;
		return this.apiKey;
	}

	// ---- types -----------------------------------------------------------------------------

	/** GET /types/nodes.json: every loaded node type description. */
	async nodeTypes() {
		return this.request('GET', '/types/nodes.json', { auth: 'cookie' });
	}

	/** GET /types/credentials.json: every loaded credential type. */
	async credentialTypes() {
		return this.request('GET', '/types/credentials.json', { auth: 'cookie' });
	}

	// ---- credentials -----------------------------------------------------------------------

	/** POST /api/v1/credentials (public API; falls back to /rest/credentials without a key). */
	async createCredential({ name, type, data }) {
		if (this.apiKey) return this.request('POST', '/api/v1/credentials', { body: { name, type, data } });
		return this.request('POST', '/rest/credentials', { body: { name, type, data } });
	}

	async listCredentials() {
		return this.request('GET', '/rest/credentials');
	}

	async deleteCredential(id) {
		return this.request('DELETE', `/rest/credentials/${id}`);
	}

	/**
	 * The editor's "Test" button: POST /rest/credentials/test with { credentials: {id, name,
	 * type, data} }. n8n 2.41 tests stored credentials only (id required) and tests exactly the
	 * `data` sent (secrets may stay redacted: n8n fills them from the stored copy), so like the
	 * dialog we first read the stored data (GET /rest/credentials/:id?includeData=true) and
	 * overlay `data` (unsaved edits). Resolves to { status: 'OK' | 'Error', message }.
	 */
	async testCredential(id, data = {}) {
		const stored = await this.request('GET', `/rest/credentials/${id}?includeData=true`);
		return this.request('POST', '/rest/credentials/test', {
			body: { credentials: { id, name: stored.name, type: stored.type, data: { ...(stored.data || {}), ...data } } },
		});
	}

	// ---- workflows -------------------------------------------------------------------------

	/** POST /api/v1/workflows (name, nodes, connections, settings[, pinData via REST]). */
	async createWorkflow(workflow) {
		const body = {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections || {},
			settings: workflow.settings || { executionOrder: 'v1' },
		};
		if (workflow.pinData || !this.apiKey) {
			// The public API's schema has no pinData; the editor's endpoint keeps it.
			return this.request('POST', '/rest/workflows', { body: { ...body, pinData: workflow.pinData, active: false } });
		}
		return this.request('POST', '/api/v1/workflows', { body });
	}

	async getWorkflow(id) {
		return this.request('GET', `/rest/workflows/${id}`);
	}

	/** POST /api/v1/workflows/{id}/activate (publishes the current version in 2.x). */
	async activateWorkflow(id) {
		return this.request('POST', `/api/v1/workflows/${id}/activate`);
	}

	async deactivateWorkflow(id) {
		return this.request('POST', `/api/v1/workflows/${id}/deactivate`);
	}

	async deleteWorkflow(id) {
		if (this.apiKey) return this.request('DELETE', `/api/v1/workflows/${id}`);
		await this.request('POST', `/rest/workflows/${id}/archive`).catch(() => undefined);
		return this.request('DELETE', `/rest/workflows/${id}`);
	}

	/** Imports a workflow JSON export (examples/*.json): POST /rest/workflows, inactive. */
	async importWorkflow(json) {
		const { name, nodes, connections, settings, pinData, staticData, meta, tags } = json;
		return this.request('POST', '/rest/workflows', {
			body: { name, nodes, connections, settings: settings || { executionOrder: 'v1' }, pinData, staticData, meta, active: false },
		}).then(async (wf) => {
			void tags;
			return wf;
		});
	}

	async listWorkflows() {
		return this.request('GET', '/rest/workflows');
	}

	/**
	 * The editor's "Execute workflow": POST /rest/workflows/:id/run with triggerToStartFrom.
	 * Uses the stored workflow (and its pinData). Resolves to the execution id.
	 */
	async runWorkflowManually(id, { triggerName, destinationNode } = {}) {
		const body = triggerName
			? { triggerToStartFrom: { name: triggerName }, ...(destinationNode ? { destinationNode: { nodeName: destinationNode, mode: 'inclusive' } } : {}) }
			: { destinationNode: { nodeName: destinationNode, mode: 'inclusive' } };
		const result = await this.request('POST', `/rest/workflows/${id}/run`, { body });
		if (!result || !result.executionId) throw new Error(`manual run of workflow ${id} started no execution: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	// ---- webhooks --------------------------------------------------------------------------

	/**
	 * Calls a production webhook (/webhook/<path>). Right after activation the route may
	 * answer 404 for about a second, so 404s are retried until retryMs. Resolves to
	 * { status, headers, body } (body parsed as JSON when it is JSON).
	 */
	async callWebhook(path, { method = 'POST', body, headers = {}, retryMs = 10000, test = false } = {}) {
		const url = `${this.url}/${test ? 'webhook-test' : 'webhook'}/${path.replace(/^\/+/, '')}`;
		const deadline = Date.now() + retryMs;
		for (;;) {
			const init = { method, headers: { ...headers } };
			if (body !== undefined) {
				init.headers['content-type'] = init.headers['content-type'] || 'application/json';
				init.body = typeof body === 'string' ? body : JSON.stringify(body);
			}
			const res = await fetch(url, init);
			const text = await res.text();
			if (res.status === 404 && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, 200));
				continue;
			}
			let parsed = text;
			try {
				parsed = text ? JSON.parse(text) : undefined;
			} catch {
				/* keep text */
			}
			return { status: res.status, headers: res.headers, body: parsed };
		}
	}

	// ---- executions ------------------------------------------------------------------------

	/** GET /api/v1/executions/{id}?includeData=… (parsed run data). */
	async getExecution(id, { includeData = true } = {}) {
		return this.request('GET', `/api/v1/executions/${id}?includeData=${includeData}`);
	}

	/** GET /api/v1/executions with filters { workflowId, status, includeData, limit }. */
	async listExecutions({ workflowId, status, includeData = false, limit = 100 } = {}) {
		const qs = new URLSearchParams({ includeData: String(includeData), limit: String(limit) });
		if (workflowId) qs.set('workflowId', String(workflowId));
		if (status) qs.set('status', status);
		const res = await this.request('GET', `/api/v1/executions?${qs}`);
		return res.data;
	}

	/** Polls an execution until it is finished (any status but new/running/waiting). */
	async waitForExecution(id, { timeoutMs = 60000, intervalMs = 100 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await this.request('GET', `/api/v1/executions/${id}?includeData=true`, { raw: true });
			if (res.status === 200 && res.body && !['new', 'running', 'waiting', 'unknown'].includes(res.body.status) && res.body.stoppedAt) {
				return res.body;
			}
			if (res.status !== 200 && res.status !== 404) throw new N8nApiError('GET', `/api/v1/executions/${id}`, res.status, res.body);
			if (Date.now() > deadline) throw new Error(`execution ${id} did not finish within ${timeoutMs} ms (last: ${JSON.stringify(res.body && res.body.status)})`);
			await new Promise((r) => setTimeout(r, intervalMs));
		}
	}

	/** Waits for the single/latest execution of a workflow to finish. */
	async waitForWorkflowExecution(workflowId, { timeoutMs = 60000, intervalMs = 100 } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = await this.listExecutions({ workflowId, limit: 1 });
			if (list.length > 0) return this.waitForExecution(list[0].id, { timeoutMs: Math.max(1000, deadline - Date.now()), intervalMs });
			if (Date.now() > deadline) throw new Error(`no execution of workflow ${workflowId} within ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, intervalMs));
		}
	}
}

module.exports = { N8nApi, N8nApiError, DEFAULT_API_KEY_SCOPES };
