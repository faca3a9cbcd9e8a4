import { createHash, randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiBaseOf, DialpadInteger, dialpadApiRequest, fetchAllPages, getConnection, pathSegment } from '../Dialpad/transport';
import { readLifecycle, writeLifecycle } from '../shared/triggers/lifecycle';
import { EVENT_VALUES } from './description';

/**
 * The trigger's webhook and subscriptions at Dialpad (SPEC: POST /webhooks, POST
 * /subscriptions/{call,sms,contact}, their GET and DELETE). Activation creates one webhook
 * pointing at this node's URL with a secret generated for it, then one subscription per kind
 * of event chosen. What was created (IDs, the secret, the settings it was made for) is kept
 * in the workflow's static data, which n8n stores in its database, so every process and
 * every restart sees the same record.
 *
 * Ownership: the node only ever deletes (a) the IDs in its record and (b) webhooks whose
 * hook_url is exactly this node's URL (which holds the node's own webhook ID, so nobody else
 * receives events there) together with the subscriptions pointing at them. (b) covers what
 * a lost record left behind, e.g. after a test run (n8n does not keep static data written
 * while listening for a test event). Subscriptions of other webhooks are never touched.
 */

export type Kind = 'call' | 'sms' | 'contact';

export interface Registration {
	webhookId: string;
	/** The JWT secret Dialpad signs deliveries with. Never output or logged. */
	secret: string;
	url: string;
	subscriptions: Array<{ kind: Kind; id: string }>;
	/** Digest of the settings and account it was made for (see settingsKey). */
	settings: string;
	account: string;
}

export interface TriggerConfig {
	events: string[];
	targetType: 'company' | 'office' | 'user';
	targetId?: string;
	contactType: 'shared' | 'local';
	includeInternal: boolean;
}

/** The lifecycle record's name (../shared/triggers/lifecycle.ts). */
const LIFECYCLE = 'dialpad';
/** Where versions before the lifecycle record kept the registration ('node' static data). */
const LEGACY_KEY = 'dialpadWebhook';

function isRegistration(value: unknown): value is Registration {
	const r = value as Registration | undefined;
	return !!r && typeof r.webhookId === 'string' && typeof r.secret === 'string' && Array.isArray(r.subscriptions);
}

/**
 * The registration the newest lifecycle record holds (a record of an older version counts).
 * Generation-counted, so a stale whole-object save of static data (a delivery or execution
 * that loaded it before an activation) cannot roll back what the hooks see on the process
 * that runs them; everything else checks Dialpad.
 */
export function storedRegistration(ctx: IHookFunctions | IWebhookFunctions): Registration | undefined {
	const record = readLifecycle<Registration>(ctx, LIFECYCLE);
	if (record) return isRegistration(record.value) ? record.value : undefined;
	const legacy = ctx.getWorkflowStaticData('node')[LEGACY_KEY];
	return isRegistration(legacy) ? legacy : undefined;
}

function save(ctx: IHookFunctions, registration: Registration): void {
	writeLifecycle(ctx, LIFECYCLE, { ...registration, subscriptions: [...registration.subscriptions] });
	delete ctx.getWorkflowStaticData('node')[LEGACY_KEY];
}

function forget(ctx: IHookFunctions): void {
	writeLifecycle<Registration>(ctx, LIFECYCLE, undefined);
	delete ctx.getWorkflowStaticData('node')[LEGACY_KEY];
}

/** The account the credential points at, without storing the key itself. */
export function accountKey(credentials: IDataObject): string {
	return createHash('sha256').update(`${apiBaseOf(credentials)}\n${String(credentials.apiKey ?? '')}`).digest('hex').slice(0, 32);
}

export function settingsKey(config: TriggerConfig, url: string): string {
	const normal = { ...config, events: [...config.events].sort(), url };
	return createHash('sha256').update(JSON.stringify(normal)).digest('hex').slice(0, 32);
}

function webhookUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n gave this trigger no webhook URL');
	return url;
}

