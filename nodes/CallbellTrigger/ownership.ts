import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { CallbellWebhookEvent } from './api';

/**
 * How the trigger tells ITS webhook from someone else's, given what Callbell offers.
 *
 * Callbell keeps one webhook per account and returns no ID for it: subscribe answers with
 * the URL and events it was sent (docs/api/reference/webhooks_api/subscribe.md), and no
 * call reads the current webhook back. The one thing the API does show about the webhook
 * is its delivery log, GET /webhooks/events (webhooks_api/events.md), newest first, where
 * each entry keeps what the endpoint answered: `response: {body, code, headers}` in the
 * documented example (object_types/webhook_event.md calls it "Response body").
 *
 * So every answer this trigger gives carries a receiver header whose value is a hash of the
 * URL it answers on (production and test URLs differ). The newest logged delivery then
 * says who the account's webhook pointed to when Callbell last delivered: this trigger,
 * another n8n Callbell Trigger (another workflow, the test URL, another n8n), or another
 * system. This is evidence as of that delivery, not proof of the present: a replacement
 * after the newest delivery stays invisible until Callbell delivers again.
 */

/** Response header on every answer of the trigger (header names are case-insensitive). */
export const RECEIVER_HEADER = 'x-n8n-callbell-receiver';

/** 24 hex characters of SHA-256 over the webhook URL; reveals nothing but "same URL". */
export function receiverTag(webhookUrl: string): string {
	return createHash('sha256').update(webhookUrl).digest('hex').slice(0, 24);
}

/**
 * Sets the receiver header on the answer of a webhook request. Called first in webhook(),
 * so every answer has it (connection checks, 401s, acknowledgements). The test URL is the
 * one the request came in on in n8n 2.x (getWebhookResourceUrl); n8n 1.x has only the
 * production URL, so there a test delivery carries the production tag.
 */
export function markAnswer(ctx: IWebhookFunctions): void {
	const url =
		typeof ctx.getWebhookResourceUrl === 'function'
			? ctx.getWebhookResourceUrl('default')
			: ctx.getNodeWebhookUrl('default');
	if (url) ctx.getResponseObject().setHeader(RECEIVER_HEADER, receiverTag(url));
}

/** Who answered the newest delivery in Callbell's log. */
export type Receiver =
	/** The log is empty: nothing was delivered to any webhook of the account yet. */
	| { kind: 'none' }
	/** Answered 200 with this trigger's receiver header. */
	| { kind: 'this'; event: CallbellWebhookEvent }
	/** Answered 200 by an n8n Callbell Trigger on another URL. */
	| { kind: 'otherTrigger'; event: CallbellWebhookEvent }
	/** Answered 200 without the header: another system (dashboard URL, Zapier, Make, …). */
	| { kind: 'otherSystem'; event: CallbellWebhookEvent }
	/** The delivery failed: whoever it went to, n8n cannot tell. */
	| { kind: 'failed'; event: CallbellWebhookEvent }
	/** Answered 200, but the log kept no headers: the log cannot tell who answered. */
	| { kind: 'unknown'; event: CallbellWebhookEvent };

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The headers of a logged answer, if Callbell kept them. */
function loggedHeaders(event: CallbellWebhookEvent): IDataObject | undefined {
	const response = event.response;
	return isObject(response) && isObject(response.headers) ? response.headers : undefined;
}

/** The receiver header among logged headers. */
function loggedTag(headers: IDataObject): string | undefined {
	for (const [name, value] of Object.entries(headers)) {
		if (name.toLowerCase() !== RECEIVER_HEADER) continue;
		const first = Array.isArray(value) ? value[0] : value;
		return typeof first === 'string' ? first : undefined;
	}
	return undefined;
}

function timeOf(event: CallbellWebhookEvent): number {
	const t = Date.parse(String(event.createdAt ?? ''));
	return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

function classify(event: CallbellWebhookEvent, tag: string): Exclude<Receiver, { kind: 'none' }> {
	if (event.success !== true) return { kind: 'failed', event };
	const headers = loggedHeaders(event);
	if (headers === undefined) return { kind: 'unknown', event };
	const logged = loggedTag(headers);
	if (logged === tag) return { kind: 'this', event };
	if (logged !== undefined) return { kind: 'otherTrigger', event };
	return { kind: 'otherSystem', event };
}

/**
 * Classifies the newest entry of a page of the delivery log, by `createdAt` (the docs'
 * example lists the newest first, but another order must not mislead). Timestamps have
 * whole seconds in the docs, so several entries can share the newest one: then it is
 * "this" only if all of them are, else the first (in the API's order) that is not.
 */
export function newestReceiver(events: CallbellWebhookEvent[], tag: string): Receiver {
	if (events.length === 0) return { kind: 'none' };
	const latest = Math.max(...events.map(timeOf));
	const newest = events.filter((e) => timeOf(e) === latest).map((e) => classify(e, tag));
	return newest.find((r) => r.kind !== 'this') ?? newest[0];
}

/** One sentence naming the newest delivery and who answered it, for errors and logs. */
export function describeReceiver(receiver: Receiver): string {
	if (receiver.kind === 'none') return "Callbell's delivery log for this account is empty";
	const { event } = receiver;
	const code = isObject(event.response) && event.response.code !== undefined ? ` (HTTP ${String(event.response.code)})` : '';
	const which = `the newest delivery in Callbell's log (${event.event ?? 'connection check'} at ${String(event.createdAt ?? 'an unknown time')})`;
	switch (receiver.kind) {
		case 'this':
			return `${which} was answered by this trigger`;
		case 'otherTrigger':
			return `${which} was answered by a Callbell Trigger on another URL (another workflow, a test URL or another n8n)`;
		case 'otherSystem':
			return `${which} was answered by an endpoint that is not an n8n Callbell Trigger${code}`;
		case 'failed':
			return `${which} failed${code}, so n8n cannot tell which endpoint it went to`;
		case 'unknown':
			return `${which} was answered${code}, but the log keeps no response headers, so n8n cannot tell by whom`;
	}
}
