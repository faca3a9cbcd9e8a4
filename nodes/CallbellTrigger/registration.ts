import { createHash } from 'crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { baseUrlOf } from '../Callbell/transport';
import { subscribeWebhook, unsubscribeWebhook } from './api';
import { EVENT_NAMES } from './events';

/**
 * Callbell keeps ONE webhook per account and has no endpoint that reads it: subscribe
 * creates or overwrites it, unsubscribe deletes whatever is there. So this trigger must
 * decide on its own whether the account's webhook is still the one it registered before
 * deleting anything. What it knows:
 *
 * 1. Workflow static data (survives restarts): the URL and events this node registered, and
 *    a fingerprint of the account (base URL + API key hash) it registered them on.
 * 2. A process-wide ledger of the last subscribe/unsubscribe this n8n process made per
 *    account, so a Callbell Trigger in another workflow (or this workflow's test URL)
 *    that replaced ours is noticed.
 *
 * `delete` unsubscribes only when the static data names a webhook on the same account and
 * the ledger does not say something else replaced or removed it since.
 *
 * Residual risk: a replacement this process did not make — in Callbell's dashboard, by
 * Zapier or Make, by another n8n instance, or before an n8n restart emptied the ledger —
 * is invisible, and deactivating then deletes that other webhook. Nothing in the API can
 * tell; the node's notice warns about it.
 */

export interface Registration {
	url: string;
	/** What Callbell answered it subscribed, in its order. */
	subscriptions: string[];
	createdAt: string | null;
	/** Fingerprint of the account (see accountKey); never the key itself. */
	account: string;
	registeredAt: string;
}

interface LedgerEntry {
	/** The URL subscribed last through this process, or null after an unsubscribe. */
	url: string | null;
}

const ledger = new Map<string, LedgerEntry>();

const STATIC_KEY = 'callbellWebhook';

/** Identifies "the same Callbell account" without storing the API key anywhere. */
export function accountKey(credentials: IDataObject): string {
	return createHash('sha256')
		.update(`${baseUrlOf(credentials)}\n${String(credentials.apiKey ?? '')}`)
		.digest('hex')
		.slice(0, 32);
}

function staticData(ctx: IHookFunctions): IDataObject {
	return ctx.getWorkflowStaticData('node');
}

export function storedRegistration(ctx: IHookFunctions): Registration | undefined {
	const value = staticData(ctx)[STATIC_KEY] as Registration | undefined;
	return value && typeof value.url === 'string' ? value : undefined;
}

function forget(ctx: IHookFunctions): void {
	delete staticData(ctx)[STATIC_KEY];
}

function sameSet(a: string[], b: string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((x) => right.has(x));
}

function webhookUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n gave this trigger no webhook URL');
	return url;
}

/** The chosen events, checked before anything is sent. */
export function chosenEvents(ctx: IHookFunctions): string[] {
	const raw = ctx.getNodeParameter('events', []) as unknown;
	const events = Array.isArray(raw) ? [...new Set(raw.map(String))] : [];
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one event in "Events"');
	}
	const unknown = events.filter((e) => !EVENT_NAMES.has(e));
	if (unknown.length > 0) {
		throw new NodeOperationError(ctx.getNode(), `Unknown event in "Events": ${unknown.join(', ')}`, {
			description: `Callbell sends: ${[...EVENT_NAMES].join(', ')}`,
		});
	}
	return events;
}

/** Callbell refuses localhost URLs; say how to fix it before replacing anything. */
function assertReachable(ctx: IHookFunctions, url: string): void {
	let host = '';
	try {
		host = new URL(url).hostname;
	} catch {
		throw new NodeOperationError(ctx.getNode(), `The webhook URL "${url}" is not a valid URL`);
	}
	if (host === 'localhost' || host.endsWith('.localhost')) {
		throw new NodeOperationError(ctx.getNode(), `Callbell does not accept localhost webhook URLs (${url})`, {
			description:
				'Set WEBHOOK_URL in n8n to a public address (for example a tunnel such as ngrok) and activate the workflow again.',
		});
	}
}

/** checkExists: static data is the only source there is (no GET for the webhook). */
export async function registrationExists(ctx: IHookFunctions): Promise<boolean> {
	const stored = storedRegistration(ctx);
	if (!stored) return false;
	const credentials = await ctx.getCredentials('callbellApi');
	return (
		stored.url === webhookUrl(ctx) &&
		stored.account === accountKey(credentials) &&
		sameSet(stored.subscriptions, chosenEvents(ctx))
	);
}

export async function register(ctx: IHookFunctions): Promise<boolean> {
	const url = webhookUrl(ctx);
	const events = chosenEvents(ctx);
	assertReachable(ctx, url);
	const credentials = await ctx.getCredentials('callbellApi');
	const account = accountKey(credentials);
	const webhook = await subscribeWebhook(ctx, url, events);
	const accepted = Array.isArray(webhook.subscriptions) ? webhook.subscriptions.map(String) : events;
	// Recorded before any complaint below: the account's webhook now points here either way,
	// and n8n's clean-up after a failed activation must be able to remove it.
	staticData(ctx)[STATIC_KEY] = {
		url,
		subscriptions: accepted,
		createdAt: typeof webhook.createdAt === 'string' ? webhook.createdAt : null,
		account,
		registeredAt: new Date().toISOString(),
	} satisfies Registration as unknown as IDataObject;
	ledger.set(account, { url });
	const dropped = events.filter((e) => !accepted.includes(e));
	if (dropped.length > 0) {
		throw new NodeOperationError(ctx.getNode(), `Callbell did not subscribe the webhook to: ${dropped.join(', ')}`, {
			description: `It accepted: ${accepted.join(', ') || 'nothing'}. Remove the other events from "Events".`,
		});
	}
	return true;
}

/** Why the stored registration must not be deleted, or undefined when it may be. */
function reasonToKeep(stored: Registration, account: string): string | undefined {
	if (stored.account !== account) {
		return 'the credential now points to another Callbell account or API key';
	}
	const last = ledger.get(account);
	if (last && last.url === null) return 'the account webhook was already removed';
	if (last && last.url !== stored.url) return 'another webhook has replaced it since';
	return undefined;
}

export async function unregister(ctx: IHookFunctions): Promise<boolean> {
	const stored = storedRegistration(ctx);
	// Nothing registered by this node: whatever the account has belongs to someone else.
	if (!stored) return true;
	const credentials = await ctx.getCredentials('callbellApi');
	const account = accountKey(credentials);
	const keep = reasonToKeep(stored, account);
	if (keep) {
		ctx.logger.info(`Callbell Trigger: not deleting the account webhook because ${keep}`, {
			node: ctx.getNode().name,
		});
		forget(ctx);
		return true;
	}
	const outcome = await unsubscribeWebhook(ctx);
	if (outcome === 'absent') {
		ctx.logger.info('Callbell Trigger: the account had no webhook left to delete', {
			node: ctx.getNode().name,
		});
	}
	ledger.set(account, { url: null });
	forget(ctx);
	return true;
}
