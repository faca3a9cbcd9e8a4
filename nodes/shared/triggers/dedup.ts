import { createHash } from 'crypto';
import type { DeduplicationHelperFunctions, IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * Duplicate-delivery record shared by the pack's triggers.
 *
 * What n8n 2.41 offers (read in its dist/, see also ../shared/reference/n8n-internals.md):
 * - The webhook context has no de-duplication helper (`checkProcessedAndRecord` exists only in
 *   Execute/SupplyData contexts, and is a read-modify-write of one row anyway).
 * - Workflow static data is loaded per request. When the request starts an execution,
 *   WorkflowRunner.run() wraps the same object in new `Workflow`s, which resets its
 *   "changed" flag, so what `webhook()` wrote is not saved by the webhook path; n8n saves
 *   static data again at the end of an execution (in the process that ran it: main, or the
 *   worker in queue mode) when the execution changed it. That is why the triggers also have
 *   an `execute()` that calls `persistInExecution`.
 * - Saves are whole-object writes without locking: the last writer wins.
 *
 * So the record is a grow-only set with expiry, written whole by every save:
 * 1. A process-local record, checked and updated synchronously (no await in between): copies of
 *    one delivery reaching one process are always caught, whatever the database does.
 * 2. Workflow static data ('node' scope): every write carries the union of what was loaded,
 *    everything this process has recorded or seen and still holds live, and the new key. An id
 *    erased by another process's older copy comes back with this process's next save, and each
 *    process learns the ids it loads, so its later saves carry them too.
 * Entries expire once the delivery's timestamp has left the replay window (the timestamp check
 * refuses any replay after that) and are bounded by maxEntries (oldest first).
 * Copies of one delivery reaching two processes within milliseconds of each other can both pass
 * (no atomic store is available to a node); route identical deliveries to one process (the
 * shipped nginx configuration hashes on the signature header) to close that window.
 */

export interface DeliveryMark {
	/** `id:<webhookId>`, or a digest of the raw body when the delivery carries no id. */
	key: string;
	/**
	 * The delivery's time in ms (its timestamp, or the arrival if later). From anchor + tolerance
	 * on, the timestamp check refuses replays, so the record may go. null: no timestamp.
	 */
	anchor: number | null;
}

export interface DedupSettings {
	/** How many keys are kept (oldest dropped first). */
	maxEntries: number;
	/** The replay window in ms: an entry lives until anchor + toleranceMs. */
	toleranceMs: number;
	/** Now, in ms since the epoch. */
	now: number;
}

type Entries = Map<string, number | null>;

const STATIC_DATA_FIELD = 'processedDeliveries';
const MAX_ID_LENGTH = 200;
const MAX_SCOPES = 1000;

/** Per workflow and node: key → anchor. */
const processLocal = new Map<string, Entries>();

/** The dedup key of a delivery: its id, else a digest of the exact body bytes. */
export function deliveryKey(deliveryId: string | undefined, raw: Buffer): string {
	if (deliveryId !== undefined && deliveryId.length <= MAX_ID_LENGTH) return `id:${deliveryId}`;
	const digest = createHash('sha256');
	digest.update(deliveryId === undefined ? raw : deliveryId);
	return `${deliveryId === undefined ? 'body' : 'id'}-sha256:${digest.digest('hex')}`;
}

function isLive(anchor: number | null, settings: DedupSettings): boolean {
	return anchor === null || settings.now <= anchor + settings.toleranceMs;
}

function scopeOf(ctx: IWebhookFunctions | IExecuteFunctions): string {
	return `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}`;
}

function localEntries(scope: string, settings: DedupSettings): Entries {
	let entries = processLocal.get(scope);
	if (!entries) {
		if (processLocal.size >= MAX_SCOPES) processLocal.delete(processLocal.keys().next().value as string);
		entries = new Map();
		processLocal.set(scope, entries);
	}
	for (const [key, anchor] of entries) if (!isLive(anchor, settings)) entries.delete(key);
	return entries;
}

