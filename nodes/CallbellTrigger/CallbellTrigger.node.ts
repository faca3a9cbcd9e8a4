import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { echoGuardOption, guardDelivery, guardIsOn, guardMessage, readEchoGuardMode, type Verdict } from '../shared/sync/receive';
import { deliveryKey, type DeliveryMark } from '../shared/triggers/dedup';
import { acknowledge, webhookDescription } from '../shared/triggers/respond';
import { deliveryBytes, executeDelivered, keepPass, refuseLogged, registrationHooks, startOnce } from '../shared/triggers/skeleton';
import { OK_RESPONSE, readEnvelope, toItem } from './delivery';
import { CALLBELL_EVENTS } from './events';
import { markAnswer } from './ownership';
import { register, registrationExists, unregister } from './registration';
import { arrivalTime, signingSecret } from './secret';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, verifySignature, type SignatureCheck } from './signature';

/** Accepted deliveries remembered for the duplicate check (each lives for the signature window). */
const MAX_REMEMBERED = 1000;
const TOLERANCE_MS = SIGNATURE_TOLERANCE_SECONDS * 1000;
/** Events whose payload is the whole Contact object: the Echo Guard compares them. */
const GUARDED_EVENTS = new Set(['contact_created', 'contact_updated']);

const EVENTS_PROPERTY: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: CALLBELL_EVENTS,
	default: ['contact_created', 'contact_updated'],
	required: true,
	description: 'The Callbell events that start the workflow',
};

