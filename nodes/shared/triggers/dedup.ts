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
	/**
	 * How many times n8n failed to start this delivery before (set by `checkAndRecord`; see
	 * `releaseFailed`): its entry in the record is its key's generation `gen`.
	 */
	gen?: number;
}

export interface DedupSettings {
	/** How many keys are kept (oldest dropped first). */
	maxEntries: number;
	/** The replay window in ms: an entry lives until anchor + toleranceMs. */
	toleranceMs: number;
	/** Now, in ms since the epoch. */
	now: number;
}

/** Record key (see `recordKey`) → anchor in ms; null: no timestamp. */
type Entries = Map<string, number | null>;

const STATIC_DATA_FIELD = 'processedDeliveries';
/** Deliveries n8n failed to start, released for their retry (see `releaseFailed`). */
const RELEASED_FIELD = 'releasedDeliveries';
/** Carries a delivery's mark from `webhook()` to `execute()`, which removes it from the output. */
const MARK_FIELD = '__deliveryMark';
/** How long the record is kept marked for n8n's save while n8n creates the execution. */
const MARK_FOR_MS = 30_000;
const MAX_ID_LENGTH = 200;
const MAX_SCOPES = 1000;
const BACKOFF_MS = 20;
/** Stored record format (see `encode`). */
const FORMAT = 'v2:';
/** Characters of base64url SHA-256 kept per key: 96 bits. */
const KEY_CHARS = 16;
/** Trims that drop at most this many entries scan for the oldest instead of sorting the whole record. */
const SCAN_TRIM_LIMIT = 16;

/** Per workflow and node: key → anchor. */
const processLocal = new Map<string, Entries>();
/** Per workflow and node: keys this process accepted whose answer (and so n8n's save) is not out yet. */
const unanswered = new Map<string, Set<string>>();
/** Bumped whenever a process-local record changes, so its encoding is made once per change. */
const versions = new WeakMap<Entries, number>();
/** The encoding of a process-local record at a version, shared by every request of the process. */
const encodings = new WeakMap<Entries, { version: number; text: string }>();
/** Encoded entries by record key: a record changes by one entry per delivery, so most are reused. */
const parts_ = new Map<string, { anchor: number | null; text: string }>();
const MAX_PARTS = 20_000;
/** Recently encoded or loaded texts → their live entries (read-only), so an unchanged load is not parsed again. */
const decoded = new Map<string, Entries>();
const DECODED_TEXTS = 8;

/** A released delivery: the generation its next acceptance is recorded under, and its anchor (for expiry). */
interface Release {
	gen: number;
	anchor: number | null;
}
type Releases = Map<string, Release>;
/** Per process-local record: the releases it knows (own and learned from loaded copies). */
const releasesOf = new WeakMap<Entries, Releases>();
/** Loaded or written release texts → their entries, so an unchanged text is not parsed again. */
const decodedReleases = new Map<string, Releases>();

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

/**
 * How a delivery key is kept in the record: the first 96 bits of its SHA-256, base64url
 * (16 characters, none of them a separator of `encode`). Whatever the key's length (a
 * webhookId up to 200 characters, a 76-character body digest), an entry costs the same few
 * bytes in every load and save n8n makes of the workflow's static data. Two different keys
 * share a record key with probability about n²/2⁹⁷ for n remembered keys (n = 1000: ~10⁻²³);
 * such a collision could only make a delivery read as already processed.
 */
export function recordKey(key: string): string {
	return createHash('sha256').update(key).digest('base64url').slice(0, KEY_CHARS);
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
	let expired = false;
	for (const [key, anchor] of entries) {
		if (!isLive(anchor, settings)) {
			entries.delete(key);
			expired = true;
		}
	}
	if (expired) gained(entries);
	return entries;
}

/** The order in which entries are pushed out: oldest anchor first (no timestamp first), ties by key. */
function older(keyA: string, a: number | null, keyB: string, b: number | null): number {
	return (a ?? -Infinity) - (b ?? -Infinity) || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0);
}

/**
 * Keeps the newest maxEntries, in place. Ties are broken by key so that every process keeps
 * the same entries of the same set (otherwise each would keep finding the other's choice
 * "missing" and write it back on every delivery). A delivery adds one entry at a time, so the
 * usual trim drops one: found by a scan (O(n)) rather than a sort of the whole record.
 */