/** Keeps the newest maxEntries (entries without a timestamp count as oldest). */
function trim(entries: Entries, maxEntries: number): Entries {
	if (entries.size <= maxEntries) return entries;
	const sorted = [...entries].sort(([, a], [, b]) => (a ?? -Infinity) - (b ?? -Infinity));
	return new Map(sorted.slice(-maxEntries));
}

/**
 * Stored as two flat arrays ({ keys, anchors }) rather than [key, anchor] pairs: n8n wraps
 * every nested static-data object in a change-tracking Proxy and serialises it per request,
 * and a thousand small arrays cost milliseconds where two long ones cost little.
 */
function storedEntries(data: IDataObject, settings: DedupSettings): Entries {
	const stored = data[STATIC_DATA_FIELD] as IDataObject | undefined;
	const keys = Array.isArray(stored?.keys) ? Array.from(stored.keys as unknown[]) : [];
	const anchors = Array.isArray(stored?.anchors) ? Array.from(stored.anchors as unknown[]) : [];
	const entries: Entries = new Map();
	keys.forEach((key, i) => {
		const anchor = anchors[i];
		if (typeof key === 'string' && (anchor === null || typeof anchor === 'number') && isLive(anchor, settings)) {
			entries.set(key, anchor);
		}
	});
	return entries;
}

/**
 * Writes stored ∪ local (∪ extra) into static data and teaches the local record what was stored.
 * Assigning a new object (rather than mutating the arrays) is what marks static data as changed.
 */
function writeUnion(data: IDataObject, local: Entries, settings: DedupSettings, extra?: DeliveryMark): void {
	const merged = storedEntries(data, settings);
	for (const [key, anchor] of merged) if (!local.has(key)) local.set(key, anchor);
	for (const [key, anchor] of local) merged.set(key, anchor);
	if (extra) merged.set(extra.key, extra.anchor);
	const kept = trim(merged, settings.maxEntries);
	replaceEntries(local, trim(local, settings.maxEntries));
	data[STATIC_DATA_FIELD] = { keys: [...kept.keys()], anchors: [...kept.values()] };
}

function replaceEntries(target: Entries, source: Entries): void {
	if (source === target) return;
	target.clear();
	for (const [key, anchor] of source) target.set(key, anchor);
}

function dedupHelper(ctx: IWebhookFunctions): DeduplicationHelperFunctions['checkProcessedAndRecord'] | undefined {
	const helpers = ctx.helpers as Partial<DeduplicationHelperFunctions>;
	return typeof helpers.checkProcessedAndRecord === 'function' ? helpers.checkProcessedAndRecord : undefined;
}

/**
 * Records the delivery; true when it had been accepted before (a duplicate).
 * Never throws; the only await is n8n's own de-duplication helper where a future n8n offers
 * it to webhooks.
 */
export async function checkAndRecord(
	ctx: IWebhookFunctions,
	mark: DeliveryMark,
	settings: DedupSettings,
): Promise<boolean> {
	const local = localEntries(scopeOf(ctx), settings);
	if (local.has(mark.key)) return true;
	local.set(mark.key, mark.anchor);
	replaceEntries(local, trim(local, settings.maxEntries));
	const helper = dedupHelper(ctx);
	if (helper) {
		const result = await helper.call(ctx.helpers, [mark.key], 'node', { mode: 'entries', maxEntries: settings.maxEntries });
		return result.processed.length > 0;
	}
	const data = ctx.getWorkflowStaticData('node');
	if (storedEntries(data, settings).has(mark.key)) return true;
	writeUnion(data, local, settings, mark);
	return false;
}

/**
 * Called from the trigger's `execute()` (the first step of the execution a delivery started):
 * writes the union of the execution's static data (which already holds the delivery: webhook()
 * wrote it into the very object n8n then stored with the execution) and this process's record,
 * so that n8n saves the record when the execution ends. In queue mode this runs on the worker.
 */
export function persistInExecution(ctx: IExecuteFunctions, settings: DedupSettings): void {
	writeUnion(ctx.getWorkflowStaticData('node'), localEntries(scopeOf(ctx), settings), settings);
}
