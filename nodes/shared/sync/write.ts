import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forgetWrites, recordWrite } from './ledger';
import { digestOf, type SyncSystem } from './normalise';
import { applyWrite, canonicalRecord, changedCodes, echoMark, recordIdOf, type AppliedWrite } from './records';
import { makeStamp, stampKey } from './stamp';

/**
 * The action nodes' side of the Echo Guard: the two options, the decision whether to mark, the
 * stamp for a write and the ledger record after it.
 */

export type MarkWritesMode = 'auto' | 'off';

/** Name of the hidden text custom field that carries stamps on HighLevel and Callbell contacts. */
export const STAMP_FIELD_NAME = 'n8n Sync Stamp';

export const markWritesOption: INodeProperties = {
	displayName: 'Mark Writes for Echo Guard',
	name: 'markWrites',
	type: 'options',
	default: 'auto',
	options: [
		{
			name: 'Auto',
			value: 'auto',
			description: "On when this workflow starts with one of this pack's triggers (a sync), off otherwise",
		},
		{ name: 'Off', value: 'off', description: 'Write exactly what is given, as before' },
	],
	description: "Marks what this node writes so this pack's triggers in your other workflows ignore the echo of it",
};

/** The option with a second sentence saying where the mark goes on this system. */
export function markWritesWhere(where: string): INodeProperties {
	return { ...markWritesOption, description: `${markWritesOption.description as string}. ${where}` };
}

export const HIGHLEVEL_MARK = 'The mark is the text custom field "n8n Sync Stamp" of the contact, created in the location when missing.';
export const CALLBELL_MARK = 'The mark is the text custom field "n8n Sync Stamp" of the contact (add it in Callbell; without it writes go unmarked).';
export const DIALPAD_MARK = 'Dialpad contacts cannot carry a mark: this n8n process remembers the write (regular mode).';

export const skipUnchangedOption: INodeProperties = {
	displayName: 'Skip If Unchanged',
	name: 'skipUnchanged',
	type: 'boolean',
	default: false,
	description:
		'Whether to read the record first and send nothing when every field to write already has that value (compared as the guard normalises them); the item then carries _sync.skipped: "unchanged"',
};

const PACK_TRIGGERS = ['.contactsApiTrigger', '.callbellTrigger', '.dialpadTrigger'];

/**
 * Whether this node marks its writes: Off never; Auto when one of the workflow's start nodes
 * (the node's ancestors, all of them: `getParentNodes` walks to the roots) is one of this
 * pack's triggers, i.e. the workflow is (one half of) a sync.
 */
export function marksWrites(ctx: IExecuteFunctions, mode: unknown): boolean {
	if (mode === 'off') return false;
	const parents = ctx.getParentNodes(ctx.getNode().name);
	return parents.some((parent) => !parent.disabled && PACK_TRIGGERS.some((suffix) => parent.type.endsWith(suffix)));
}

export function readGuardOptions(ctx: IExecuteFunctions, itemIndex: number): { mark: boolean; skipUnchanged: boolean } {
	const mode = ctx.getNodeParameter('options.markWrites', itemIndex, 'auto');
	return {
		mark: marksWrites(ctx, mode),
		skipUnchanged: ctx.getNodeParameter('options.skipUnchanged', itemIndex, false) === true,
	};
}

const keys = new Map<string, Buffer>();

export function writeKey(ctx: IExecuteFunctions): Buffer {
	const id = ctx.getInstanceId();
	let key = keys.get(id);
	if (!key) keys.set(id, (key = stampKey(id)));
	return key;
}

/** What a guarded write will do, computed before it is sent. */
export interface PlannedWrite {
	write: AppliedWrite;
	/** Written fields whose value differs from the record read (only with `before`). */
	changed?: string[];
}

export function planWrite(sys: SyncSystem, before: IDataObject | undefined, body: IDataObject, customFieldId?: (id: string) => string | undefined): PlannedWrite {
	const write = applyWrite(sys, before ?? {}, body, customFieldId);
	return { write, changed: before ? changedCodes(sys, before, write) : undefined };
}

/** The stamp for a planned write of `recordId` ('' for a record that does not exist yet). */
export function stampFor(ctx: IExecuteFunctions, sys: SyncSystem, recordId: string, plan: PlannedWrite, now = Date.now()): string {
	return makeStamp(writeKey(ctx), sys, recordId, plan.write.codes, canonicalRecord(sys, plan.write.after), now);
}

/**
 * Puts the write into this process's ledger: the record as the API answered (and, when it was
 * read first, as predicted before sending, since the echo may be served before the answer is).
 */