function trim(entries: Entries, maxEntries: number): void {
	const excess = entries.size - maxEntries;
	if (excess <= 0) return;
	if (excess <= SCAN_TRIM_LIMIT) {
		for (let i = 0; i < excess; i++) {
			let oldestKey: string | undefined;
			let oldest: number | null = null;
			for (const [key, anchor] of entries) {
				if (oldestKey === undefined || older(key, anchor, oldestKey, oldest) < 0) {
					oldestKey = key;
					oldest = anchor;
				}
			}
			entries.delete(oldestKey as string);
		}
		return;
	}
	const sorted = [...entries].sort(([keyA, a], [keyB, b]) => older(keyA, a, keyB, b));
	for (const [key] of sorted.slice(0, excess)) entries.delete(key);
}

/**
 * The record as stored: one string, `v2:` then `<key>.<anchor>` entries joined by `,`, the key
 * from `recordKey`, the anchor in base-36 ms (empty: no timestamp). One string rather
 * than nested objects or arrays: n8n wraps every nested static-data object in a
 * change-tracking Proxy (walking arrays element by element) each time it builds a Workflow,
 * three times per delivery, and it parses and serialises the whole column on every load and
 * save; the string is also a third of the size or less of readable keys and decimal anchors.
 */
function encode(entries: Entries): string {
	const parts: string[] = [];
	for (const [key, anchor] of entries) {
		let part = parts_.get(key);
		if (part === undefined || part.anchor !== anchor) {
			part = { anchor, text: `${key}.${anchor === null ? '' : Math.round(anchor).toString(36)}` };
			if (parts_.size >= MAX_PARTS) parts_.delete(parts_.keys().next().value as string);
			parts_.set(key, part);
		}
		parts.push(part.text);
	}
	return FORMAT + parts.join(',');
}

function remember(text: string, entries: Entries): void {
	if (decoded.has(text)) return;
	if (decoded.size >= DECODED_TEXTS) decoded.delete(decoded.keys().next().value as string);
	decoded.set(text, entries);
}

/** This process's record as stored text: encoded once per change, then shared by every write. */
function encoded(local: Entries): string {
	const version = versions.get(local) ?? 0;
	const cached = encodings.get(local);
	if (cached && cached.version === version) return cached.text;
	const text = encode(local);
	encodings.set(local, { version, text });
	remember(text, new Map(local));
	return text;
}

function decode(text: string): Entries {
	const entries: Entries = new Map();
	if (!text.startsWith(FORMAT) || text.length === FORMAT.length) return entries;
	for (const part of text.slice(FORMAT.length).split(',')) {
		const dot = part.indexOf('.');
		if (dot !== KEY_CHARS) continue;
		const ms = part.length === dot + 1 ? null : parseInt(part.slice(dot + 1), 36);
		if (ms !== null && !Number.isFinite(ms)) continue;
		entries.set(part.slice(0, dot), ms);
	}
	return entries;
}

/**
 * The live entries of the copy of the record a request loaded (read-only). Reads the
 * `{ keys, anchors }` arrays of earlier versions of the pack too.
 */
function storedEntries(data: IDataObject, settings: DedupSettings): Entries {
	const stored = data[STATIC_DATA_FIELD];
	let all: Entries;
	if (typeof stored === 'string') {
		all = decoded.get(stored) ?? decode(stored);
		remember(stored, all);
	} else {
		const legacy = stored as IDataObject | undefined;
		const keys = Array.isArray(legacy?.keys) ? Array.from(legacy.keys as unknown[]) : [];
		const anchors = Array.isArray(legacy?.anchors) ? Array.from(legacy.anchors as unknown[]) : [];
		all = new Map();
		keys.forEach((key, i) => {
			const anchor = anchors[i];
			if (typeof key === 'string' && (anchor === null || typeof anchor === 'number')) all.set(recordKey(key), anchor);
		});
	}
	let live = all;
	for (const [key, anchor] of all) {
		if (!isLive(anchor, settings)) {
			if (live === all) live = new Map(all);
			live.delete(key);
		}
	}
	return live;
}

/**
 * The entries of a stored record as [recordKey, anchor ms | null], in stored order, expired
 * ones included (for tests and diagnostics; the triggers read it through `storedEntries`).
 */
