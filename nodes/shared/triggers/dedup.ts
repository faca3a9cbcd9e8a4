import { createHash } from 'crypto';
import type { DeduplicationHelperFunctions, IDataObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * Duplicate-delivery protection for the trigger.
 *
 * What n8n 2.41 offers a webhook (investigated in n8n-core's node-execution-context/):
 * - `helpers.checkProcessedAndRecord` (DataDeduplicationService, backed by the CLI's
 *   `processed_data` table) is only given to the Execute and SupplyData contexts. The
 *   WebhookContext does not expose it, so `webhook()` cannot reach it.
 * - Workflow static data is available. For production webhooks n8n loads it fresh from the
 *   database for every request and saves it right after the response is sent
 *   (LiveWebhooks.executeWebhook → WorkflowStaticDataService.saveStaticData). So it survives
 *   restarts and is shared by all processes on one database, but only for active workflows,
 *   and the load/save is a read-modify-write without locking: two processes handling the
 *   same webhookId within milliseconds can both accept it (and the later save wins).
 *   Neither store is atomic across processes; the CLI's DeduplicationHelper is also a
 *   read-modify-write of one row.
 *
 * The chain used here, strongest available first:
 * 1. A process-local record checked and updated synchronously (no await in between), so
 *    concurrent duplicates inside one process are always caught, whatever the durable store.
 * 2. The durable store: n8n's deduplication helper when the webhook context offers it
 *    (scope 'node', mode 'entries', bounded by maxEntries), otherwise workflow static data
 *    (the fallback for n8n 2.41 and older, where the helper is absent in webhooks).
 *
 * Records are bounded by maxEntries. Static-data records also expire once the delivery's
 * timestamp has left the replay window, since the timestamp check then rejects any replay
 * anyway; deliveries without a timestamp are kept until pushed out by newer ones.
 */

export interface DeliveryMark {
	/** `id:<webhookId>`, or a digest of the raw body when the delivery carries no webhookId. */
	key: string;
	/**
	 * The delivery's time in ms (its timestamp, or the arrival if later). From anchor + tolerance
	 * on, the timestamp check refuses replays, so the record may go. null: no timestamp.
	 */
	anchor: number | null;
}

export interface DedupSettings {
	maxEntries: number;
	toleranceMs: number;
	now: number;
}

type Entry = [key: string, anchor: number | null];

const STATIC_DATA_FIELD = 'processedDeliveries';
const MAX_ID_LENGTH = 200;
const MAX_SCOPES = 1000;

/** Per workflow and node: key → anchor, in insertion order (oldest first). */
const processLocal = new Map<string, Map<string, number | null>>();

/** The dedup key of a delivery: its webhookId, else a digest of the exact body bytes. */
export function deliveryKey(webhookId: string | undefined, raw: Buffer): string {
	if (webhookId !== undefined && webhookId.length <= MAX_ID_LENGTH) return `id:${webhookId}`;
	const digest = createHash('sha256');
	digest.update(webhookId === undefined ? raw : webhookId);
	return `${webhookId === undefined ? 'body' : 'id'}-sha256:${digest.digest('hex')}`;
}

function isLive(anchor: number | null, settings: DedupSettings): boolean {
	return anchor === null || settings.now <= anchor + settings.toleranceMs;
}

function scopeOf(ctx: IWebhookFunctions): string {
	return `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}`;
}

function localEntries(scope: string): Map<string, number | null> {
	let entries = processLocal.get(scope);
	if (!entries) {
		if (processLocal.size >= MAX_SCOPES) processLocal.delete(processLocal.keys().next().value as string);
		entries = new Map();
		processLocal.set(scope, entries);
	}
	return entries;
}

/** Synchronous check-and-record in this process; true when the key was already there. */
function seenInProcess(scope: string, mark: DeliveryMark, settings: DedupSettings): boolean {
	const entries = localEntries(scope);
	for (const [key, anchor] of entries) if (!isLive(anchor, settings)) entries.delete(key);
	if (entries.has(mark.key)) return true;
	entries.set(mark.key, mark.anchor);
	while (entries.size > settings.maxEntries) entries.delete(entries.keys().next().value as string);
	return false;
}

function dedupHelper(ctx: IWebhookFunctions): DeduplicationHelperFunctions['checkProcessedAndRecord'] | undefined {
	const helpers = ctx.helpers as Partial<DeduplicationHelperFunctions>;
	return typeof helpers.checkProcessedAndRecord === 'function' ? helpers.checkProcessedAndRecord : undefined;
}

/**
 * Stored as two flat arrays ({ keys, anchors }) rather than [key, anchor] pairs: n8n wraps
 * every nested static-data object in a change-tracking Proxy and serialises it per request,
 * and a thousand small arrays cost milliseconds where two long ones cost little.
 */
function storedEntries(data: IDataObject): Entry[] {
	const stored = data[STATIC_DATA_FIELD] as IDataObject | undefined;
	const keys = Array.isArray(stored?.keys) ? Array.from(stored.keys as unknown[]) : [];
	const anchors = Array.isArray(stored?.anchors) ? Array.from(stored.anchors as unknown[]) : [];
	const entries: Entry[] = [];
	keys.forEach((key, i) => {
		const anchor = anchors[i];
		if (typeof key === 'string' && (anchor === null || typeof anchor === 'number')) entries.push([key, anchor]);
	});
	return entries;
}

/** Check-and-record in workflow static data ('node'); n8n persists it after the response. */
function seenInStaticData(ctx: IWebhookFunctions, mark: DeliveryMark, settings: DedupSettings): boolean {
	const data = ctx.getWorkflowStaticData('node');
	const stored = storedEntries(data);
	const live = stored.filter(([, anchor]) => isLive(anchor, settings));
	const duplicate = live.some(([key]) => key === mark.key);
	if (!duplicate) live.push([mark.key, mark.anchor]);
	const kept = live.slice(-settings.maxEntries);
	// Assigning (rather than mutating the arrays) is what marks static data as changed.
	if (!duplicate || kept.length !== stored.length) {
		data[STATIC_DATA_FIELD] = { keys: kept.map(([key]) => key), anchors: kept.map(([, anchor]) => anchor) };
	}
	return duplicate;
}

/** Records the delivery; true when it had been processed before (a duplicate). */
export async function checkAndRecord(
	ctx: IWebhookFunctions,
	mark: DeliveryMark,
	settings: DedupSettings,
): Promise<boolean> {
	if (seenInProcess(scopeOf(ctx), mark, settings)) return true;
	const helper = dedupHelper(ctx);
	if (helper) {
		const result = await helper.call(ctx.helpers, [mark.key], 'node', { mode: 'entries', maxEntries: settings.maxEntries });
		return result.processed.length > 0;
	}
	return seenInStaticData(ctx, mark, settings);
}
