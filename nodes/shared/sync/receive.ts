import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { findWrite, forgetWrites, hasWrites, WINDOW_MS } from './ledger';
import { digestOf, put, type SyncSystem } from './normalise';
import { canonicalRecord, echoMark, recordIdOf, stampIn } from './records';
import { parseStamp, stampKey, stampMatches } from './stamp';
import { SyncState } from './state';

/**
 * The triggers' side of the Echo Guard: decides, inside webhook() and after the signature,
 * replay and duplicate checks, whether a verified delivery is the echo of this pack's own write
 * (or older than one already applied), in which case the trigger answers 200 and returns no
 * workflowData, so no execution is ever created. Makes no API call.
 *
 *   echo  ⇔ the delivery carries a valid stamp whose HMAC equals that of the delivery's own
 *           values (records.ts), not invalidated for this record; or it carries none that
 *           matches and this process wrote the record so that it reads exactly so (ledger.ts)
 *   stale ⇔ its event time (HighLevel `timestamp`) is older than one already applied
 * Anything else passes: the record's earlier stamps and ledger entries are invalidated (so an
 * A→B→A revert passes), the high-water mark is raised, and the item gets `_sync`.
 *
 * Two records make a revert pass, so that it is lost only if the deciding process knows
 * neither: the invalidation its person's earlier edit made (`i:`), and, where the service sends
 * no event time (Callbell), that the stamp's echo was already dropped (`c:`, "consumed": the
 * services send one delivery per write, so a second delivery with the same stamp over the same
 * values is a person putting them back). In queue mode these live in the memory of the webhook
 * processors that decided the edit and the echo and in static data (state.ts), which another
 * processor's older copy can overwrite for a moment; measured in test/e2e-queue/two-way-sync.
 * A service that sent two deliveries for one write would cost one execution on the second
 * (Skip If Unchanged then writes nothing). HighLevel sends two events for some writes
 * (ContactUpdate and ContactTagUpdate, both stamped): there the stamp is not consumed; its
 * event time orders the deliveries instead.
 */

export type EchoGuardMode = 'auto' | 'off' | 'dataTable';

const AUTO = {
	name: 'Auto',
	value: 'auto',
	description:
		"In a workflow that writes with this pack's action nodes (a sync), deliveries caused by this pack's own writes start nothing and every passed item says why in _sync",
};
const OFF = { name: 'Off', value: 'off', description: 'Every delivery starts the workflow, as before' };

/** The trigger option (in each trigger's Options collection). */
export const echoGuardOption: INodeProperties = {
	displayName: "Drop Echoes of This Pack's Writes",
	name: 'echoGuard',
	type: 'options',
	default: 'auto',
	options: [AUTO, OFF],
	description:
		"Whether a change this pack's action nodes just made (for example the other half of a two-way sync) is ignored when its webhook comes back, so it cannot loop",
};

/**
 * The Dialpad Trigger's option: Dialpad contacts carry no stamp, so besides this process's
 * memory of its writes (Auto) the echoes can be told by marks a Data Table shares between the
 * two workflows and every process (queue mode): n8n 2.41 lets only its own Data Table node reach
 * a data table (data-table-proxy.service.js ALLOWED_NODES), so the workflows do the table part.
 */
export const dialpadEchoGuardOption: INodeProperties = {
	...echoGuardOption,
	options: [
		AUTO,
		{
			name: 'Marks in a Data Table (Queue Mode)',
			value: 'dataTable',
			description:
				"Every contact event starts the workflow with _sync.mark; a Data Table node right after the trigger deletes the row with that mark, which the other workflow inserted after its Dialpad write: a deleted row means an echo. Works across queue mode's processes (examples 8a/8b).",
		},
		OFF,
	],
	description:
		"Whether a change this pack's action nodes just made (for example the other half of a two-way sync) is ignored when its webhook comes back, so it cannot loop. In queue mode choose Marks in a Data Table: the worker that wrote is not the process that receives.",
};

export function readEchoGuardMode(options: IDataObject): EchoGuardMode {
	return options.echoGuard === 'off' ? 'off' : options.echoGuard === 'dataTable' ? 'dataTable' : 'auto';
}

const PACK_ACTIONS = ['.contactsApi', '.callbell', '.dialpad'];

/**
 * Auto guards a workflow that is one half of a sync: one with an action node of this pack after
 * the trigger (`getChildNodes` lists every node downstream). A workflow that only reads the
 * events (log them, notify someone) sees every delivery as before, with no `_sync`.
 */
export function guardIsOn(ctx: IWebhookFunctions, mode: EchoGuardMode): boolean {
	if (mode === 'off') return false;
	return ctx
		.getChildNodes(ctx.getNode().name)
		.some((node) => !node.disabled && PACK_ACTIONS.some((suffix) => node.type.endsWith(suffix)));
}

export interface GuardedDelivery {
	sys: SyncSystem;
	/** 'dataTable': no drop by this process's memory of writes; the item carries `_sync.mark`. */
	mode?: EchoGuardMode;
	/** The record as the delivery carries it (API shape). */
	record: IDataObject;
	/** The delivery's own event time in ms, when the service sends one (HighLevel). */
	eventTime: number | null;
}