export function readRecord(data: IDataObject): Array<[string, number | null]> {
	const stored = data[STATIC_DATA_FIELD];
	if (typeof stored === 'string') return [...decode(stored)];
	return [...storedEntries(data, { maxEntries: Infinity, toleranceMs: Infinity, now: 0 })];
}

/** Writes this process's record into a request's copy; the assignment marks static data as changed. */
function write(data: IDataObject, local: Entries): void {
	data[STATIC_DATA_FIELD] = encoded(local);
	const releases = releasesOf.get(local);
	if (releases && releases.size > 0) {
		const text = encodeReleases(releases);
		if (data[RELEASED_FIELD] !== text) data[RELEASED_FIELD] = text;
	}
}

function encodeReleases(releases: Releases): string {
	const parts: string[] = [];
	for (const [key, { gen, anchor }] of releases) parts.push(`${key}.${gen.toString(36)}.${anchor === null ? '' : Math.round(anchor).toString(36)}`);
	return FORMAT + parts.join(',');
}

function decodeReleases(text: string): Releases {
	let releases = decodedReleases.get(text);
	if (releases) return releases;
	releases = new Map();
	if (text.startsWith(FORMAT) && text.length > FORMAT.length) {
		for (const part of text.slice(FORMAT.length).split(',')) {
			const [key, gen, anchor] = part.split('.');
			const g = parseInt(gen, 36);
			const ms = anchor === '' || anchor === undefined ? null : parseInt(anchor, 36);
			if (key?.length !== KEY_CHARS || !Number.isInteger(g) || g < 1 || (ms !== null && !Number.isFinite(ms))) continue;
			releases.set(key, { gen: g, anchor: ms });
		}
	}
	if (decodedReleases.size >= DECODED_TEXTS) decodedReleases.delete(decodedReleases.keys().next().value as string);
	decodedReleases.set(text, releases);
	return releases;
}

/**
 * The releases this process knows for a record, after learning those of the loaded copy
 * (highest generation wins) and dropping expired ones. Nothing to do, and nothing stored, until a
 * delivery of the workflow has once been released.
 */
function learnReleases(local: Entries, data: IDataObject, settings: DedupSettings): Releases | undefined {
	const stored = data[RELEASED_FIELD];
	let releases = releasesOf.get(local);
	if (typeof stored === 'string') {
		for (const [key, release] of decodeReleases(stored)) {
			if (!releases) releasesOf.set(local, (releases = new Map()));
			if ((releases.get(key)?.gen ?? 0) < release.gen) releases.set(key, release);
		}
	}
	if (releases) for (const [key, release] of releases) if (!isLive(release.anchor, settings)) releases.delete(key);
	return releases;
}

/** The record key of a delivery at a generation (0: never released). */
function keyAt(mark: DeliveryMark, gen: number): string {
	return gen === 0 ? recordKey(mark.key) : recordKey(`${mark.key}#${gen}`);
}

/**
 * n8n answered a delivery it had been handed with 5xx: it did not create (or enqueue) the
 * execution (WorkflowRunner.run threw: "There was a problem executing the workflow", e.g. the
 * database not ready) and saved nothing. The sender will retry; had the key stayed recorded,
 * every retry would be answered "already processed" and never run. Its key may already be in
 * the database (other requests' saves carry the whole record, so that concurrent saves lose no
 * id), so rather than deleting it, the delivery moves to its next generation: a release record
 * (its own static-data field, highest generation wins on merge, written by this process's
 * later saves, learned by every process that loads it) makes every process check and record
 * the delivery's retry under a new key. Should the execution exist after all, the worker-side
 * check of execute() (executed.ts) runs it once in queue mode.
 */
function releaseFailed(local: Entries, mark: DeliveryMark, key: string): void {
	if (local.get(key) !== mark.anchor) return;
	local.delete(key);
	let releases = releasesOf.get(local);
	if (!releases) releasesOf.set(local, (releases = new Map()));
	const base = recordKey(mark.key);
	const gen = Math.max(releases.get(base)?.gen ?? 0, mark.gen ?? 0) + 1;
	releases.set(base, { gen, anchor: mark.anchor });
	gained(local);
}

