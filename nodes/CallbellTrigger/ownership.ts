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
	/**
	 * Answered by n8n's 404 for THIS trigger's path (its route was down: deactivation removes
	 * the route before delete() runs, a restart listens before routes are registered). The
	 * body names the path, which holds the node's webhook ID, so it was this trigger's URL.
	 */
	| { kind: 'thisRouteDown'; event: CallbellWebhookEvent }
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

/**
 * The text n8n 2.41 answers for a path without a registered webhook
 * (errors/response-errors/webhook-not-found.error.js): `The requested webhook "POST <path>" is
 * not registered.`, where <path> is the URL's path after the webhook endpoint, i.e.
 * `<webhookId>/webhook` for this trigger. undefined when the URL has no such tail.
 */
export function routeDownSignature(webhookUrl: string): string | undefined {
	let segments: string[];
	try {
		segments = new URL(webhookUrl).pathname.split('/').filter(Boolean);
	} catch {
		return undefined;
	}
	if (segments.length < 3) return undefined;
	return `"POST ${segments.slice(-2).join('/')}" is not registered`;
}

function bodyText(event: CallbellWebhookEvent): string {
	const response = event.response;
	const body = isObject(response) && 'body' in response ? response.body : response;
	if (typeof body === 'string') return body;
	if (isObject(body) && typeof body.message === 'string') return body.message;
	return '';
}

function classify(event: CallbellWebhookEvent, tag: string, signature?: string): Exclude<Receiver, { kind: 'none' }> {
	if (event.success !== true) {
		const code = isObject(event.response) ? Number(event.response.code) : NaN;
		if (signature && code === 404 && bodyText(event).includes(signature)) return { kind: 'thisRouteDown', event };
		return { kind: 'failed', event };
	}
	const headers = loggedHeaders(event);
	if (headers === undefined) return { kind: 'unknown', event };
	const logged = loggedTag(headers);
	if (logged === tag) return { kind: 'this', event };
	if (logged !== undefined) return { kind: 'otherTrigger', event };
	return { kind: 'otherSystem', event };
}

/**
 * Where the log stood when this trigger last unsubscribed: Callbell delivers nothing without
 * a webhook, so every entry up to here predates the deletion (and is this trigger's past or
 * someone's before it), and any entry after it was delivered to a webhook set since.
 */
export interface LogHorizon {
	/** The newest `createdAt` in the log then (as Callbell wrote it). */
	createdAt: string;
	/** Fingerprints of the entries with that `createdAt` (timestamps may have whole seconds). */
	keys: string[];
}

/** Fingerprint of a log entry (time, event, payload, answer code), 24 hex characters. */
export function entryKey(event: CallbellWebhookEvent): string {
	const code = isObject(event.response) ? String(event.response.code ?? '') : '';
	return createHash('sha256')
		.update(JSON.stringify([event.createdAt ?? null, event.event ?? null, event.payload ?? null, code]))
		.digest('hex')
		.slice(0, 24);
}

/** The horizon of a page of the log (undefined when it is empty or undated). */
export function logHorizon(events: CallbellWebhookEvent[]): LogHorizon | undefined {
	const dated = events.filter((e) => Number.isFinite(timeOf(e)));
	if (dated.length === 0) return undefined;
	const latest = Math.max(...dated.map(timeOf));
	const newest = dated.filter((e) => timeOf(e) === latest);
	return { createdAt: String(newest[0].createdAt), keys: newest.map(entryKey) };
}

/** The entries delivered after the horizon. */
export function entriesAfter(events: CallbellWebhookEvent[], horizon: LogHorizon | undefined): CallbellWebhookEvent[] {
	if (!horizon) return events;
	const limit = Date.parse(horizon.createdAt);
	if (Number.isNaN(limit)) return events;
	const seen = new Set(horizon.keys);
	return events.filter((e) => timeOf(e) > limit || (timeOf(e) === limit && !seen.has(entryKey(e))));
}

export interface ReadOptions {
	/** This trigger's URL: n8n's 404 naming its path is this trigger's trace. */
	url?: string;
	/** Entries up to here are ignored (see LogHorizon). */
	horizon?: LogHorizon;
}

/**
 * Classifies the newest entry of a page of the delivery log, by `createdAt` (the docs'
 * example lists the newest first, but another order must not mislead). Timestamps have
 * whole seconds in the docs, so several entries can share the newest one: then it is
 * this trigger's only if all of them are, else the first (in the API's order) that is not.
 */
export function newestReceiver(events: CallbellWebhookEvent[], tag: string, options: ReadOptions = {}): Receiver {
	const relevant = entriesAfter(events, options.horizon);
	if (relevant.length === 0) return { kind: 'none' };
	const signature = options.url ? routeDownSignature(options.url) : undefined;
	const latest = Math.max(...relevant.map(timeOf));
	const newest = relevant.filter((e) => timeOf(e) === latest).map((e) => classify(e, tag, signature));
	return newest.find((r) => !isOurs(r)) ?? newest[0];
}

/** The newest receiver that is not an unidentifiable failure (undefined: none in the page). */
export function newestIdentified(events: CallbellWebhookEvent[], tag: string, options: ReadOptions = {}): Receiver | undefined {
	const signature = options.url ? routeDownSignature(options.url) : undefined;
	const known = entriesAfter(events, options.horizon).filter((e) => classify(e, tag, signature).kind !== 'failed');
	return known.length === 0 ? undefined : newestReceiver(known, tag, { url: options.url });
}

/** This trigger answered it (200 with its header, or n8n's 404 for its path). */
export function isOurs(receiver: Receiver): boolean {
	return receiver.kind === 'this' || receiver.kind === 'thisRouteDown';
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
		case 'thisRouteDown':
			return `${which} reached this trigger's URL while n8n had no route for it (n8n's 404)`;
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
