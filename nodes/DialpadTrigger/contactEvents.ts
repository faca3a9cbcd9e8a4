import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { WINDOW_MS } from '../shared/sync/ledger';
import { recordIdOf } from '../shared/sync/records';
import { SyncState } from '../shared/sync/state';

/**
 * What makes a Dialpad contact event one delivery. The event is `{"event", "contact"}` and
 * nothing else: no event id, no time (../../shared/reference/dialpad-api.md §4, DOCS/contact-events),
 * and Dialpad retries a contact event on a 5xx 4 times within 0.1-0.8 s, on a timeout or a
 * connection error up to twice more, quickly (DOCS/webhook-delivery-failures). So a retry and a
 * person's later edit back to the same values (A→B→A) have the same body. Keyed by the body
 * alone (until 2026-12), that edit back was refused as a replay for the whole max event age
 * (15 minutes by default) and never reached the workflow.
 *
 * The duplicate key is the body plus the contact's latest accepted event other than this body
 * (which body, and when it was accepted): a retry or replay of A while A is still the contact's
 * last event repeats A's key and is refused; A after B is a new key and runs, and so is B again
 * after that (A→B→A→B). Copies of one delivery computed from the same history share their key,
 * so the duplicate record keeps catching concurrent copies. A contact's first event is keyed by
 * its body alone, as before.
 * What it cannot tell apart: a replay of an older event (within the max age) after newer ones
 * of the same contact is taken for an edit back to those values.
 *
 * Kept in the trigger's receive state (../shared/sync/state.ts: grow-only, max-merge, put back
 * after another process's save of an older copy): `d:dp:<contact id>:<body digest>` → when
 * this body was last accepted, in ms; entries live for the max event age (at least the echo
 * window, so that both share one pruning rule).
 */
export interface ContactHistory {
	/** Text the duplicate key is made of. */
	keyText: string;
	/** Records the event as the contact's latest (call once it starts an execution). */
	accept(): void;
}

/** Undefined when the event names no contact id (keyed by its body alone then). */
export function contactHistory(ctx: IWebhookFunctions, event: IDataObject, body: string, now: number, maxAgeMs: number): ContactHistory | undefined {
	const contact = event.contact;
	const id = contact && typeof contact === 'object' ? recordIdOf('dp', contact as IDataObject) : undefined;
	if (id === undefined) return undefined;
	// 96 bits of SHA-256, as stored since this record began (the duplicate record's keys are shorter now).
	const digest = createHash('sha256').update(body).digest('base64url').slice(0, 16);
	const state = SyncState.load(ctx, now, Math.max(maxAgeMs, WINDOW_MS));
	const prefix = `d:dp:${id}:`;
	const own = prefix + digest;
	let previous = '';
	let previousAt = -Infinity;
	// Ties broken by key, so every process that holds the same entries picks the same one.
	for (const [key, at] of state.withPrefix(prefix)) {
		if (key !== own && (at > previousAt || (at === previousAt && key > previous))) {
			previous = key;
			previousAt = at;
		}
	}
	return {
		keyText: previous ? `${body}\n${previous.slice(prefix.length)}@${previousAt}` : body,
		accept() {
			state.raise(own, now);
			state.save();
		},
	};
}
