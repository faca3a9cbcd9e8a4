import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { readEchoGuardMode, type EchoGuardMode } from '../shared/sync/receive';
import { ALL_EVENTS } from './description';
import { PUBLISHED_ED25519_PUBLIC_KEY, PUBLISHED_RSA_PUBLIC_KEY, type SignatureKeys, type SignatureMode } from './signature';

/** The node's parameters as the webhook handler uses them. */
export interface TriggerSettings {
	events: string[];
	locationId: string;
	signatureMode: SignatureMode;
	keys: SignatureKeys;
	allowMissingTimestamp: boolean;
	toleranceMs: number;
	maxEntries: number;
	echoGuard: EchoGuardMode;
}

/** The replay window and record size from the node's options (defaults: 300 s, 1000 entries). */
export function dedupLimits(options: IDataObject): Pick<TriggerSettings, 'toleranceMs' | 'maxEntries'> {
	return {
		toleranceMs: positive(options.timestampToleranceSeconds, 300) * 1000,
		maxEntries: Math.floor(positive(options.maxRememberedDeliveries, 1000)),
	};
}

/** Comma- or newline-separated event types from the "Other Event Types" option. */
function otherEvents(value: unknown): string[] {
	return typeof value === 'string' ? value.split(/[,\n]/).map((type) => type.trim()).filter((type) => type !== '') : [];
}

const SIGNATURE_MODES: SignatureMode[] = ['auto', 'ed25519', 'rsa', 'off'];

function positive(value: unknown, fallback: number): number {
	const number = Number(value);
	return Number.isFinite(number) && number > 0 ? number : fallback;
}

export function readSettings(ctx: IWebhookFunctions): TriggerSettings {
	const mode = ctx.getNodeParameter('signatureMode', 'auto') as SignatureMode;
	const signatureMode = SIGNATURE_MODES.includes(mode) ? mode : 'auto';
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const keys: SignatureKeys = {};
	// Version 3 keeps the keys under Options (an option not added means HighLevel's published
	// key); versions 1 and 2 as main parameters, only read for the modes that show them.
	const inOptions = ctx.getNode().typeVersion >= 3;
	const key = (name: 'rsaPublicKey' | 'ed25519PublicKey', published: string): string =>
		inOptions ? String(options[name] ?? published) : String(ctx.getNodeParameter(name, ''));
	if (signatureMode === 'auto' || signatureMode === 'rsa') keys.rsa = key('rsaPublicKey', PUBLISHED_RSA_PUBLIC_KEY);
	if (signatureMode === 'auto' || signatureMode === 'ed25519') keys.ed25519 = key('ed25519PublicKey', PUBLISHED_ED25519_PUBLIC_KEY);
	const events = ctx.getNodeParameter('events', [ALL_EVENTS]) as string[];
	return {
		events: [...(Array.isArray(events) ? events : [String(events)]), ...otherEvents(options.otherEvents)],
		locationId: String(ctx.getNodeParameter('locationId', '') ?? '').trim(),
		signatureMode,
		keys,
		allowMissingTimestamp: options.allowMissingTimestamp === true,
		echoGuard: readEchoGuardMode(options),
		...dedupLimits(options),
	};
}

/** The body as a JSON object, or undefined when it is anything else (also arrays and empty). */
export function parsePayload(raw: Buffer): IDataObject | undefined {
	let value: unknown;
	try {
		value = JSON.parse(raw.toString('utf8'));
	} catch {
		return undefined;
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export type TimestampCheck = { ok: true; at: number | null } | { ok: false; reason: string };

/** Replay window: the body's ISO `timestamp` must lie within the tolerance, past or future. */
export function checkTimestamp(value: unknown, settings: TriggerSettings, now: number): TimestampCheck {
	if (value === undefined || value === null || value === '') {
		return settings.allowMissingTimestamp ? { ok: true, at: null } : { ok: false, reason: 'Missing timestamp' };
	}
	const at = typeof value === 'string' && ISO_DATE_TIME.test(value) ? Date.parse(value) : NaN;
	if (Number.isNaN(at)) return { ok: false, reason: 'Invalid timestamp' };
	if (Math.abs(now - at) > settings.toleranceMs) return { ok: false, reason: 'Timestamp outside the accepted window' };
	return { ok: true, at };
}

/** Why a verified delivery starts nothing, or undefined when it should start the workflow. */
export function ignoredBecause(payload: IDataObject, settings: TriggerSettings): string | undefined {
	const type = typeof payload.type === 'string' ? payload.type : '';
	if (!settings.events.includes(ALL_EVENTS) && !settings.events.includes(type)) return 'event not selected';
	if (settings.locationId !== '' && payload.locationId !== settings.locationId) return 'other location';
	return undefined;
}

export function webhookIdOf(payload: IDataObject): string | undefined {
	const id = payload.webhookId;
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Contact events carry the whole contact: the Echo Guard compares them (not ContactDelete). */
const GUARDED_EVENTS = new Set(['ContactCreate', 'ContactUpdate', 'ContactTagUpdate', 'ContactDndUpdate']);

export function isGuardedEvent(payload: IDataObject): boolean {
	return typeof payload.type === 'string' && GUARDED_EVENTS.has(payload.type);
}
