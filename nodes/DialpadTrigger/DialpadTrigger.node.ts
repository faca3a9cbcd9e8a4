import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { listSearch } from '../Dialpad/methods';
import { parseDialpadJson } from '../Dialpad/transport';
import { guardDelivery, guardIsOn, readEchoGuardMode, type Verdict } from '../shared/sync/receive';
import { deliveryKey } from '../shared/triggers/dedup';
import { acknowledge, refuse, webhookDescription } from '../shared/triggers/respond';
import { deliveryBytes, executeDelivered, keepPass, refuseLogged, registrationHooks, startOnce } from '../shared/triggers/skeleton';
import { properties } from './description';
import { contactHistory } from './contactEvents';
import { canonicalEvent, dedupLimits, eventTimeOf, eventTypeOf, isStale, readSettings } from './delivery';
import { register, registrationExists, unregister } from './registration';
import { secretFor } from './webhookSecret';
import { FAILURE_MESSAGES, verifyJwt } from './signature';

/** The Echo Guard's verdict on a contact event (Dialpad contact events carry no time), if guarded. */
function guardContactEvent(ctx: IWebhookFunctions, event: IDataObject, eventType: string, now: number, keepMs: number): Verdict | undefined {
	const contact = event.contact;
	if (eventType === 'contact.deleted' || !eventType.startsWith('contact.') || !contact || typeof contact !== 'object') return undefined;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const mode = readEchoGuardMode(options);
	if (!guardIsOn(ctx, mode)) return undefined;
	return guardDelivery(ctx, { sys: 'dp', mode, record: contact as IDataObject, eventTime: null }, now, keepMs);
}

export class DialpadTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dialpad Trigger',
		name: 'dialpadTrigger',
		icon: { light: 'file:dialpad.svg', dark: 'file:dialpad.dark.svg' },
		group: ['trigger'],
		// 2: see "Versions" in shared/triggers/skeleton.ts.
		// 3: starts with the contact events (description.ts); 1 and 2 with Call: Hangup.
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{"Events: " + $parameter["events"].join(", ")}}',
		description: 'Starts the workflow on verified Dialpad call, contact and SMS events',
		defaults: { name: 'Dialpad Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dialpadApi', required: true }],
		// Dialpad counts any 2xx within 5 s as delivered: n8n answers as soon as it has the run.
		webhooks: [webhookDescription()],
		properties,
	};

	methods = { listSearch };

	webhookMethods = registrationHooks({ registrationExists, register, unregister });

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeDelivered(this, dedupLimits(this.getNodeParameter('options', 0, {}) as IDataObject));
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const now = Date.now();
		const settings = readSettings(this);
		// The token is the body's exact bytes; n8n's parsed body is never used.
		const raw = (await deliveryBytes(this)) ?? Buffer.alloc(0);

		const secret = await secretFor(this);
		if (!secret) return refuse(this, 401, 'This trigger has no webhook secret: activate the workflow again');
		let check = verifyJwt(raw, { secret, nowMs: now, maxAgeMs: settings.maxAgeMs });
		if (!check.ok && check.reason === 'signature') {
			// The record in static data may be a stale copy holding an earlier registration's
			// secret (webhookSecret.ts, secretFor): Dialpad's copy decides.
			const current = await secretFor(this, { notThis: secret });
			if (current) check = verifyJwt(raw, { secret: current, nowMs: now, maxAgeMs: settings.maxAgeMs });
		}
		if (!check.ok) {
			return refuseLogged(this, 401, FAILURE_MESSAGES[check.reason], `Dialpad Trigger refused a delivery: ${FAILURE_MESSAGES[check.reason]}`);
		}
		// Parsed only now, after the signature held; long int64 IDs stay exact (as strings).
		const event = parseDialpadJson(check.payloadText) as IDataObject;
		const at = eventTimeOf(event, check.claims.iat);
		if (isStale(at, now, settings.maxAgeMs)) return refuse(this, 401, FAILURE_MESSAGES.stale);

		const eventType = eventTypeOf(event);
		if (!eventType || !settings.events.includes(eventType)) {
			return acknowledge({ status: 'ignored', reason: 'event not selected', eventType: eventType ?? null });
		}

		// The Echo Guard decides before the duplicate check here: a contact event is keyed by its
		// body alone, so recording a dropped echo would make a human's A→B→A revert (the same
		// body) read as its replay. An echo starts nothing either way.
		const verdict = guardContactEvent(this, event, eventType, now, settings.maxAgeMs);
		if (verdict?.drop) return acknowledge({ ...verdict.answer, eventType });

		// Contact events carry no time of their own: they are remembered from their arrival for
		// the max age, so retries and replays within it are caught (not later ones). A contact
		// event is keyed by its body and the contact's previous event (contactEvents.ts), so that
		// a person's A→B→A edit is a new event while a retry of A is not.
		const body = canonicalEvent(event);
		const history = eventType.startsWith('contact.') ? contactHistory(this, event, body, now, settings.maxAgeMs) : undefined;
		const mark = { key: deliveryKey(undefined, Buffer.from(history ? history.keyText : body)), anchor: Math.max(at ?? now, now) };
		const dedup = { maxEntries: settings.maxEntries, toleranceMs: settings.maxAgeMs, now };
		return await startOnce(this, mark, dedup, { status: 'already processed', eventType }, () => {
			const meta: IDataObject = { eventType, verified: true, receivedAt: new Date(now).toISOString() };
			const json: IDataObject = { ...event, _webhook: meta };
			if (verdict) keepPass(verdict, json);
			history?.accept();
			return { item: { json }, answer: { status: 'ok' } };
		});
	}
}
