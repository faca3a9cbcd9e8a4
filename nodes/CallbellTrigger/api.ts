import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { callbellApiRequest } from '../Callbell/transport';

/**
 * The two webhook calls the trigger makes, through the Callbell transport and its shared
 * retry rules. Both are idempotent (subscribe "creates or updates" the single account
 * webhook to the same state; unsubscribe deletes it), so they may be repeated after a 5xx
 * or a dropped connection.
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
