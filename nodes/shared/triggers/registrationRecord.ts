import { createHash } from 'crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readLifecycle, writeLifecycle, type LifecycleRecord } from './lifecycle';

/**
 * What the triggers that register at their service (Callbell, Dialpad) share around their
 * registration: the URL n8n gives them, the events chosen, the account a credential points
 * at, and their lifecycle record (lifecycle.ts) together with the static data key where
 * versions before it kept the registration.
 */

/** The production (or test) URL n8n gives this trigger. @throws NodeOperationError when there is none. */
export function webhookUrlOf(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n gave this trigger no webhook URL');
	return url;
}

/**
 * The events chosen in "Events", without repeats, checked before anything is sent.
 * @throws NodeOperationError when none is chosen or one is not in `known` (with `knownHint`
 * as its description when given).
 */
export function chosenEventsOf(ctx: IHookFunctions, known: ReadonlySet<string>, knownHint?: string): string[] {
	const raw = ctx.getNodeParameter('events', []) as unknown;
	const events = Array.isArray(raw) ? [...new Set(raw.map(String))] : [];
	if (events.length === 0) throw new NodeOperationError(ctx.getNode(), 'Choose at least one event in "Events"');
	const unknown = events.filter((e) => !known.has(e));
	if (unknown.length > 0) {
		const message = `Unknown event in "Events": ${unknown.join(', ')}`;
		throw knownHint === undefined
			? new NodeOperationError(ctx.getNode(), message)
			: new NodeOperationError(ctx.getNode(), message, { description: knownHint });
	}
	return events;
}

/**
 * Identifies "the same account" (API root and key) without storing the key anywhere: 32 hex
 * characters of a SHA-256.
 */
export function accountKeyOf(apiRoot: string, apiKey: unknown): string {
	return createHash('sha256').update(`${apiRoot}\n${String(apiKey ?? '')}`).digest('hex').slice(0, 32);
}

/** A trigger's registration record: its lifecycle record's name and the key versions before it used. */
export interface RecordPlace {
	/** The lifecycle record's name (lifecycle.ts). */
	name: string;
	/** Where versions before the lifecycle record kept the registration ('node' static data). */
	legacyKey: string;
}

/** The newest lifecycle record, and what an older version left under the legacy key (read only when there is no record). */
export function readRecord<T>(
	ctx: IHookFunctions | IWebhookFunctions,
	place: RecordPlace,
): { record: LifecycleRecord<T> | undefined; legacy: unknown } {
	const record = readLifecycle<T>(ctx, place.name);
	return { record, legacy: record ? undefined : ctx.getWorkflowStaticData('node')[place.legacyKey] };
}

/** Writes the next lifecycle record (undefined: unregistered) and drops the legacy key for good. */
export function writeRecord<T>(ctx: IHookFunctions, place: RecordPlace, value: T | undefined): void {
	writeLifecycle<T>(ctx, place.name, value);
	delete ctx.getWorkflowStaticData('node')[place.legacyKey];
}