export type Verdict =
	| { drop: true; reason: 'echo' | 'stale'; answer: IDataObject }
	| {
			drop: false;
			sync: IDataObject;
			/**
			 * Saves the receive state (the pass itself is recorded in memory by the decision). Called
			 * once the delivery is known to start an execution: not for a duplicate.
			 */
			commit(): void;
	  };

const keys = new Map<string, Buffer>();

function keyFor(ctx: IWebhookFunctions): Buffer {
	const id = ctx.getInstanceId();
	let key = keys.get(id);
	if (!key) keys.set(id, (key = stampKey(id)));
	return key;
}

/**
 * The guard's decision for one verified, new delivery. `keepMs`: how long the receive state
 * must remember a record (at least the trigger's replay window).
 */
export function guardDelivery(ctx: IWebhookFunctions, delivery: GuardedDelivery, now: number, keepMs = WINDOW_MS): Verdict {
	const { sys, record, eventTime } = delivery;
	const recordId = recordIdOf(sys, record);
	if (recordId === undefined) return { drop: false, sync: { echo: false, reason: 'no-record-id' }, commit: () => undefined };
	const state = SyncState.load(ctx, now, Math.max(keepMs, WINDOW_MS));
	const recordKey = `${sys}:${recordId}`;
	const hwm = state.get(`h:${recordKey}`);
	if (eventTime !== null && hwm !== undefined && eventTime < hwm) {
		state.save();
		return {
			drop: true,
			reason: 'stale',
			answer: { status: 'ignored', reason: 'older than a change already received for this record', recordId },
		};
	}

	const values = canonicalRecord(sys, record);
	const stamp = parseStamp(stampIn(sys, record));
	let matched: string | undefined;
	let reverted = false;
	// Where the service sends no event time, each write's echo is the first delivery that
	// carries its stamp over its values; a later one is a person's revert (module notes).
	const consumed = stamp && eventTime === null ? `c:${recordKey}:${stamp.hash}` : undefined;
	// A stamp older than the window is no longer matched: its invalidation may have expired.
	if (stamp && stamp.sys === sys && Math.abs(now - stamp.at) <= WINDOW_MS && stampMatches(keyFor(ctx), stamp, recordId, values)) {
		reverted = state.get(`i:${recordKey}:${stamp.hash}`) !== undefined || (consumed !== undefined && state.get(consumed) !== undefined);
		if (!reverted) matched = 'stamp';
	}
	let ledgerHad = false;
	// With marks in a Data Table every delivery runs: a mark the process's memory matched here
	// would stay in the table and later swallow a person's edit to the same values.
	const table = delivery.mode === 'dataTable';
	if (!matched && !reverted && !table) {
		ledgerHad = hasWrites(sys, recordId, now);
		if (ledgerHad && findWrite(sys, recordId, digestOf(values), now) !== undefined) matched = 'ledger';
	}
	if (eventTime !== null) state.raise(`h:${recordKey}`, eventTime);

	if (matched) {
		if (matched === 'stamp' && consumed !== undefined) state.raise(consumed, now);
		state.save();
		return {
			drop: true,
			reason: 'echo',
			answer: { status: 'ignored', reason: "echo of this pack's own write", recordId, by: matched },
		};
	}

	const reason = reverted ? 'reverted' : table ? 'data-table' : stamp || ledgerHad ? 'changed' : 'no-stamp';
	const sync: IDataObject = { echo: false, reason };
	if (stamp) sync.stamp = stamp.text;
	if (table) sync.mark = echoMark(sys, recordId, record);
	// Invalidated now, with no await since the decision: the next delivery of this record (an
	// A->B->A revert a moment later) may be decided while this one still awaits the duplicate
	// check, and must already see that a person changed the record. A duplicate of this
	// delivery would only invalidate the same entries again.
	if (stamp) state.raise(`i:${recordKey}:${stamp.hash}`, now);
	if (!table) forgetWrites(sys, recordId, now);
	return { drop: false, sync, commit: () => state.save() };
}

/** The metadata key that carries the stamp of a message sent by this pack (Callbell). */
export const MESSAGE_STAMP_KEY = 'n8n_sync';

/** The compared values of a Callbell message: its text (media messages: none). */
export function messageValues(text: unknown): Record<string, string> {
	const values: Record<string, string> = {};
	put(values, 'tx', 'text', text);
	return values;
}

/**
 * Callbell message_created: the echo of a message this pack sent carries its stamp in
 * `metadata.n8n_sync` (Callbell returns a sender's metadata in the webhook). A message is never
 * edited, so no receive state is needed: a valid stamp over the delivery's text within the
 * window is the echo.
 */
export function guardMessage(ctx: IWebhookFunctions, payload: IDataObject, now: number): Verdict {
	const metadata = payload.metadata;
	const text = metadata && typeof metadata === 'object' ? (metadata as IDataObject)[MESSAGE_STAMP_KEY] : undefined;
	const stamp = parseStamp(text);
	if (stamp && stamp.sys === 'cb' && Math.abs(now - stamp.at) <= WINDOW_MS && stampMatches(keyFor(ctx), stamp, undefined, messageValues(payload.text))) {
		return { drop: true, reason: 'echo', answer: { status: 'ignored', reason: "echo of this pack's own message", by: 'stamp' } };
	}
	const sync: IDataObject = { echo: false, reason: stamp ? 'changed' : 'no-stamp' };
	if (stamp) sync.stamp = stamp.text;
	return { drop: false, sync, commit: () => undefined };
}
