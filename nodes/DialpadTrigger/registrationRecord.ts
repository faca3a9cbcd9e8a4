import { createHash } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { apiBaseOf } from '../Dialpad/transport';
import { accountKeyOf, readRecord, writeRecord, type RecordPlace } from '../shared/triggers/registrationRecord';

/**
 * What the Dialpad Trigger keeps about its webhook and subscriptions (see registration.ts for
 * how they are made and removed): the IDs, the secret and the settings and account they were
 * made for, in its lifecycle record.
 */

export type Kind = 'call' | 'sms' | 'contact';

export interface Registration {
	webhookId: string;
	/** The JWT secret Dialpad signs deliveries with. Never output or logged. */
	secret: string;
	url: string;
	subscriptions: Array<{ kind: Kind; id: string }>;
	/** Digest of the settings and account it was made for (see settingsKey). */
	settings: string;
	account: string;
}

export interface TriggerConfig {
	events: string[];
	targetType: 'company' | 'office' | 'user';
	targetId?: string;
	contactType: 'shared' | 'local';
	includeInternal: boolean;
}

/** Where the record lives (registrationRecord.ts in shared/triggers). */
const PLACE: RecordPlace = { name: 'dialpad', legacyKey: 'dialpadWebhook' };

function isRegistration(value: unknown): value is Registration {
	const r = value as Registration | undefined;
	return !!r && typeof r.webhookId === 'string' && typeof r.secret === 'string' && Array.isArray(r.subscriptions);
}

/**
 * The registration the newest lifecycle record holds (a record of an older version counts).
 * Generation-counted, so a stale whole-object save of static data (a delivery or execution
 * that loaded it before an activation) cannot roll back what the hooks see on the process
 * that runs them; everything else checks Dialpad.
 */
export function storedRegistration(ctx: IHookFunctions | IWebhookFunctions): Registration | undefined {
	const { record, legacy } = readRecord<Registration>(ctx, PLACE);
	if (record) return isRegistration(record.value) ? record.value : undefined;
	return isRegistration(legacy) ? legacy : undefined;
}

export function save(ctx: IHookFunctions, registration: Registration): void {
	writeRecord(ctx, PLACE, { ...registration, subscriptions: [...registration.subscriptions] });
}

export function forget(ctx: IHookFunctions): void {
	writeRecord<Registration>(ctx, PLACE, undefined);
}

/** The account the credential points at, without storing the key itself. */
export function accountKey(credentials: IDataObject): string {
	return accountKeyOf(apiBaseOf(credentials), credentials.apiKey);
}

export function settingsKey(config: TriggerConfig, url: string): string {
	const normal = { ...config, events: [...config.events].sort(), url };
	return createHash('sha256').update(JSON.stringify(normal)).digest('hex').slice(0, 32);
}