export function ledgerWrite(sys: SyncSystem, answer: IDataObject | undefined, predicted?: { recordId: string; after: IDataObject }): void {
	const now = Date.now();
	if (predicted) recordWrite(sys, predicted.recordId, digestOf(canonicalRecord(sys, predicted.after)), now);
	const recordId = answer ? recordIdOf(sys, answer) : undefined;
	if (answer && recordId !== undefined) recordWrite(sys, recordId, digestOf(canonicalRecord(sys, answer)), now);
}

/** Predicted-state ledger entry written before the request goes out. */
export function ledgerPlanned(sys: SyncSystem, recordId: string, plan: PlannedWrite): void {
	recordWrite(sys, recordId, digestOf(canonicalRecord(sys, plan.write.after)), Date.now());
}

export interface GuardedWrite {
	/** Set when the write is skipped: the record as read, to output. */
	skipped?: IDataObject;
	/** The body to send (with the stamp when one is written). */
	body: IDataObject;
	/** Completes the output (`_sync`) and the ledger from the API's answer. */
	finish(answer: IDataObject | undefined): IDataObject;
	/** Call when the request failed: the predicted ledger entry goes. */
	abandon(): void;
}

export interface WriteGuardSpec {
	sys: SyncSystem;
	/** The record written; undefined when it does not exist yet or is not known (create, upsert). */
	recordId: string | undefined;
	body: IDataObject;
	/** Reads the record before the write (undefined: not readable, e.g. an upsert). */
	read?: () => Promise<IDataObject>;
	/** The record before the write when known without a read (`{}` for a create). */
	known?: IDataObject;
	/** Resolves custom fields given by key (HighLevel). */
	customFieldId?: (keyOrId: string) => string | undefined;
	/** Adds the stamp to the body; undefined when the system's record cannot carry one. */
	stamp?: (plan: PlannedWrite) => Promise<{ body: IDataObject; sync: IDataObject }>;
	/** `_sync` of a write without stamp carrier. */
	unstamped?: IDataObject;
}

/**
 * Plans one guarded write (ECHO-GUARD.md, write side): reads the record when Skip If Unchanged
 * or a stamp needs it, skips a write that changes nothing, adds the stamp, and keeps the write
 * in this process's ledger. Mark Writes Off and Skip If Unchanged off: the body goes out as
 * given and the output is the API's answer, as before.
 */
export async function guardWrite(ctx: IExecuteFunctions, itemIndex: number, spec: WriteGuardSpec): Promise<GuardedWrite> {
	const { mark, skipUnchanged } = readGuardOptions(ctx, itemIndex);
	const unguarded: GuardedWrite = { body: spec.body, finish: (answer) => answer ?? {}, abandon: () => undefined };
	const skip = skipUnchanged && spec.read !== undefined && spec.recordId !== undefined;
	if (!mark && !skip) return unguarded;

	// A stamp covers the whole record as the write leaves it, so marking reads it first too.
	const before = spec.known ?? (spec.read && (skip || spec.stamp) ? await spec.read() : undefined);
	const plan = planWrite(spec.sys, before, spec.body, spec.customFieldId);
	if (skip && plan.changed && plan.changed.length === 0) {
		return { ...unguarded, skipped: { ...before, _sync: { skipped: 'unchanged' } } };
	}
	if (!mark) return unguarded;

	const stamped = spec.stamp && before ? await spec.stamp(plan) : { body: spec.body, sync: spec.unstamped ?? { stamped: false } };
	const { recordId, sys } = spec;
	if (recordId !== undefined && before) ledgerPlanned(sys, recordId, plan);
	return {
		body: stamped.body,
		finish(answer) {
			ledgerWrite(sys, answer);
			// A record without a stamp also says how its echo will read: a workflow can keep that
			// mark where the other workflow's trigger checks it (a Data Table, examples 8a/8b).
			const id = !spec.stamp && answer ? recordIdOf(sys, answer) : undefined;
			const sync = answer && id !== undefined ? { ...stamped.sync, mark: echoMark(sys, id, answer) } : stamped.sync;
			return { ...(answer ?? {}), _sync: sync };
		},
		abandon() {
			if (recordId !== undefined) forgetWrites(sys, recordId, Date.now());
		},
	};
}

/**
 * Runs a guarded write: the record read when it is skipped, else the request with the guard's
 * body; a failed request takes its predicted ledger entry back and fails as it is.
 */
export async function runGuarded(guard: GuardedWrite, send: (body: IDataObject) => Promise<IDataObject>): Promise<IDataObject> {
	if (guard.skipped) return guard.skipped;
	const answer = await send(guard.body).catch((error: Error) => {
		guard.abandon();
		throw error;
	});
	return guard.finish(answer);
}