function dedupHelper(ctx: IWebhookFunctions): DeduplicationHelperFunctions['checkProcessedAndRecord'] | undefined {
	const helpers = ctx.helpers as Partial<DeduplicationHelperFunctions>;
	return typeof helpers.checkProcessedAndRecord === 'function' ? helpers.checkProcessedAndRecord : undefined;
}

/** A request whose answer is not out yet: its copy of static data is kept marked. */
interface Unanswered {
	data: IDataObject;
	local: Entries;
	res: ReturnType<IWebhookFunctions['getResponseObject']>;
	until: number;
	/** With the answer's status code once it is out (undefined: the connection went, or time ran out). */
	answered: (status: number | undefined) => void;
}

const inFlight = new Set<Unanswered>();
let ticking = false;

/**
 * Keeps `data[STATIC_DATA_FIELD]` marked as changed until the answer has been sent (see the
 * module notes): on every timer turn, so a reset by n8n's run preparation is followed by a new
 * mark before the database and queue round trips that come after it have ended. Each turn
 * assigns this process's current record: one encoding per change, shared by every request in
 * flight, so a save also carries what concurrent requests of this process recorded. One timer
 * turn every millisecond serves every request in flight (it stops when none is left): the same
 * marks as a timer per request, without a timer and a promise per request and millisecond.
 * (Until 2026-12 each request ran its own loop, and each turn that saw a change re-parsed and
 * re-merged the whole record: 2.3 ms of n8n CPU per delivery at 10 in flight, bench/analysis.md.)
 */
async function keepMarkedUntilAnswered(ctx: IWebhookFunctions, data: IDataObject, local: Entries): Promise<number | undefined> {
	return await new Promise<number | undefined>((answered) => {
		inFlight.add({ data, local, res: ctx.getResponseObject(), until: Date.now() + MARK_FOR_MS, answered });
		if (!ticking) void tick();
	});
}

async function tick(): Promise<void> {
	ticking = true;
	try {
		while (inFlight.size > 0) {
			await sleep(1);
			const now = Date.now();
			for (const request of inFlight) {
				if (request.res.writableEnded || request.res.destroyed || now > request.until) {
					inFlight.delete(request);
					request.answered(request.res.writableEnded ? request.res.statusCode : undefined);
				} else {
					write(request.data, request.local);
				}
			}
		}
	} finally {
		ticking = false;
	}
}

/**
 * Teaches the local record what the loaded copy holds, and true when the copy lacks a live id
 * this process holds: another process saved a copy loaded before this process's save landed.
 */
function learn(stored: Entries, local: Entries, maxEntries: number, pending: Set<string> | undefined, current?: string): boolean {
	const cached = encodings.get(local);
	// The copy is this process's own latest write: nothing to learn, nothing missing.
	if (cached && cached.version === (versions.get(local) ?? 0) && decoded.get(cached.text) === stored) return false;
	let added = false;
	for (const [key, anchor] of stored) {
		if (!local.has(key)) {
			local.set(key, anchor);
			added = true;
		}
	}
	if (added) {
		trim(local, maxEntries);
		gained(local);
	}
	// Ids still being accepted (this delivery's own among them) are not saved yet: their absence
	// is no erasure, and a write for them would only add a save of a possibly stale copy.
	for (const key of local.keys()) if (!stored.has(key) && key !== current && !pending?.has(key)) return true;
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
	const helper = dedupHelper(ctx);
	const data = ctx.getWorkflowStaticData('node');
	// A delivery n8n failed to start before is checked and recorded under its next generation.
	const gen = helper ? 0 : (learnReleases(local, data, settings)?.get(recordKey(mark.key))?.gen ?? 0);
	mark.gen = gen;
	const key = keyAt(mark, gen);
	// Checked and set with no await in between: copies reaching this process are caught atomically.
	const seen = local.has(key);
	if (!seen) {
		local.set(key, mark.anchor);
		trim(local, settings.maxEntries);
		gained(local);
	}
	if (helper) {
		if (seen) return true;
		const result = await helper.call(ctx.helpers, [mark.key], 'node', { mode: 'entries', maxEntries: settings.maxEntries });
		return result.processed.length > 0;
	}
	const stored = storedEntries(data, settings);
	const duplicate = seen || stored.has(key);
	const pending = unanswered.get(scope);
	// Until 2026-12 this delivery's own new key counted as "erased", so every new delivery
	// waited out the back-off (1-20 ms) before its answer.
	const behind = learn(stored, local, settings.maxEntries, pending, key);
	if (duplicate) {
		// n8n saves static data marked as changed before it sends the acknowledgement as well.
		if (behind) write(data, local);
	} else {
		write(data, local);
		let waiting = pending;
		if (!waiting) unanswered.set(scope, (waiting = new Set()));
		waiting.add(key);
		void keepMarkedUntilAnswered(ctx, data, local).then((status) => {
			waiting.delete(key);
			if (waiting.size === 0 && unanswered.get(scope) === waiting) unanswered.delete(scope);
			if (status !== undefined && status >= 500) releaseFailed(local, mark, key);
		});
	}
	if (behind) await sleep(1 + Math.floor(Math.random() * BACKOFF_MS));
	return duplicate;
}

