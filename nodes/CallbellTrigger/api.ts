import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { callbellApiRequest } from '../Callbell/transport';

/**
 * The webhook calls the trigger makes, through the Callbell transport and its shared retry
 * rules. All are idempotent (subscribe "creates or updates" the single account webhook to
 * the same state; unsubscribe deletes it; the delivery log is a read), so they may be
 * repeated after a 5xx or a dropped connection.
 */

export interface CallbellWebhook {
	url?: string;
	subscriptions?: unknown[];
	createdAt?: string;
	enabled?: boolean;
}

/** POST /webhooks/subscribe: creates or REPLACES the account's single webhook. */
export async function subscribeWebhook(
	ctx: IHookFunctions,
	url: string,
	subscriptions: string[],
): Promise<CallbellWebhook> {
	const answer = await callbellApiRequest<{ webhook?: CallbellWebhook }>(ctx, {
		method: 'POST',
		path: '/webhooks/subscribe',
		body: { url, subscriptions },
		idempotent: true,
		action: 'subscribe the webhook',
	});
	return answer?.webhook ?? {};
}

/**
 * DELETE /webhooks/unsubscribe. 'absent' when Callbell says there is no webhook (404): the
 * goal — no webhook pointing here — already holds.
 */
export async function unsubscribeWebhook(ctx: IHookFunctions): Promise<'deleted' | 'absent'> {
	try {
		await callbellApiRequest(ctx, {
			method: 'DELETE',
			path: '/webhooks/unsubscribe',
			idempotent: true,
			action: 'delete the webhook',
			subject: "the account's webhook",
		});
		return 'deleted';
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return 'absent';
		throw error instanceof NodeApiError ? error : new NodeApiError(ctx.getNode(), error as JsonObject);
	}
}

/**
 * One entry of the delivery log (docs/api/reference/object_types/webhook_event.md and the
 * example of webhooks_api/events.md): `response` is `{body, code, headers}` in the example,
 * "Response body" in the object table, so it is read defensively.
 */
export interface CallbellWebhookEvent {
	event?: string | null;
	payload?: unknown;
	response?: unknown;
	/** "true if status code was 200". */
	success?: boolean;
	/** ISO 8601. */
	createdAt?: string;
}

/** Entries per page read from the log; only those with the newest timestamp are judged. */
const LOG_PAGE_SIZE = 10;

type LogPage = { webhook_events?: unknown; meta?: { pages?: unknown } };

async function logPage(ctx: IHookFunctions, page: number): Promise<LogPage> {
	try {
		return await callbellApiRequest<LogPage>(ctx, {
			method: 'GET',
			path: '/webhooks/events',
			qs: { page, items: LOG_PAGE_SIZE },
			idempotent: true,
			action: "read the webhook's delivery log",
			subject: "the account's webhook",
		});
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return {};
		throw error instanceof NodeApiError ? error : new NodeApiError(ctx.getNode(), error as JsonObject);
	}
}

function entriesOf(page: LogPage): CallbellWebhookEvent[] {
	const events = page.webhook_events;
	return Array.isArray(events) ? (events.filter((e) => e !== null && typeof e === 'object') as CallbellWebhookEvent[]) : [];
}

/**
 * The newest entries of GET /webhooks/events. The docs' example lists the newest first,
 * but the order is not stated, so when there are several pages the last one is read too:
 * whichever end holds the newest delivery, it is among the entries returned. The docs list
 * "all events belonging to the webhook"; what an account without a webhook gets is not
 * documented, so a 404 is read as an empty log.
 */
export async function newestWebhookEvents(ctx: IHookFunctions): Promise<CallbellWebhookEvent[]> {
	const first = await logPage(ctx, 1);
	const pages = Number(first.meta?.pages);
	if (!Number.isInteger(pages) || pages <= 1) return entriesOf(first);
	return [...entriesOf(first), ...entriesOf(await logPage(ctx, pages))];
}
