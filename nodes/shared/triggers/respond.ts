import type {
	IDataObject,
	INodeExecutionData,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

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
 * Starts the workflow with `items`. n8n itself answers 200 with `body`, and only once
 * WorkflowRunner.run() has returned the execution id: created (regular mode) or enqueued
 * (queue mode). That needs the webhook description from `webhookDescription()`: with
 * responseMode 'onReceived' n8n 2.41 defers its answer until then, and an empty
 * `responseData` makes it send `webhookResponse` (webhook-helpers.js, executeWebhook, and
 * webhook-on-received-response-extractor.js). A node that wrote the answer itself would
 * acknowledge deliveries that a crash can still lose.
 */
export function startExecution(items: INodeExecutionData[], body: IDataObject): IWebhookResponseData {
	return { workflowData: [items], webhookResponse: body };
}

/**
 * The POST webhook of a pack trigger: answered by n8n after the execution exists, with the
 * body `startExecution`/`acknowledge` gave (an empty `responseData` selects it; n8n's default
 * 'firstEntryJson' would be sent as that literal text).
 */
export function webhookDescription(path = 'webhook'): IWebhookDescription {
	return { name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path };
}
