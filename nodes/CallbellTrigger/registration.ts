import { createHash } from 'crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { baseUrlOf } from '../Callbell/transport';
import { newestWebhookEvents, subscribeWebhook, unsubscribeWebhook } from './api';
import { EVENT_NAMES } from './events';
import type { Receiver } from './ownership';
import { describeReceiver, newestReceiver, receiverTag } from './ownership';

/**
 * Callbell keeps ONE webhook per account, returns no ID for it and has no call that reads
 * it: subscribe creates or overwrites it, unsubscribe deletes whatever is there. What the
 * trigger goes by, all of it persisted or read from Callbell (nothing in process memory, so
 * it holds across restarts and between n8n processes):
 *
 * 1. Workflow static data: the URL and events this node registered, and a fingerprint of
 *    the account (base URL + API key hash) it registered them on.
 * 2. Callbell's delivery log: who answered the newest delivery (see ownership.ts).
 *
 * - Activation subscribes when the newest delivery was answered by this trigger, nothing
 *   was delivered yet, or the log keeps no headers to tell (then with a warning). When it
 *   went to another endpoint, or failed, the account's webhook
 *   may be someone else's: activation fails with what the log shows, unless "Replace
 *   Existing Webhook" is on (then it replaces it and logs a warning).
 * - Deactivation deletes the webhook only when static data says this node registered it on
 *   this account AND the newest delivery was answered by this trigger. Otherwise it leaves
 *   the webhook in place and logs why: an unproven webhook is never deleted.
 *
 * Residual limits: a webhook set elsewhere that has not received any delivery yet leaves
 * no trace, so activation can replace it, and deactivation deletes it when it replaced ours
 * after the newest delivery; and a webhook left in place keeps pointing here until the user
 * deletes it in Callbell (n8n answers 404; Callbell disables the webhook after 6 h without
 * a 200).
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

function log(ctx: IHookFunctions, level: 'info' | 'warn', message: string): void {
	ctx.logger[level](`Callbell Trigger: ${message}`, { node: ctx.getNode().name, workflowId: ctx.getWorkflow().id });
}

/** Who answered the newest delivery, judged for the webhook URL given. */
async function newestReceiverFor(ctx: IHookFunctions, url: string): Promise<Receiver> {
	return newestReceiver(await newestWebhookEvents(ctx), receiverTag(url));
}

/** The log shows another endpoint answering: the account webhook is not (or no longer) ours. */
function answeredElsewhere(receiver: Receiver): boolean {
	return receiver.kind === 'otherTrigger' || receiver.kind === 'otherSystem';
}

/**
 * checkExists: true when static data records this URL, account and events AND the delivery
 * log does not show another endpoint answering since (else create() runs, and refuses or
 * replaces). If the log cannot be read, the record is trusted: a restart must not fail on
 * a diagnostic call.
 */
export async function registrationExists(ctx: IHookFunctions): Promise<boolean> {
	const stored = storedRegistration(ctx);
	if (!stored) return false;
	const url = webhookUrl(ctx);
	const credentials = await ctx.getCredentials('callbellApi');
	const matches =
		stored.url === url && stored.account === accountKey(credentials) && sameSet(stored.subscriptions, chosenEvents(ctx));
	if (!matches) return false;
	let receiver: Receiver;
	try {
		receiver = await newestReceiverFor(ctx, url);
	} catch (error) {
		log(ctx, 'warn', `could not read the delivery log (${(error as Error).message}); going by the saved registration`);
		return true;
	}
	if (!answeredElsewhere(receiver)) return true;
	log(ctx, 'warn', `${describeReceiver(receiver)}: the account's webhook was replaced after this workflow registered it`);
	return false;
}

function replaceRefused(ctx: IHookFunctions, receiver: Receiver): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), "The Callbell account's webhook may belong to someone else", {
		description:
			`Callbell keeps one webhook per account, and ${describeReceiver(receiver)}. ` +
			'Activating would replace that webhook, and whoever set it (the Callbell dashboard, Zapier, Make, another workflow) would stop receiving events. ' +
			'Check it in Callbell → Settings → API Settings → Webhooks. To replace it, turn on "Replace Existing Webhook" in this node and activate again.',
	});
}

export async function register(ctx: IHookFunctions): Promise<boolean> {
	const url = webhookUrl(ctx);
	const events = chosenEvents(ctx);
	assertReachable(ctx, url);
	const credentials = await ctx.getCredentials('callbellApi');
	const account = accountKey(credentials);
	const receiver = await newestReceiverFor(ctx, url);
	if (receiver.kind === 'unknown') {
		// Nothing to judge by (the log kept no headers): as without any delivery, subscribe.
		log(ctx, 'warn', `subscribing without knowing whose webhook the account has: ${describeReceiver(receiver)}`);
	} else if (receiver.kind !== 'none' && receiver.kind !== 'this') {
		if (ctx.getNodeParameter('replaceExistingWebhook', false) !== true) throw replaceRefused(ctx, receiver);
		log(ctx, 'warn', `replacing the account's webhook as "Replace Existing Webhook" is on; ${describeReceiver(receiver)}`);
	}
	const webhook = await subscribeWebhook(ctx, url, events);
	const accepted = Array.isArray(webhook.subscriptions) ? webhook.subscriptions.map(String) : events;
	staticData(ctx)[STATIC_KEY] = {
		url,
		subscriptions: accepted,
		createdAt: typeof webhook.createdAt === 'string' ? webhook.createdAt : null,
		account,
		registeredAt: new Date().toISOString(),
	} satisfies Registration as unknown as IDataObject;
	const dropped = events.filter((e) => !accepted.includes(e));
	if (dropped.length > 0) {
		// Callbell answered this subscribe a moment ago with this URL, which is as close to
		// proof of ownership as the API allows; the half-made webhook is removed right here
		// (n8n's clean-up after a failed activation would find no delivery to go by).
		try {
			await unsubscribeWebhook(ctx);
			forget(ctx);
		} catch (error) {
			log(ctx, 'warn', `could not remove the half-made webhook: ${(error as Error).message}`);
		}
		throw new NodeOperationError(ctx.getNode(), `Callbell did not subscribe the webhook to: ${dropped.join(', ')}`, {
			description: `It accepted: ${accepted.join(', ') || 'nothing'}. Remove the other events from "Events".`,
		});
	}
	return true;
}

/** Why the stored registration must not be deleted, or undefined when it may be. */
function reasonToKeep(receiver: Receiver): string | undefined {
	switch (receiver.kind) {
		case 'this':
			return undefined;
		case 'none':
			return "Callbell's delivery log is empty, so nothing shows the webhook still points to this workflow";
		default:
			return describeReceiver(receiver);
	}
}

export async function unregister(ctx: IHookFunctions): Promise<boolean> {
	const stored = storedRegistration(ctx);
	if (!stored) {
		log(ctx, 'info', 'this workflow has no webhook of its own registered on Callbell, so none is deleted');
		return true;
	}
	const credentials = await ctx.getCredentials('callbellApi');
	const keep =
		stored.account !== accountKey(credentials)
			? 'the credential now points to another Callbell account or API key'
			: reasonToKeep(await newestReceiverFor(ctx, stored.url));
	if (keep) {
		log(
			ctx,
			'warn',
			`the account's webhook is left in place because ${keep}. If it still points to this workflow (${stored.url}), delete it in Callbell → Settings → API Settings → Webhooks.`,
		);
		forget(ctx);
		return true;
	}
	const outcome = await unsubscribeWebhook(ctx);
	if (outcome === 'absent') log(ctx, 'info', 'the account had no webhook left to delete');
	forget(ctx);
	return true;
}
