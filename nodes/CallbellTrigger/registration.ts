import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { writtenHere } from '../shared/triggers/lifecycle';
import { webhookUrlOf } from '../shared/triggers/registrationRecord';
import { newestWebhookEvents, subscribeWebhook, unsubscribeWebhook } from './api';
import type { LogHorizon, Receiver } from './ownership';
import { describeReceiver, isOurs, logHorizon, newestIdentified, newestReceiver, receiverTag } from './ownership';
import { accountKey, chosenEvents, LIFECYCLE, lifecycleOf, record, storedRegistration } from './registrationRecord';

/**
 * Callbell keeps ONE webhook per account, returns no ID for it and has no call that reads
 * it: subscribe creates or overwrites it, unsubscribe deletes whatever is there. What the
 * trigger goes by, all of it persisted or read from Callbell (nothing that only lives in
 * process memory decides, so it holds across restarts and between n8n processes):
 *
 * 1. Callbell's delivery log: who answered the newest delivery (see ownership.ts). This
 *    trigger's own traces count as its own: answers carrying its receiver header (also from
 *    before a restart) and n8n's 404 naming its path (answered while its route was down).
 * 2. Its lifecycle record (../shared/triggers/lifecycle.ts): the URL, events and account it
 *    subscribed, or that it unsubscribed and where the delivery log stood then (the log
 *    horizon: older entries predate the deletion and are never read as someone else's).
 *
 * - checkExists is true only when the record says subscribed AND the newest delivery was
 *   answered by this trigger; otherwise create() runs and subscribes again (idempotent).
 * - create subscribes when the log shows this trigger's traces, nothing since its last
 *   unsubscribe, or keeps no headers to tell (then with a warning). When it shows another
 *   endpoint answering, activation fails with what the log shows, unless "Replace Existing
 *   Webhook" is on (then it replaces it and logs a warning).
 * - delete unsubscribes when the log shows this trigger's traces, or nothing (or only
 *   failures) since this trigger subscribed on this account. Otherwise it leaves the webhook
 *   in place and logs why: an unproven webhook is never deleted.
 *
 * Residual limits: a webhook set elsewhere that has not received any delivery yet leaves
 * no trace, so activation can replace it, and deactivation deletes it when it replaced ours
 * after the newest delivery; and a webhook left in place keeps pointing here until the user
 * deletes it in Callbell (n8n answers 404; Callbell disables the webhook after 6 h without
 * a 200).
 */

