import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DialpadInteger, dialpadApiRequest, fetchAllPages, getConnection, pathSegment } from '../Dialpad/transport';
import { chosenEventsOf, webhookUrlOf } from '../shared/triggers/registrationRecord';
import { EVENT_VALUES } from './description';
import { accountKey, forget, save, settingsKey, storedRegistration, type Kind, type Registration, type TriggerConfig } from './registrationRecord';
import { forgetSecret } from './webhookSecret';

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

/** The node's settings, checked before anything is sent. */
export function readConfig(ctx: IHookFunctions): TriggerConfig {
	const events = chosenEventsOf(ctx, EVENT_VALUES);
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
	const url = webhookUrlOf(ctx);
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
	const url = webhookUrlOf(ctx);
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
	await removeOwned(ctx, webhookUrlOf(ctx), stored);
	forget(ctx);
	forgetSecret(webhookUrlOf(ctx));
	return true;
}