/** Adds the mark to the item that starts the execution (removed again by `persistInExecution`). */
export function withMark(item: INodeExecutionData, mark: DeliveryMark): INodeExecutionData {
	const carried: IDataObject = { key: mark.key, anchor: mark.anchor };
	if (mark.gen) carried.gen = mark.gen;
	return { ...item, json: { ...item.json, [MARK_FIELD]: carried } };
}

/** The delivery mark an item carries from `webhook()` (undefined: none). */
export function markOf(item: INodeExecutionData): DeliveryMark | undefined {
	return takeMark(item).mark;
}

function takeMark(item: INodeExecutionData): { item: INodeExecutionData; mark?: DeliveryMark } {
	const raw = item.json[MARK_FIELD] as IDataObject | undefined;
	if (raw === undefined) return { item };
	const json = { ...item.json };
	delete json[MARK_FIELD];
	const mark =
		typeof raw.key === 'string' && (raw.anchor === null || typeof raw.anchor === 'number')
			? { key: raw.key, anchor: raw.anchor as number | null, gen: typeof raw.gen === 'number' && raw.gen > 0 ? raw.gen : undefined }
			: undefined;
	return { item: { ...item, json }, mark };
}

/**
 * The trigger's `execute()`: the first step of the execution a delivery started (in queue mode
 * on a worker). Removes the marks from the items it passes on and adds them to this process's
 * record. In regular mode the execution runs on a copy of static data n8n reloaded for it
 * before the webhook path saved the new id; should a node of the execution change static data,
 * n8n saves that whole copy at the end, which would put the older record back. So the copy's
 * record is replaced by a getter that yields, when n8n serialises the copy, what the copy held
 * plus everything this process knows then (this delivery included). It is put there without
 * marking the copy as changed (`Object.defineProperty`: n8n's change tracking traps only
 * assignment and delete), and computed only if a save happens: the record alone never costs an
 * execution a second save of static data (the webhook path has saved it already), nor a merge
 * of the whole record. An active trigger always has its activation record in static data; an
 * empty copy is a queue-mode worker's (executions carry no static data) or a manual run's, and
 * writing it back would erase the workflow's static data, so it is left alone.
 */
export function persistInExecution(ctx: IExecuteFunctions, settings: DedupSettings): INodeExecutionData[] {
	const taken = ctx.getInputData().map(takeMark);
	const local = localEntries(scopeOf(ctx), settings);
	let added = false;
	for (const { mark } of taken) {
		if (!mark || !isLive(mark.anchor, settings)) continue;
		const key = keyAt(mark, mark.gen ?? 0);
		if (!local.has(key)) {
			local.set(key, mark.anchor);
			added = true;
		}
	}
	if (added) {
		trim(local, settings.maxEntries);
		gained(local);
	}
	const data = ctx.getWorkflowStaticData('node');
	if (Object.keys(data).length > 0) {
		const loaded = { [STATIC_DATA_FIELD]: data[STATIC_DATA_FIELD] } as IDataObject;
		Object.defineProperty(data, STATIC_DATA_FIELD, {
			get: () => {
				learn(storedEntries(loaded, { ...settings, now: Date.now() }), local, settings.maxEntries, undefined);
				return encoded(local);
			},
			set: (value: unknown) => {
				loaded[STATIC_DATA_FIELD] = value as IDataObject[string];
			},
			enumerable: true,
			configurable: true,
		});
	}
	return taken.map(({ item }) => item);
}
