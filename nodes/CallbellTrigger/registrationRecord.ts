import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { baseUrlOf } from '../Callbell/transport';
import { accountKeyOf, chosenEventsOf, readRecord, writeRecord, type RecordPlace } from '../shared/triggers/registrationRecord';
import { EVENT_NAMES } from './events';
import type { LogHorizon } from './ownership';

/**
 * What the Callbell Trigger keeps about its webhook (see registration.ts for how it is used):
 * its lifecycle record, the account a credential points at and the events chosen.
 */

export interface Registration {
	url: string;
	/** What Callbell answered it subscribed, in its order. */
	subscriptions: string[];
	createdAt: string | null;
	/** Fingerprint of the account (see accountKey); never the key itself. */
	account: string;
	registeredAt: string;
}

/**
 * The trigger's lifecycle record (../shared/triggers/lifecycle.ts: generation-counted, safe
 * against whole-object saves on the process that runs the hooks): subscribed, or
 * unsubscribed with where the delivery log stood then.
 */
export type CallbellLifecycle =
	| ({ state: 'subscribed' } & Registration)
	| { state: 'unsubscribed'; url: string; account: string; horizon?: LogHorizon; unsubscribedAt: string };

/** Where the record lives (registrationRecord.ts in shared/triggers). */
const PLACE: RecordPlace = { name: 'callbell', legacyKey: 'callbellWebhook' };
/** The lifecycle record's name, for `writtenHere`. */
export const LIFECYCLE = PLACE.name;

/** Identifies "the same Callbell account" without storing the API key anywhere. */
export function accountKey(credentials: IDataObject): string {
	return accountKeyOf(baseUrlOf(credentials), credentials.apiKey);
}

/** The newest lifecycle record (a registration of an older version counts as subscribed). */
export function lifecycleOf(ctx: IHookFunctions): CallbellLifecycle | undefined {
	const { record, legacy } = readRecord<CallbellLifecycle>(ctx, PLACE);
	if (record) return record.value;
	const old = legacy as Registration | undefined;
	return old && typeof old.url === 'string' ? { state: 'subscribed', ...old } : undefined;
}

/** The registration this trigger holds, if its newest record says it subscribed. */
export function storedRegistration(ctx: IHookFunctions): Registration | undefined {
	const current = lifecycleOf(ctx);
	if (current?.state !== 'subscribed') return undefined;
	return {
		url: current.url,
		subscriptions: current.subscriptions,
		createdAt: current.createdAt,
		account: current.account,
		registeredAt: current.registeredAt,
	};
}

export function record(ctx: IHookFunctions, value: CallbellLifecycle): void {
	writeRecord(ctx, PLACE, value);
}

/** The chosen events, checked before anything is sent. */
export function chosenEvents(ctx: IHookFunctions): string[] {
	return chosenEventsOf(ctx, EVENT_NAMES, `Callbell sends: ${[...EVENT_NAMES].join(', ')}`);
}


