import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_AGE_SECONDS } from './description';

/**
 * Reading a verified Dialpad event (DOCS/call-events, sms-events, contact-events):
 * - call events are CallProto snapshots: `call_id`, `state`, `event_timestamp` (ms);
 * - contact events: `{event: "Created"|"Updated"|"Deleted", contact: {...}}`, no timestamp;
 * - SMS events: `id`, `direction`, `created_date` (ms epoch per SPEC; seconds are accepted too).
 */

export interface TriggerSettings {
	events: string[];
	maxAgeMs: number;
	maxEntries: number;
}

function positive(value: unknown, fallback: number): number {
	const n = Number(value);
	return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function readSettings(ctx: IWebhookFunctions): TriggerSettings {
	const events = ctx.getNodeParameter('events', []) as unknown;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const limits = dedupLimits(options);
	return { events: Array.isArray(events) ? events.map(String) : [], maxAgeMs: limits.toleranceMs, maxEntries: limits.maxEntries };
}

/** How long events are accepted (and remembered) and how many are remembered, from the options. */
export function dedupLimits(options: IDataObject): { toleranceMs: number; maxEntries: number } {
	return {
		toleranceMs: positive(options.maxAgeSeconds, DEFAULT_MAX_AGE_SECONDS) * 1000,
		maxEntries: Math.floor(positive(options.maxEntries, 1000)),
	};
}

/** `call.hangup`, `contact.created`, `sms.inbound`, … or undefined for an unknown shape. */
export function eventTypeOf(event: IDataObject): string | undefined {
	if (event.call_id !== undefined && typeof event.state === 'string') return `call.${event.state}`;
	if (typeof event.event === 'string' && event.contact && typeof event.contact === 'object') return `contact.${event.event.toLowerCase()}`;
	if (event.id !== undefined && (event.direction === 'inbound' || event.direction === 'outbound')) return `sms.${event.direction}`;
	return undefined;
}

/** The event's own time in ms, or null when it carries none (contact events). */
export function eventTimeOf(event: IDataObject, iatSeconds?: number): number | null {
	for (const value of [event.event_timestamp, event.created_date]) {
		const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
		// Epoch seconds (10 digits) are read as such; ms otherwise.
		if (typeof n === 'number' && Number.isFinite(n) && n > 0) return n < 1e11 ? n * 1000 : n;
	}
	return iatSeconds !== undefined ? iatSeconds * 1000 : null;
}

/** A stale or far-future event is refused like a replay. */
export function isStale(at: number | null, now: number, maxAgeMs: number): boolean {
	return at !== null && (at < now - maxAgeMs || at > now + maxAgeMs);
}

/**
 * What identifies one event across Dialpad's retries: the same event body, whatever the
 * token around it (a retry may be signed again). JWT time claims are left out.
 */
export function canonicalEvent(event: IDataObject): string {
	return JSON.stringify(Object.fromEntries(Object.entries(event).filter(([key]) => !JWT_TIME_CLAIMS.has(key))));
}

const JWT_TIME_CLAIMS = new Set(['iat', 'exp', 'nbf']);