export class CallbellTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Callbell Trigger',
		name: 'callbellTrigger',
		icon: { light: 'file:callbell.svg', dark: 'file:callbell.dark.svg' },
		group: ['trigger'],
		// 2: see "Versions" in shared/triggers/skeleton.ts.
		// 3: starts with the contact events; 1 and 2 with none.
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{"Events: " + $parameter["events"].join(", ")}}',
		description: 'Starts the workflow when Callbell sends a webhook event',
		defaults: { name: 'Callbell Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'callbellApi', required: true }],
		webhooks: [
			// n8n answers {"status":"ok"} once the execution exists (created, or enqueued in queue mode).
			webhookDescription(),
			// The shape of Callbell's periodic connection checks is not documented; a GET on
			// the same URL is answered too instead of n8n's 404 (which would count as a failed
			// check). Same URL, so it is not shown separately.
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: true,
			},
		],
		properties: [
			{
				displayName: 'Deliveries are verified only when the Callbell credential has a Webhook Signing Secret.',
				name: 'signingNotice',
				type: 'notice',
				default: '',
			},
			// Version 3 starts with the contact events, the rule all three triggers follow (a new
			// trigger listens for its service's contact Created and Updated events); 1 and 2 with none.
			{ ...EVENTS_PROPERTY, displayOptions: { show: { '@version': [{ _cnd: { gte: 3 } }] } } },
			{ ...EVENTS_PROPERTY, default: [], displayOptions: { show: { '@version': [1, 2] } } },
			{
				displayName: 'Callbell keeps one webhook per account: activating fails while another endpoint receives it, unless Replace Existing Webhook is on.',
				name: 'oneWebhookNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Replace Existing Webhook',
				name: 'replaceExistingWebhook',
				type: 'boolean',
				default: false,
				description:
					"Whether to replace the account's webhook when Callbell's delivery log shows that another endpoint receives it (the Callbell dashboard, Zapier, Make, another workflow). Callbell keeps one webhook per account, so that endpoint stops receiving events.",
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [echoGuardOption],
			},
		],
	};

	webhookMethods = registrationHooks({ registrationExists, register, unregister });

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeDelivered(this, { maxEntries: MAX_REMEMBERED, toleranceMs: TOLERANCE_MS });
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// Every answer names this trigger, so Callbell's delivery log shows who received (ownership.ts).
		markAnswer(this);
		const arrivedAt = arrivalTime();
		const now = Date.now();
		const rawBody = await deliveryBytes(this);
		const envelope = readEnvelope(rawBody, this.getBodyData());
		// Connection checks carry no event. They start nothing and reveal nothing, so they
		// are answered whether or not they are signed.
		const event = envelope.event;
		if (event === undefined) return acknowledge(OK_RESPONSE);

		// A read shared with the deliveries of the last 0.1 s (secret.ts). What such a read may
		// have missed, a secret saved since, is asked again of a read that began after the
		// delivery arrived: when the secret decided a refusal (a signature that does not match,
		// or none), and when a signed delivery would pass unverified (a secret just added).
		const header = this.getHeaderData()[SIGNATURE_HEADER];
		const checkWith = (secret: string): SignatureCheck | undefined =>
			secret === '' ? undefined : verifySignature({ header, rawBody, secret, nowSeconds: Math.floor(now / 1000) });
		let read = await signingSecret(this, arrivedAt);
		let check = checkWith(read.secret);
		const secretMayDecide = check === undefined ? header !== undefined : !check.valid && (check.reason === 'mismatch' || check.reason === 'missing');
		if (secretMayDecide && !read.fresh) {
			read = await signingSecret(this, arrivedAt, true);
			check = checkWith(read.secret);
		}
		if (check?.valid === false) {
			return refuseLogged(this, 401, `Invalid ${SIGNATURE_HEADER}: ${check.reason}`, `Callbell Trigger rejected a delivery: signature ${check.reason}`);
		}
		const signedAt = check ? check.timestamp * 1000 : undefined;

		const events = this.getNodeParameter('events', []) as string[];
		// Acknowledged so Callbell does not retry it, but not ours to run (e.g. an event added
		// to the webhook in the Callbell dashboard).
		if (!events.includes(event)) return acknowledge(OK_RESPONSE);

		// The Echo Guard decides before the duplicate check, as in the Dialpad Trigger: a Callbell
		// event has no id and no update time, so a person's A→B→A revert can carry the very bytes
		// (and, within the same second, the same signed `t`) of the echo the guard dropped before
		// it; recording the dropped echo would make the revert read as its replay. An echo starts
		// nothing either way.
		let pass: Extract<Verdict, { drop: false }> | undefined;
		const guarded = GUARDED_EVENTS.has(event) || event === 'message_created';
		if (guarded && envelope.payload && typeof envelope.payload === 'object') {
			const options = this.getNodeParameter('options', {}) as IDataObject;
			if (guardIsOn(this, readEchoGuardMode(options))) {
				// Callbell sends no event time: echoes are recognised by their stamp (or this process's ledger).
				const payload = envelope.payload as IDataObject;
				const verdict =
					event === 'message_created'
						? guardMessage(this, payload, now)
						: guardDelivery(this, { sys: 'cb', record: payload, eventTime: null }, now, TOLERANCE_MS);
				if (verdict.drop) return acknowledge({ ...OK_RESPONSE, ...verdict.answer, status: 'ok' });
				pass = verdict;
			}
		}

		// Callbell's events carry no delivery id: what was signed (`t` and the exact bytes)
		// identifies a delivery, the bytes alone an unsigned one. A replay (same bytes, same
		// signature) is refused for as long as its timestamp is accepted.
		const raw = rawBody ?? Buffer.from(JSON.stringify(this.getBodyData()));
		const signed = signedAt === undefined ? raw : Buffer.concat([Buffer.from(`${signedAt / 1000}.`), raw]);
		const mark: DeliveryMark = { key: deliveryKey(undefined, signed), anchor: Math.max(signedAt ?? now, now) };
		const dedup = { maxEntries: MAX_REMEMBERED, toleranceMs: TOLERANCE_MS, now };
		return await startOnce(this, mark, dedup, { ...OK_RESPONSE, duplicate: true, message: 'already processed' }, () => {
			const item = toItem(envelope, check !== undefined);
			if (pass) keepPass(pass, item.json);
			return { item, answer: OK_RESPONSE };
		});
	}
}
