import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readLifecycle, writeLifecycle } from '../shared/triggers/lifecycle';
import { deliveryKey, type DeliveryMark } from '../shared/triggers/dedup';
import { acknowledge, refuse, webhookDescription } from '../shared/triggers/respond';
import { deliveryBytes, executeDelivered, keepPass, startOnce } from '../shared/triggers/skeleton';
import { guardDelivery, guardIsOn } from '../shared/sync/receive';
import { checkTimestamp, dedupLimits, ignoredBecause, isGuardedEvent, parsePayload, readSettings, webhookIdOf } from './delivery';
import { properties } from './description';
import { ED25519_HEADER, RSA_HEADER, verifyDelivery, type SignatureCheck } from './signature';

/** Why a delivery's signature was refused, as said in the 401 answer. */
function signatureError(check: Extract<SignatureCheck, { ok: false }>): string {
	if (check.scheme === undefined) return `Missing signature: expected ${ED25519_HEADER} (Ed25519) or ${RSA_HEADER} (RSA)`;
	const header = check.scheme === 'ed25519' ? ED25519_HEADER : RSA_HEADER;
	if (check.reason === 'key') return `Cannot verify ${header}: ${check.problem} (check the node's public key)`;
	return check.reason === 'missing' ? `Missing ${header} signature` : `Invalid ${header} signature`;
}


export class ContactsApiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HighLevel Contacts API Trigger',
		name: 'contactsApiTrigger',
		icon: { light: 'file:contactsApi.svg', dark: 'file:contactsApi.dark.svg' },
		group: ['trigger'],
		// 2: see "Versions" in shared/triggers/skeleton.ts.
		// 3: the public keys under Options, contact events as the default (description.ts).
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{"HighLevel: " + ($parameter["events"].includes("*") ? "All events" : $parameter["events"].join(", "))}}',
		description:
			'Starts the workflow on HighLevel / LeadConnector webhooks (also white labels such as Taskee Portal), each signature-checked, no duplicate run',
		defaults: { name: 'Contacts API Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// n8n answers 200 once the execution exists (created, or enqueued in queue mode).
		webhooks: [webhookDescription()],
		properties,
	};

	/**
	 * n8n's lifecycle for a URL that the account owner pastes into the app dashboard
	 * (the API offers no webhook registration). None of these methods makes an API call:
	 * n8n itself starts and stops routing the production URL on activation. What the node
	 * can do honestly is remember which URL was current at the last activation, so that a
	 * changed URL (for example a new webhook path or base URL) is reported as needing a new
	 * paste. That URL lives in the generation-counted lifecycle record (not in a plain key a
	 * stale whole-object save of static data could erase or bring back), and deactivation
	 * keeps it: it stays the URL the dashboard was last given.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// Nothing at the service to check: create() runs on every activation (no API call).
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default');
				const legacy = this.getWorkflowStaticData('node').productionUrl;
				const previous = readLifecycle<{ productionUrl?: string }>(this, 'contactsApi')?.value?.productionUrl ?? legacy;
				if (typeof previous === 'string' && previous !== url) {
					this.logger.warn(
						`The production URL of "${this.getNode().name}" changed since the last activation; paste the new URL into the app dashboard (Advanced Settings → Webhook).`,
					);
				}
				if (previous !== url) writeLifecycle(this, 'contactsApi', { productionUrl: url });
				delete this.getWorkflowStaticData('node').productionUrl;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// The dashboard entry stays; until reactivation n8n answers its deliveries with 404.
				return true;
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeDelivered(this, dedupLimits(this.getNodeParameter('options', 0, {}) as IDataObject));
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const now = Date.now();
		const settings = readSettings(this);
		const raw = (await deliveryBytes(this)) ?? Buffer.alloc(0);

		const signature = verifyDelivery(raw, this.getHeaderData(), settings.signatureMode, settings.keys);
		if (!signature.ok) {
			const reason = signatureError(signature);
			// A key problem is the node's setup, not the sender's: say so in the log too.
			if (signature.reason === 'key') this.logger.warn(`${this.getNode().name}: ${reason}`);
			return refuse(this, 401, reason);
		}

		const payload = parsePayload(raw);
		if (!payload) return refuse(this, 400, 'The body is not a JSON object');

		const timestamp = checkTimestamp(payload.timestamp, settings, now);
		if (!timestamp.ok) return refuse(this, 401, timestamp.reason);

		const ignored = ignoredBecause(payload, settings);
		if (ignored) return acknowledge({ status: 'ignored', reason: ignored });

		const webhookId = webhookIdOf(payload);
		const mark: DeliveryMark = { key: deliveryKey(webhookId, raw), anchor: timestamp.at === null ? null : Math.max(timestamp.at, now) };
		const dedup = { maxEntries: settings.maxEntries, toleranceMs: settings.toleranceMs, now };
		return await startOnce(this, mark, dedup, { status: 'already processed', webhookId: webhookId ?? null }, () => {
			const meta: IDataObject = {
				eventType: typeof payload.type === 'string' ? payload.type : null,
				webhookId: webhookId ?? null,
				timestamp: typeof payload.timestamp === 'string' ? payload.timestamp : null,
				verifiedBy: signature.verifiedBy,
			};
			const json: IDataObject = { ...payload, _webhook: meta };
			if (isGuardedEvent(payload) && guardIsOn(this, settings.echoGuard)) {
				// Decided before any execution exists: an echo or stale delivery is answered 200 and starts nothing.
				const verdict = guardDelivery(this, { sys: 'hl', record: payload, eventTime: timestamp.at }, now, settings.toleranceMs);
				if (verdict.drop) return { acknowledge: verdict.answer };
				keepPass(verdict, json);
			}
			return { item: { json }, answer: { message: 'Workflow was started' } };
		});
	}
}
