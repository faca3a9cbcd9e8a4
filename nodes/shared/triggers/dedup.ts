import { createHash } from 'crypto';
import type {
	DeduplicationHelperFunctions,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * Duplicate-delivery record shared by the pack's triggers.
 *
 * What n8n 2.41 offers (read in its dist/, see also ../shared/reference/n8n-internals.md):
 * - The webhook context has no de-duplication helper (`checkProcessedAndRecord` exists only in
 *   Execute/SupplyData contexts, and is a read-modify-write of one row anyway).
 * - Workflow static data is loaded per request and saved by the webhook path (LiveWebhooks)
 *   right before n8n writes its answer, if it is marked as changed. When the request starts an
 *   execution, WorkflowRunner.run() first wraps the same object in a new `Workflow`
 *   (establishContextForPersistence), which resets that mark; then it reloads static data from
 *   the database for the execution (prepareNewExecution), does the database and queue I/O that
 *   create or enqueue the execution, and only then answers. So `checkAndRecord` marks the record
 *   as changed again on the next event-loop turns until the answer is out: n8n then saves it
 *   before acknowledging. (Executions in queue mode carry no static data: the worker starts
 *   from an empty copy and must never write it back.)
 * - Saves are whole-object writes without locking: the last writer wins.
 *
 * So the record is a grow-only set with expiry, written whole by every save:
 * 1. A process-local record, checked and updated synchronously (no await in between): copies of
 *    one delivery reaching one process are always caught, whatever the database does.
 * 2. Workflow static data ('node' scope): every write carries the union of what was loaded,
 *    everything this process has recorded or seen and still holds live, and the new key. An id
 *    erased by another process's older copy comes back with this process's next save (every
 *    verified delivery, a refused duplicate included, writes when the copy it loaded lacks an
 *    id this process holds), and each process learns the ids it loads, so that its later saves
 *    carry them too: once every process has loaded an id, no save can erase it again.
 * 3. A random back-off (1-20 ms) before answering when the loaded copy lacked such an id: two
 *    processes working in step (each loading just before the other saves) would otherwise keep
 *    erasing each other's new ids on every save and never load them; the back-off breaks the
 *    step so each process soon loads the other's ids. Measured in the two-process model
 *    (test/nodes/ContactsApiTrigger/dedup.test.ts): without it 1-12 of 120 re-sends to the
 *    other process ran twice with 4 requests in flight; with it none, at 2-16 in flight.
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
/** Carries a delivery's mark from `webhook()` to `execute()`, which removes it from the output. */
const MARK_FIELD = '__deliveryMark';
/** How long the record is kept marked for n8n's save while n8n creates the execution. */
const MARK_FOR_MS = 30_000;
const MAX_ID_LENGTH = 200;
const MAX_SCOPES = 1000;
const BACKOFF_MS = 20;

/** Per workflow and node: key → anchor. */
const processLocal = new Map<string, Entries>();
/** Per workflow and node: keys this process accepted whose answer (and so n8n's save) is not out yet. */
const unanswered = new Map<string, Set<string>>();
/** Bumped whenever a process-local record gains a key, so unchanged records are not rewritten. */
const versions = new WeakMap<Entries, number>();

function gained(local: Entries): void {
	versions.set(local, (versions.get(local) ?? 0) + 1);
}

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

/**
 * Test deliveries (the editor's "Listen for test event") get their own scope: n8n never saves
 * static data for them, so in the production scope they would read as ids erased by another
 * process and cost every production delivery a write and a back-off until they expire.
 */
export function scopeOf(ctx: IWebhookFunctions | IExecuteFunctions): string {
	const scope = `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}`;
	return ctx.getMode() === 'manual' ? `${scope}\u0000manual` : scope;
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

/**
 * Keeps the newest maxEntries (entries without a timestamp count as oldest). Ties are broken by
 * key so that every process keeps the same entries of the same set (otherwise each would keep
 * finding the other's choice "missing" and write it back on every delivery).
 */
function trim(entries: Entries, maxEntries: number): Entries {
	if (entries.size <= maxEntries) return entries;
	const sorted = [...entries].sort(
		([keyA, a], [keyB, b]) => (a ?? -Infinity) - (b ?? -Infinity) || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0),
	);
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
function writeUnion(
	data: IDataObject,
	local: Entries,
	settings: DedupSettings,
	extra?: DeliveryMark,
	// The caller's parse of the same copy, when it has one (saves a second parse per delivery).
	stored: Entries = storedEntries(data, settings),
): void {
	const merged = new Map(stored);
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
 * Keeps `data[STATIC_DATA_FIELD]` marked as changed until the answer has been sent (see the
 * module notes): on every timer turn, so a reset by n8n's run preparation is followed by a new
 * mark before the database and queue round trips that come after it have ended.
 */
async function keepMarkedUntilAnswered(
	ctx: IWebhookFunctions,
	data: IDataObject,
	local: Entries,
	settings: DedupSettings,
): Promise<void> {
	const res = ctx.getResponseObject();
	const until = Date.now() + MARK_FOR_MS;
	let written = versions.get(local);
	for (;;) {
		await sleep(1);
		if (res.writableEnded || res.destroyed || Date.now() > until) return;
		if (versions.get(local) !== written) {
			// Rewritten whole: it then also carries what concurrent requests of this process recorded.
			written = versions.get(local);
			writeUnion(data, local, { ...settings, now: Date.now() });
		} else {
			// Nothing new: assigning the same value marks it changed (n8n's ObservableObject marks
			// on every set) without the cost of a union on every tick. That cost, paid every
			// millisecond by each request in flight, slowed webhook processors enough that
			// queue jobs finished before n8n listened for their end (executions left in the
			// active list: a 30 s shutdown wait).
			const record = data[STATIC_DATA_FIELD];
			data[STATIC_DATA_FIELD] = record;
		}
	}
}

/**
 * Teaches the local record what the loaded copy holds, and true when the copy lacks a live id
 * this process holds: another process saved a copy loaded before this process's save landed.
 */
function learn(stored: Entries, local: Entries, maxEntries: number, pending: Set<string> | undefined): boolean {
	let added = false;
	for (const [key, anchor] of stored) {
		if (!local.has(key)) {
			local.set(key, anchor);
			added = true;
		}
	}
	if (added) gained(local);
	replaceEntries(local, trim(local, maxEntries));
	// Ids still being accepted are not saved yet: their absence is no erasure, and a write for
	// them would only add a save of a possibly stale copy.
	for (const key of local.keys()) if (!stored.has(key) && !pending?.has(key)) return true;
	return false;
}

/**
 * Records the delivery; true when it had been accepted before (a duplicate).
 * Every verified delivery, a refused duplicate included, teaches this process what the database
 * holds and puts back what another process's save erased (see the module notes), also when only
 * re-sends are flowing (before: 3-4 of 400 re-sends to the other queue-mode processor ran twice).
 * Never throws; it awaits only the back-off and n8n's own de-duplication helper where a future
 * n8n offers it to webhooks.
 */
export async function checkAndRecord(
	ctx: IWebhookFunctions,
	mark: DeliveryMark,
	settings: DedupSettings,
): Promise<boolean> {
	const scope = scopeOf(ctx);
	const local = localEntries(scope, settings);
	// Checked and set with no await in between: copies reaching this process are caught atomically.
	const seen = local.has(mark.key);
	if (!seen) {
		local.set(mark.key, mark.anchor);
		replaceEntries(local, trim(local, settings.maxEntries));
		gained(local);
	}
	const helper = dedupHelper(ctx);
	if (helper) {
		if (seen) return true;
		const result = await helper.call(ctx.helpers, [mark.key], 'node', { mode: 'entries', maxEntries: settings.maxEntries });
		return result.processed.length > 0;
	}
	const data = ctx.getWorkflowStaticData('node');
	const stored = storedEntries(data, settings);
	const duplicate = seen || stored.has(mark.key);
	const behind = learn(stored, local, settings.maxEntries, unanswered.get(scope));
	if (duplicate) {
		// n8n saves static data marked as changed before it sends the acknowledgement as well.
		if (behind) writeUnion(data, local, settings, undefined, stored);
	} else {
		writeUnion(data, local, settings, mark, stored);
		let pending = unanswered.get(scope);
		if (!pending) unanswered.set(scope, (pending = new Set()));
		pending.add(mark.key);
		void keepMarkedUntilAnswered(ctx, data, local, settings).finally(() => {
			pending.delete(mark.key);
			if (pending.size === 0 && unanswered.get(scope) === pending) unanswered.delete(scope);
		});
	}
	if (behind) await sleep(1 + Math.floor(Math.random() * BACKOFF_MS));
	return duplicate;
}

/** Adds the mark to the item that starts the execution (removed again by `persistInExecution`). */
export function withMark(item: INodeExecutionData, mark: DeliveryMark): INodeExecutionData {
	return { ...item, json: { ...item.json, [MARK_FIELD]: { key: mark.key, anchor: mark.anchor } } };
}

function takeMark(item: INodeExecutionData): { item: INodeExecutionData; mark?: DeliveryMark } {
	const raw = item.json[MARK_FIELD] as IDataObject | undefined;
	if (raw === undefined) return { item };
	const json = { ...item.json };
	delete json[MARK_FIELD];
	const mark =
		typeof raw.key === 'string' && (raw.anchor === null || typeof raw.anchor === 'number')
			? { key: raw.key, anchor: raw.anchor as number | null }
			: undefined;
	return { item: { ...item, json }, mark };
}

/**
 * The trigger's `execute()`: the first step of the execution a delivery started (in queue mode
 * on a worker). Removes the marks from the items it passes on and adds them to this process's
 * record. In regular mode the execution runs on a copy of static data n8n reloaded for it
 * before the webhook path saved the new id; the union is written into that copy too, so that
 * a save at the end of the execution (any node changing static data triggers one) cannot put
 * the older record back. An active trigger always has
 * its activation record in static data; an empty copy is a queue-mode worker's (executions
 * carry no static data) or a manual run's, and writing it back would erase the workflow's
 * static data, so it is left alone.
 */
export function persistInExecution(ctx: IExecuteFunctions, settings: DedupSettings): INodeExecutionData[] {
	const taken = ctx.getInputData().map(takeMark);
	const local = localEntries(scopeOf(ctx), settings);
	for (const { mark } of taken) {
		if (mark && isLive(mark.anchor, settings) && !local.has(mark.key)) {
			local.set(mark.key, mark.anchor);
			gained(local);
		}
	}
	replaceEntries(local, trim(local, settings.maxEntries));
	const data = ctx.getWorkflowStaticData('node');
	if (Object.keys(data).length > 0) writeUnion(data, local, settings);
	return taken.map(({ item }) => item);
}
