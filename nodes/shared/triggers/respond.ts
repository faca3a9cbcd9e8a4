import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * How every trigger of the pack answers a webhook request. Three outcomes only:
 * - `refuse`: the delivery is not accepted (bad signature, malformed): the node writes the
 *   answer itself and n8n starts nothing.
 * - `acknowledge`: accepted but nothing to run (event not selected, duplicate, connection
 *   check): n8n answers `body` with 200 and starts nothing.
 * - `startExecution`: n8n answers `body` with 200 only once the execution exists.
 */

/** Answers `status` with `{ error }` itself; n8n starts nothing. */
export function refuse(ctx: IWebhookFunctions, status: 400 | 401 | 403 | 413, error: string): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ error });
	return { noWebhookResponse: true };
}

/** 200 with `body` and no execution (n8n sends `webhookResponse` when no workflowData is returned). */
export function acknowledge(body: IDataObject): IWebhookResponseData {
	return { webhookResponse: body };
}

/**
 * Starts the workflow with `items`; the 2xx with `body` goes out only after n8n has taken the
 * execution (see the implementation notes).
 */
export function startExecution(
	ctx: IWebhookFunctions,
	items: INodeExecutionData[],
	body: IDataObject,
): IWebhookResponseData {
	ctx.getResponseObject().status(200).json(body);
	return { noWebhookResponse: true, workflowData: [items] };
}