/** The node's settings, checked before anything is sent. */
export function readConfig(ctx: IHookFunctions): TriggerConfig {
	const raw = ctx.getNodeParameter('events', []) as unknown;
	const events = Array.isArray(raw) ? [...new Set(raw.map(String))] : [];
	if (events.length === 0) throw new NodeOperationError(ctx.getNode(), 'Choose at least one event in "Events"');
	const unknown = events.filter((e) => !EVENT_VALUES.has(e));
	if (unknown.length) throw new NodeOperationError(ctx.getNode(), `Unknown event in "Events": ${unknown.join(', ')}`);
	const targetType = ctx.getNodeParameter('targetType', 'company') as TriggerConfig['targetType'];
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const config: TriggerConfig = {
		events,
		targetType: ['office', 'user'].includes(targetType) ? targetType : 'company',
		contactType: options.contactType === 'local' ? 'local' : 'shared',
		includeInternal: options.includeInternal === true,
	};
	if (config.targetType !== 'company') {
		const name = config.targetType === 'office' ? 'officeId' : 'userId';
		const id = String(ctx.getNodeParameter(name, '', { extractValue: true }) ?? '').trim();
		if (!/^\d{1,19}$/.test(id) || BigInt(id) > BigInt('9223372036854775807')) {
			throw new NodeOperationError(ctx.getNode(), `Choose the ${config.targetType} in "${config.targetType === 'office' ? 'Office' : 'User'}" (a Dialpad ID, digits only)`);
		}
		config.targetId = id;
	}
	return config;
}

/** The subscription bodies the chosen events need (endpoint_id added on creation). */
export function subscriptionBodies(config: TriggerConfig): Array<{ kind: Kind; body: IDataObject }> {
	// The spec types target_id and endpoint_id as int64: JSON numbers, every digit kept.
	const target = config.targetId ? { target_type: config.targetType, target_id: new DialpadInteger(config.targetId) } : {};
	const out: Array<{ kind: Kind; body: IDataObject }> = [];
	const states = config.events.filter((e) => e.startsWith('call.')).map((e) => e.slice(5));
	if (states.length) out.push({ kind: 'call', body: { call_states: states, enabled: true, ...target } });
	const directions = config.events.filter((e) => e.startsWith('sms.')).map((e) => e.slice(4));
	if (directions.length) {
		out.push({
			kind: 'sms',
			body: { direction: directions.length === 2 ? 'all' : directions[0], include_internal: config.includeInternal, enabled: true, ...target },
		});
	}
	if (config.events.some((e) => e.startsWith('contact.'))) {
		out.push({ kind: 'contact', body: { contact_type: config.contactType, enabled: true } });
	}
	return out;
}

function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '404';
}

function asApiError(ctx: IHookFunctions, error: unknown): NodeApiError {
	return error instanceof NodeApiError ? error : new NodeApiError(ctx.getNode(), error as JsonObject);
}

/** GET that answers undefined for a 404 (the record is gone). */
async function getOrMissing(ctx: IHookFunctions, path: string): Promise<IDataObject | undefined> {
	try {
		return await dialpadApiRequest<IDataObject>(ctx, { method: 'GET', path, idempotent: true });
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw asApiError(ctx, error);
	}
}

/** DELETE that counts a 404 as done (someone removed it already). */
async function remove(ctx: IHookFunctions, path: string, subject: string): Promise<void> {
	try {
		await dialpadApiRequest(ctx, { method: 'DELETE', path, idempotent: true, subject, action: `delete ${subject}` });
	} catch (error) {
		if (!isNotFound(error)) throw asApiError(ctx, error);
	}
}

const KINDS: Kind[] = ['call', 'sms', 'contact'];

