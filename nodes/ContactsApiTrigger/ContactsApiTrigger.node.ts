import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkAndRecord, deliveryKey } from '../shared/triggers/dedup';
import { checkTimestamp, ignoredBecause, parsePayload, readSettings, webhookIdOf } from './delivery';
import { properties } from './description';
import { verifyDelivery, type SignatureCheck } from './signature';

/** Answers the request itself and starts nothing (n8n sends no response of its own). */
function reject(ctx: IWebhookFunctions, status: 400 | 401, error: string): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ error });
	return { noWebhookResponse: true };
}

/** 200 without an execution: n8n sends `webhookResponse` because no workflowData is returned. */
function acknowledge(status: string, detail: IDataObject = {}): IWebhookResponseData {
	return { webhookResponse: { status, ...detail } };
}

function signatureError(check: Extract<SignatureCheck, { reason: 'missing' | 'invalid' }>): string {
	const header = check.scheme === 'ed25519' ? 'x-ghl-signature' : 'x-wh-signature';
	return check.reason === 'missing' ? `Missing ${header} signature` : `Invalid ${header} signature`;
}

export class ContactsApiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Contacts API Trigger',
		name: 'contactsApiTrigger',
		icon: { light: 'file:contactsApi.svg', dark: 'file:contactsApi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].includes("*") ? "All events" : $parameter["events"].join(", ")}}',
		description:
			'Starts the workflow on signed webhook deliveries of the LeadConnector/HighLevel v2 Contacts API (Taskee Portal API)',
		defaults: { name: 'Contacts API Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The node answers 200 itself before the workflow runs (see webhook()).
				// Upstream only retries on 429, so a slow answer gains nothing and risks a timeout.
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties,
	};

	/**
	 * n8n's lifecycle for a URL that the account owner pastes into the app dashboard
	 * (the API offers no webhook registration). None of these methods makes an API call:
	 * n8n itself starts and stops routing the production URL on activation. What the node
	 * can do honestly is remember which URL was current at activation, so that a changed
	 * URL (for example a new webhook path or base URL) is reported as needing a new paste.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				return data.productionUrl === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const url = this.getNodeWebhookUrl('default');
				if (typeof data.productionUrl === 'string' && data.productionUrl !== url) {
					this.logger.warn(
						`The production URL of "${this.getNode().name}" changed since the last activation; paste the new URL into the app dashboard (Advanced Settings → Webhook).`,
					);
				}
				data.productionUrl = url;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// The dashboard entry stays; until reactivation n8n answers its deliveries with 404.
				const data = this.getWorkflowStaticData('node');
				delete data.productionUrl;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const now = Date.now();
		const settings = readSettings(this);
		const req = this.getRequestObject();
		// n8n reads the body lazily; the signature covers these exact bytes, never req.body.
		await req.readRawBody?.();
		const raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);

		const signature = verifyDelivery(raw, this.getHeaderData(), settings.signatureMode, settings.keys);
		if (!signature.ok && signature.reason === 'key') {
			// A setup problem, not a bad delivery: fail loudly (n8n answers 500 and logs it).
			throw new NodeOperationError(this.getNode(), signature.problem, {
				description: 'Paste the public key as published (PEM, "-----BEGIN PUBLIC KEY-----" …) into the node.',
			});
		}
		if (!signature.ok) return reject(this, 401, signatureError(signature));

		const payload = parsePayload(raw);
		if (!payload) return reject(this, 400, 'The body is not a JSON object');

		const timestamp = checkTimestamp(payload.timestamp, settings, now);
		if (!timestamp.ok) return reject(this, 401, timestamp.reason);

		const ignored = ignoredBecause(payload, settings);
		if (ignored) return acknowledge('ignored', { reason: ignored });

		const webhookId = webhookIdOf(payload);
		const anchor = timestamp.at === null ? null : Math.max(timestamp.at, now);
		const duplicate = await checkAndRecord(
			this,
			{ key: deliveryKey(webhookId, raw), anchor },
			{ maxEntries: settings.maxEntries, toleranceMs: settings.toleranceMs, now },
		);
		if (duplicate) return acknowledge('already processed', { webhookId: webhookId ?? null });

		const meta: IDataObject = {
			eventType: typeof payload.type === 'string' ? payload.type : null,
			webhookId: webhookId ?? null,
			timestamp: typeof payload.timestamp === 'string' ? payload.timestamp : null,
			verifiedBy: signature.verifiedBy,
		};
		// Answer here, before n8n starts the run. n8n 2.41 starts the execution before it sends
		// its own answer, and starting it resets the "static data changed" flag, so the dedup
		// record written above would never be saved; its own answer body would also be the
		// literal text "firstEntryJson". Answering first makes n8n save static data right away.
		this.getResponseObject().status(200).json({ message: 'Workflow was started' });
		return { noWebhookResponse: true, workflowData: [[{ json: { ...payload, _webhook: meta } }]] };
	}
}