function sameSet(a: string[], b: string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((x) => right.has(x));
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

/** What the delivery log says about the account's webhook, for this trigger's URL. */
interface LogReading {
	/** The newest delivery after the horizon (none: nothing delivered since). */
	newest: Receiver;
	/** The newest one that says who answered (skipping failures without a trace). */
	identified?: Receiver;
}

/**
 * Reads the delivery log for this URL. Entries up to the horizon of this trigger's last
 * unsubscribe on this account are ignored: Callbell delivers nothing without a webhook, so
 * they predate the deletion.
 */
async function readLog(ctx: IHookFunctions, url: string, account: string): Promise<LogReading> {
	const current = lifecycleOf(ctx);
	const horizon = current?.state === 'unsubscribed' && current.account === account ? current.horizon : undefined;
	const events = await newestWebhookEvents(ctx);
	const tag = receiverTag(url);
	return {
		newest: newestReceiver(events, tag, { url, horizon }),
		identified: newestIdentified(events, tag, { url, horizon }),
	};
}

/**
 * Whether the log shows the account's webhook as this trigger's: its newest delivery was
 * answered by this trigger (200 with its header, or n8n's 404 for its path), or failed
 * without a trace while the newest delivery that left one was this trigger's.
 */
function provenOurs(reading: LogReading): boolean {
	if (isOurs(reading.newest)) return true;
	return reading.newest.kind === 'failed' && reading.identified !== undefined && isOurs(reading.identified);
}

/**
 * checkExists, from what Callbell shows now. Callbell has no call that reads the webhook, so
 * the only present-tense evidence is its delivery log: true only when this process recorded
 * subscribing this URL, account and events AND the newest delivery was answered 200 by this
 * trigger. Anything else (nothing delivered since, failures, another endpoint, an unreadable
 * log, a record read back after a restart) answers false, and create() re-subscribes after
 * its ownership check: subscribing the same URL again is idempotent ("creates or updates").
 */
export async function registrationExists(ctx: IHookFunctions): Promise<boolean> {
	const stored = storedRegistration(ctx);
	if (!stored) return false;
	const url = webhookUrlOf(ctx);
	const credentials = await ctx.getCredentials('callbellApi');
	const account = accountKey(credentials);
	if (stored.url !== url || stored.account !== account || !sameSet(stored.subscriptions, chosenEvents(ctx))) return false;
	// Read back from static data (after a restart): a stale whole-object save may have put an
	// older "subscribed" back over an unsubscribe, and the log would still show this trigger's
	// answers from before it. Subscribing again costs one idempotent call.
	if (!writtenHere(ctx, LIFECYCLE)) return false;
	let reading: LogReading;
	try {
		reading = await readLog(ctx, url, account);
	} catch (error) {
		log(ctx, 'warn', `could not read the delivery log (${(error as Error).message}); subscribing again`);
		return false;
	}
	if (reading.newest.kind === 'this') return true;
	if (reading.newest.kind !== 'none') log(ctx, 'info', `${describeReceiver(reading.newest)}: checking the account's webhook by subscribing again`);
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

/**
 * create: subscribes this URL and events, unless the log shows another endpoint receiving the
 * account's webhook (then it fails with what the log shows, or replaces it when "Replace
 * Existing Webhook" is on). It returns only once Callbell confirmed every chosen event: an
 * activation never reports success while the trigger would not receive them.
 */
export async function register(ctx: IHookFunctions): Promise<boolean> {
	const url = webhookUrlOf(ctx);
	const events = chosenEvents(ctx);
	assertReachable(ctx, url);
	const credentials = await ctx.getCredentials('callbellApi');
	const account = accountKey(credentials);
	const reading = await readLog(ctx, url, account);
	const { newest } = reading;
	if (newest.kind === 'unknown') {
		// Nothing to judge by (the log kept no headers): as without any delivery, subscribe.
		log(ctx, 'warn', `subscribing without knowing whose webhook the account has: ${describeReceiver(newest)}`);
	} else if (newest.kind === 'failed' && reading.identified === undefined && storedRegistration(ctx)?.account === account) {
		// Only failures since this trigger subscribed (n8n unreachable): nothing shows another endpoint.
		log(ctx, 'warn', `subscribing again: ${describeReceiver(newest)}, and no delivery since this workflow subscribed shows another endpoint`);
	} else if (newest.kind !== 'none' && !provenOurs(reading)) {
		if (ctx.getNodeParameter('replaceExistingWebhook', false) !== true) throw replaceRefused(ctx, newest);
		log(ctx, 'warn', `replacing the account's webhook as "Replace Existing Webhook" is on; ${describeReceiver(newest)}`);
	}
	const webhook = await subscribeWebhook(ctx, url, events);
	const accepted = Array.isArray(webhook.subscriptions) ? webhook.subscriptions.map(String) : events;
	const answeredUrl = typeof webhook.url === 'string' ? webhook.url : url;
	record(ctx, {
		state: 'subscribed',
		url,
		subscriptions: accepted,
		createdAt: typeof webhook.createdAt === 'string' ? webhook.createdAt : null,
		account,
		registeredAt: new Date().toISOString(),
	});
	const dropped = events.filter((e) => !accepted.includes(e));
	if (dropped.length > 0 || answeredUrl !== url || webhook.enabled === false) {
		// Callbell answered this subscribe a moment ago with this URL, which is as close to
		// proof of ownership as the API allows; the half-made webhook is removed right here
		// (n8n's clean-up after a failed activation would find no delivery to go by).
		try {
			await removeOwn(ctx, url, account);
		} catch (error) {
			log(ctx, 'warn', `could not remove the half-made webhook: ${(error as Error).message}`);
		}
		if (dropped.length > 0) {
			throw new NodeOperationError(ctx.getNode(), `Callbell did not subscribe the webhook to: ${dropped.join(', ')}`, {
				description: `It accepted: ${accepted.join(', ') || 'nothing'}. Remove the other events from "Events".`,
			});
		}
		throw new NodeOperationError(ctx.getNode(), 'Callbell did not enable the webhook for this workflow', {
			description: `It answered the subscription with ${answeredUrl === url ? 'the webhook disabled' : `another URL (${answeredUrl})`}, so this workflow would receive nothing.`,
		});
	}
	return true;
}

/**
 * Unsubscribes, then records where the delivery log stands: the account has no webhook from
 * here on, so the next activation reads nothing older as someone else's (a 404 n8n answered
 * while this workflow's route was down, a delivery answered before the deletion).
 */
async function removeOwn(ctx: IHookFunctions, url: string, account: string): Promise<void> {
	const outcome = await unsubscribeWebhook(ctx);
	if (outcome === 'absent') log(ctx, 'info', 'the account had no webhook left to delete');
	let horizon: LogHorizon | undefined;
	try {
		horizon = logHorizon(await newestWebhookEvents(ctx));
	} catch (error) {
		log(ctx, 'warn', `could not read the delivery log after unsubscribing (${(error as Error).message})`);
	}
	record(ctx, { state: 'unsubscribed', url, account, horizon, unsubscribedAt: new Date().toISOString() });
}

/**
 * delete: unsubscribes only when the delivery log shows the account's webhook as this
 * trigger's (see provenOurs). Otherwise it leaves the webhook in place and logs why: an
 * unproven webhook is never deleted.
 */
export async function unregister(ctx: IHookFunctions): Promise<boolean> {
	const url = webhookUrlOf(ctx);
	const stored = storedRegistration(ctx);
	const credentials = await ctx.getCredentials('callbellApi');
	const account = accountKey(credentials);
	const reading = await readLog(ctx, url, account);
	let keep: string | undefined;
	if (stored && stored.account !== account) keep = 'the credential now points to another Callbell account or API key';
	else if (!provenOurs(reading)) {
		if (reading.newest.kind === 'none') {
			keep = stored
				? "Callbell's delivery log shows no delivery since this workflow subscribed, so nothing shows the webhook still points to this workflow"
				: 'this workflow has no webhook of its own registered on Callbell';
		} else keep = describeReceiver(reading.newest);
	}
	if (keep) {
		if (stored || reading.newest.kind !== 'none') {
			log(
				ctx,
				'warn',
				`the account's webhook is left in place because ${keep}. If it still points to this workflow (${url}), delete it in Callbell → Settings → API Settings → Webhooks.`,
			);
		} else log(ctx, 'info', `${keep}, so none is deleted`);
		if (stored) record(ctx, { state: 'unsubscribed', url, account, horizon: undefined, unsubscribedAt: new Date().toISOString() });
		return true;
	}
	await removeOwn(ctx, url, account);
	return true;
}