function idOf(value: unknown): string | undefined {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Webhooks at exactly this URL: only this node receives there, so they are this node's. */
async function webhooksAt(ctx: IHookFunctions, url: string): Promise<string[]> {
	const rows = await fetchAllPages(ctx, { path: '/webhooks' });
	return rows.filter((w) => w.hook_url === url).map((w) => idOf(w.id)).filter((id): id is string => id !== undefined);
}

/** Deletes the recorded subscriptions and webhook, and any webhook at this URL with its subscriptions. */
async function removeOwned(ctx: IHookFunctions, url: string, stored: Registration | undefined): Promise<void> {
	const webhookIds = new Set(await webhooksAt(ctx, url));
	if (stored) webhookIds.add(stored.webhookId);
	const subscriptions = new Map<string, Kind>();
	for (const sub of stored?.subscriptions ?? []) subscriptions.set(`${sub.kind}/${sub.id}`, sub.kind);
	if (webhookIds.size > 0) {
		for (const kind of KINDS) {
			const rows = await fetchAllPages(ctx, { path: `/subscriptions/${kind}` });
			for (const row of rows) {
				const hook = row.webhook as IDataObject | undefined;
				const id = idOf(row.id);
				if (id && hook && webhookIds.has(String(idOf(hook.id)))) subscriptions.set(`${kind}/${id}`, kind);
			}
		}
	}
	for (const key of subscriptions.keys()) {
		const [kind, id] = key.split('/');
		await remove(ctx, `/subscriptions/${kind}/${pathSegment(id)}`, `the ${kind} subscription ${id}`);
	}
	for (const id of webhookIds) await remove(ctx, `/webhooks/${pathSegment(id)}`, `the webhook ${id}`);
}

/**
 * checkExists, from what Dialpad has now: true only when the record matches the current
 * settings and Dialpad has exactly one webhook at this URL, the recorded one (with the
 * recorded secret), and every recorded subscription, enabled and pointing at it. The record
 * only says which objects are this node's; anything else makes create() rebuild them.
 */
export async function registrationExists(ctx: IHookFunctions): Promise<boolean> {
	const stored = storedRegistration(ctx);
	if (!stored) return false;
	const url = webhookUrl(ctx);
	const config = readConfig(ctx);
	const connection = await getConnection(ctx);
	if (stored.url !== url || stored.settings !== settingsKey(config, url) || stored.account !== accountKey(connection.decrypted)) return false;
	const atUrl = await webhooksAt(ctx, url);
	if (atUrl.length !== 1 || atUrl[0] !== stored.webhookId) return false;
	const webhook = await getOrMissing(ctx, `/webhooks/${pathSegment(stored.webhookId)}`);
	if (!webhook || webhook.hook_url !== url) return false;
	const signature = webhook.signature as IDataObject | undefined;
	if (typeof signature?.secret === 'string' && signature.secret !== stored.secret) return false;
	for (const sub of stored.subscriptions) {
		const found = await getOrMissing(ctx, `/subscriptions/${sub.kind}/${pathSegment(sub.id)}`);
		const hook = found?.webhook as IDataObject | undefined;
		if (!found || found.enabled === false || idOf(hook?.id) !== stored.webhookId) return false;
	}
	return stored.subscriptions.length === subscriptionBodies(config).length;
}

/** create: replaces whatever this node had with a new webhook, secret and subscriptions. */
export async function register(ctx: IHookFunctions): Promise<boolean> {
	const url = webhookUrl(ctx);
	const config = readConfig(ctx);
	const connection = await getConnection(ctx);
	const account = accountKey(connection.decrypted);
	const stored = storedRegistration(ctx);
	// A record made with another credential belongs to another account: leave it there.
	await removeOwned(ctx, url, stored && stored.account === account ? stored : undefined);
	forget(ctx);
	forgetSecret(url);

	const secret = randomBytes(32).toString('base64url');
	const webhook = await dialpadApiRequest<IDataObject>(ctx, {
		method: 'POST',
		path: '/webhooks',
		body: { hook_url: url, secret },
		// A lost answer could leave a second webhook; the next activation removes it by URL.
		idempotent: false,
		action: 'create the webhook',
	});
	const webhookId = idOf(webhook.id);
	if (!webhookId) throw new NodeOperationError(ctx.getNode(), 'Dialpad created the webhook but returned no ID');
	const registration: Registration = { webhookId, secret, url, subscriptions: [], settings: settingsKey(config, url), account };
	// Saved before each next step, so a failure half-way can still be cleaned up by delete.
	save(ctx, registration);
	for (const { kind, body } of subscriptionBodies(config)) {
		const sub = await dialpadApiRequest<IDataObject>(ctx, {
			method: 'POST',
			path: `/subscriptions/${kind}`,
			body: { ...body, endpoint_id: new DialpadInteger(webhookId) },
			idempotent: false,
			action: `subscribe to ${kind} events`,
		});
		const id = idOf(sub.id);
		if (!id) throw new NodeOperationError(ctx.getNode(), `Dialpad created the ${kind} subscription but returned no ID`);
		registration.subscriptions.push({ kind, id });
		save(ctx, registration);
	}
	return true;
}

/** delete: removes exactly what this node created (see removeOwned), then forgets it. */
export async function unregister(ctx: IHookFunctions): Promise<boolean> {
	const stored = storedRegistration(ctx);
	const connection = await getConnection(ctx);
	if (stored && stored.account !== accountKey(connection.decrypted)) {
		ctx.logger.warn('Dialpad Trigger: the credential now points to another Dialpad account; the webhook it created stays there', {
			node: ctx.getNode().name,
		});
		forget(ctx);
		return true;
	}
	await removeOwned(ctx, webhookUrl(ctx), stored);
	forget(ctx);
	forgetSecret(webhookUrl(ctx));
	return true;
}

const secretCache = new Map<string, { secret: string | undefined; until: number; at: number }>();
/** After a failed verification, a secret read longer ago than this is read again. */
const REFRESH_AFTER_MS = 5 * 1000;
const CACHE_MS = 5 * 60 * 1000;
/** A path Dialpad knows nothing about is not asked about again for this long. */
const MISS_CACHE_MS = 30 * 1000;
const MAX_CACHED_PATHS = 1000;

/** Forgets what this process read for a URL (its webhook was just replaced or deleted). */
function forgetSecret(url: string): void {
	try {
		secretCache.delete(new URL(url).pathname);
	} catch {
		// not a URL: nothing was cached for it
	}
}

function remember(path: string, secret: string | undefined): string | undefined {
	if (secretCache.size >= MAX_CACHED_PATHS) secretCache.delete(secretCache.keys().next().value as string);
	secretCache.set(path, { secret, until: Date.now() + (secret ? CACHE_MS : MISS_CACHE_MS), at: Date.now() });
	return secret;
}

function requestPath(ctx: IWebhookFunctions): string {
	const req = ctx.getRequestObject() as unknown as { originalUrl?: string; url?: string };
	return String(req.originalUrl ?? req.url ?? '').split('?')[0];
}

/**
 * The secret deliveries to this node are signed with. Normally from the activation's record
 * in static data. `notThis`: a secret that just failed to verify a delivery (a stale
 * whole-object save of static data can hold the previous registration's secret); then the
 * secret is read from Dialpad instead (again if the cached one is over 5 s old: it may be an
 * earlier registration's too). While n8n listens for a test event it does not hand the node the static
 * data written at registration, so the secret is then read from Dialpad (GET /webhooks,
 * the webhook whose URL is this request's) and kept in this process for a few minutes; a
 * path Dialpad does not know is remembered as such for 30 s, so noise sent to it costs at
 * most one API call per window.
 */
export async function secretFor(ctx: IWebhookFunctions, options: { notThis?: string } = {}): Promise<string | undefined> {
	const stored = storedRegistration(ctx);
	if (stored && stored.secret !== options.notThis) return stored.secret;
	const path = requestPath(ctx);
	const cached = secretCache.get(path);
	// Requests without a record cannot make the node call Dialpad more than once per window.
	// A secret that just failed may be a previous registration's, in the record or in this
	// cache: re-read unless the cached one is only seconds old (forged tokens cost one read per
	// REFRESH_AFTER_MS at most).
	const fresh = cached && cached.until > Date.now() && (options.notThis === undefined || Date.now() - cached.at < REFRESH_AFTER_MS);
	if (cached && fresh) return cached.secret === options.notThis ? undefined : cached.secret;
	const rows = await fetchAllPages(ctx, { path: '/webhooks' });
	for (const row of rows) {
		let hookPath = '';
		try {
			hookPath = new URL(String(row.hook_url)).pathname;
		} catch {
			continue;
		}
		const signature = row.signature as IDataObject | undefined;
		if (hookPath === path && typeof signature?.secret === 'string' && signature.secret !== '' && signature.secret !== options.notThis) {
			return remember(path, signature.secret);
		}
	}
	return remember(path, undefined);
}
