import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordWrite } from './ledger';
import { digestOf, type SyncSystem } from './normalise';
import { applyWrite, canonicalRecord, changedCodes, recordIdOf, type AppliedWrite } from './records';
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
