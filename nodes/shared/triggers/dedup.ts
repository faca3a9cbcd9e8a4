import { createHash } from 'crypto';
import type {
	DeduplicationHelperFunctions,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	encoded,
	gained,
	heldAt,
	isLive,
	ownVersion,
	learn,
	localEntries,
	scopeOf,
	STATIC_DATA_FIELD,
	storedEntries,
	trim,
	installRecord,
	write as writeRecord,
	type DedupSettings,
	type DeliveryMark,
	type Entries,
} from './dedupRecord';
import { generationOf, keyAt, releaseFailed, writeReleases } from './dedupReleases';
import { executesWhatItAccepts, forgetAccepted, noteAccepted, noteSavedBeforeRun } from './acceptedHere';

export type { DedupSettings, DeliveryMark } from './dedupRecord';

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
 *   as changed again until the answer is out (right after each reset where the request's whole
 *   static data is at hand, `markAfterResets`; else on every timer turn): n8n then saves it
 *   before acknowledging. (Executions in queue mode carry no static data: the worker starts
 *   from an empty copy and must never write it back.) In regular mode requests in flight share
 *   saves (`saveBeforeAnswer`): a request waits, before its run, for a save under way that
 *   carries its delivery. Letting them run and skipping the saves of those whose delivery a
 *   save had carried by the time n8n asks (tried 2026-12-04, with n8n's flag set from the
 *   record's saved version on every turn) spared 13 of 1,000 saves: the save that carries a
 *   delivery waits behind that request's own execution insert in the database's write queue.
 * - An execution-level de-duplication key with a unique index exists in n8n 2.41
 *   (execution_entity.deduplicationKey), but only n8n's schedules and the `emit` of trigger
 *   nodes that are not webhooks pass one (ITriggerFunctions); the webhook path passes none.
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
 * 3. A random back-off (1-20 ms) before answering when the loaded copy lacked such an id and
 *    was not one this process saved itself (`ownVersion`): two processes working in step (each
 *    loading just before the other saves) would otherwise keep erasing each other's new ids on
 *    every save and never load them; the back-off breaks the
 *    step so each process soon loads the other's ids. Measured in the two-process model
 *    (test/nodes/ContactsApiTrigger/dedup.test.ts): without it 1-12 of 120 re-sends to the
 *    other process ran twice with 4 requests in flight; with it none, at 2-16 in flight.
 * Entries expire once the delivery's timestamp has left the replay window (the timestamp check
 * refuses any replay after that) and are bounded by maxEntries (oldest first).
 * Copies of one delivery reaching two processes within a few tens of milliseconds of each other
 * can both pass (no atomic store is available to a node): until the other process has loaded
 * the id, a save of an older copy can erase it (in the two-process model at 16 requests in
 * flight, 4 of 7,200 re-sends sent 11-28 ms after the first copy's answer ran twice; none sent
 * 100 ms after). Route identical deliveries to one process (the shipped nginx configuration
 * hashes on the signature header) to close that window.
 */

/** Carries a delivery's mark from `webhook()` to `execute()`, which removes it from the output. */
const MARK_FIELD = '__deliveryMark';
/** How long the record is kept marked for n8n's save while n8n creates the execution. */
const MARK_FOR_MS = 30_000;
const MAX_ID_LENGTH = 200;
const BACKOFF_MS = 20;
/** How long a delivery waits for a save under way before it saves its own copy (`follow`). */
const FOLLOW_MS = 2_000;
/** Per workflow and node: keys this process accepted whose answer (and so n8n's save) is not out yet. */
const unanswered = new Map<string, Set<string>>();

/** The dedup key of a delivery: its id, else a digest of the exact body bytes. */
export function deliveryKey(deliveryId: string | undefined, raw: Buffer): string {
	if (deliveryId !== undefined && deliveryId.length <= MAX_ID_LENGTH) return `id:${deliveryId}`;
	const digest = createHash('sha256');
	digest.update(deliveryId === undefined ? raw : deliveryId);
	return `${deliveryId === undefined ? 'body' : 'id'}-sha256:${digest.digest('hex')}`;
}

function dedupHelper(ctx: IWebhookFunctions): DeduplicationHelperFunctions['checkProcessedAndRecord'] | undefined {
	const helpers = ctx.helpers as Partial<DeduplicationHelperFunctions>;
	return typeof helpers.checkProcessedAndRecord === 'function' ? helpers.checkProcessedAndRecord : undefined;
}

/** Writes this process's record, and the deliveries it released, into a request's copy. */
function write(data: IDataObject, local: Entries): void {
	writeRecord(data, local);
	writeReleases(data, local);
}

/** A request whose answer is not out yet: its copy of static data is kept marked. */
interface Unanswered {
	data: IDataObject;
	local: Entries;
	res: ReturnType<IWebhookFunctions['getResponseObject']>;
	until: number;
	/** With the answer's status code once it is out (undefined: the connection went first). Once only. */
	answered: (status: number | undefined) => void;
}

const inFlight = new Set<Unanswered>();
let ticking = false;
/** n8n's "changed" flag on the workflow's static data (n8n-workflow observable-object.js). */
const FLAG = '__dataChanged';

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

/**
 * A request whose copy n8n saves before its answer (it is kept marked), open to deliveries of
 * the same record accepted before n8n serialised the copy: that save carries them too.
 */
interface Saver {
	/** Set once n8n serialised the copy (the save is under way): later deliveries need a later save. */
	closed: boolean;
	/** The requests waiting for this save: told whether it landed before the answer. */
	followers: Array<(saved: boolean) => void>;
}

/** Per workflow and node: the saver new deliveries can follow (present only while one is open). */
const openSavers = new Map<string, Saver>();

/** A new delivery whose save is decided by `saveBeforeAnswer`, once the trigger is done with static data. */
interface Deferred {
	scope: string;
	/** The delivery's mark key (acceptedHere.ts), when accepted at its first generation. */
	firstKey?: string;
	data: IDataObject;
	local: Entries;
	/** n8n's whole static data of the request (holds its "changed" flag). */
	whole: Root;
	settle: (status: number | undefined) => void;
}

const deferred = new WeakMap<IWebhookFunctions, Deferred>();

/** The workflow's whole static data of a request, and the name of the node's part in it. */
interface Root {
	root: IDataObject;
	name: string;
}

/**
 * The workflow's static data that holds the node's copy `data`, or undefined. A node sees only
 * its own part (`getWorkflowStaticData('global')` is a part too, named "global"); the whole is
 * the context's Workflow's (n8n-core's NodeExecutionContext has `readonly workflow`, public in
 * its typings but not part of IWebhookFunctions). Used only when it holds `data` itself.
 */
function rootOf(ctx: IWebhookFunctions, data: IDataObject): Root | undefined {
	const root = (ctx as unknown as { workflow?: { staticData?: IDataObject } }).workflow?.staticData;
	if (!root) return undefined;
	// Found by identity among its few parts: n8n's getNode() deep-copies the node on every call.
	const name = Object.keys(root).find((key) => key.startsWith('node:') && root[key] === data);
	return name === undefined ? undefined : { root, name };
}

/**
 * For a new delivery checked with `deferSave` (by `startOnce`, once the trigger is done with
 * static data): sees to it that the delivery is in the database before n8n answers, with one
 * save for a batch of deliveries.
 *
 * Why: the save is the triggers' largest extra cost over n8n's Webhook node (one UPDATE of the
 * workflow's row per delivery, docs/benchmarks.md section 3), and every request's save carries
 * the whole record, so under load one save can carry the deliveries of several requests. A
 * request whose copy changed nothing else in static data (n8n's "changed" flag is still false:
 * the record is in its copy as a getter, `installRecord`) and that finds a saver still open
 * (its copy not serialised yet) waits here, before its execution is created, until that save
 * has landed (the saver was answered 2xx, its copy was serialised and n8n's flag went false:
 * n8n resets it only after a successful save). Then n8n answers it without a save of its own.
 * Otherwise (no saver open, the saver's save did not land, or the request changed other static
 * data) it becomes a saver: its copy is kept marked until its answer, as every request's was
 * before 2026-12-04. Waiting only where n8n runs what it accepts (regular mode,
 * `executesWhatItAccepts`): in queue mode, where deliveries to a processor that is being
 * stopped must be answered quickly, every request saves its own copy.
 * Until a saver's save, a delivery that joined it is in this process's record and in no other
 * process's; it was not acknowledged either, so its sender still holds it.
 */
export async function saveBeforeAnswer(ctx: IWebhookFunctions): Promise<void> {
	const request = deferred.get(ctx);
	if (!request) return;
	deferred.delete(ctx);
	const open = openSavers.get(request.scope);
	if (request.whole.root[FLAG] !== true && open && !open.closed && (await follow(ctx, open))) {
		if (request.firstKey !== undefined) noteSavedBeforeRun(request.scope, request.firstKey);
		awaitAnswer(ctx.getResponseObject(), request.settle);
		return;
	}
	becomeSaver(ctx, request);
}

/**
 * Waits for the saver's save: true once it landed; false when it did not, when it takes longer
 * than FOLLOW_MS (n8n's run can stall for half a minute when its database is not ready: the
 * delivery then saves its own copy rather than hold its request that long), or when this
 * request's connection went (nothing waits for its answer; it saves its own copy).
 */
async function follow(ctx: IWebhookFunctions, saver: Saver): Promise<boolean> {
	const res = ctx.getResponseObject();
	return await new Promise<boolean>((resolve) => {
		let done = false;
		const finish = (landed: boolean) => {
			if (done) return;
			done = true;
			res.off('close', gone);
			const at = saver.followers.indexOf(finish);
			if (at >= 0) saver.followers.splice(at, 1);
			resolve(landed);
		};
		const gone = () => finish(false);
		if (res.destroyed) return finish(false);
		res.once('close', gone);
		saver.followers.push(finish);
		void sleep(FOLLOW_MS).then(() => finish(false));
	});
}

function becomeSaver(ctx: IWebhookFunctions, request: Deferred): void {
	const { scope, data, local, whole } = request;
	const root = whole.root;
	const saver: Saver = { closed: false, followers: [] };
	openSavers.set(scope, saver);
	let serialised = false;
	const onSerialised = () => {
		serialised = true;
		saver.closed = true;
		if (openSavers.get(scope) === saver) openSavers.delete(scope);
	};
	const answered = (status: number | undefined) => {
		if (openSavers.get(scope) === saver) openSavers.delete(scope);
		const landed = serialised && status !== undefined && status < 300 && root[FLAG] !== true;
		for (const follower of [...saver.followers]) follower(landed);
		request.settle(status);
	};
	keepMarked(ctx, whole, data, local, onSerialised, answered);
}

/**
 * Has n8n save a request's copy before its answer: marks it now (n8n answers a delivery that
 * starts nothing, such as an echo the guard dropped, without a reset in between) and again until
 * the answer is out, then calls `answered`. Where the request's whole static data is at hand, the
 * marks follow n8n's resets (`markAfterResets`) and the copy carries the record as a getter
 * (`serialised` is called when n8n reads it), so that its save holds what this process recorded
 * until n8n serialised it, as the timer turns' writes did; elsewhere the timer turns mark it.
 */
function keepMarked(
	ctx: IWebhookFunctions,
	whole: Root | undefined,
	data: IDataObject,
	local: Entries,
	serialised: () => void,
	answered: (status: number | undefined) => void,
): void {
	if (whole) installRecord(data, local, serialised);
	write(data, local);
	if (!whole) {
		void keepMarkedUntilAnswered(ctx, data, local).then(answered);
		return;
	}
	const stop = markAfterResets(whole, () => write(data, local));
	awaitAnswer(ctx.getResponseObject(), (status) => {
		stop();
		answered(status);
	});
}

/**
 * Keeps a request's copy marked, in place of the timer turns of `keepMarkedUntilAnswered`: marks
 * it again right after each reset of n8n's flag, until the returned function is called.
 * n8n resets the flag by wrapping the request's static data in a new Workflow (n8n-workflow
 * observable-object.js `create`, from WorkflowRunner's establishContextForPersistence), which
 * reads every part of it before it resets the flag. So the node's part is made an accessor whose
 * read queues the new mark as a microtask: it runs once that reset is done, before any of the
 * database and queue I/O that comes before n8n's save. (The timer turns cost a wake-up of the
 * process every millisecond while any delivery was unanswered: 0.13 ms of n8n CPU per delivery
 * in the profile of 2026-12-04, bench/analysis.md.)
 */
function markAfterResets({ root, name }: Root, mark: () => void): () => void {
	let part: unknown = root[name];
	let on = true;
	// One mark per reset: n8n's `create` reads each part up to three times.
	let queued = false;
	Object.defineProperty(root, name, {
		get: () => {
			if (on && !queued) {
				queued = true;
				void Promise.resolve().then(() => {
					queued = false;
					if (on) mark();
				});
			}
			return part;
		},
		set: (value: unknown) => {
			part = value;
		},
		enumerable: true,
		configurable: true,
	});
	return () => {
		on = false;
		Object.defineProperty(root, name, { value: part, writable: true, enumerable: true, configurable: true });
	};
}

/** Calls `answered` once, with the answer's status code (undefined: the connection went first). */
function awaitAnswer(res: Unanswered['res'], answered: (status: number | undefined) => void): void {
	let done = false;
	const once = () => {
		if (done) return;
		done = true;
		answered(res.writableEnded ? res.statusCode : undefined);
	};
	if (res.writableEnded || res.destroyed) return once();
	res.once('finish', once);
	res.once('close', once);
}

async function tick(): Promise<void> {
	ticking = true;
	try {
		while (inFlight.size > 0) {
			await sleep(1);
			const now = Date.now();
			for (const request of inFlight) {
				if (request.res.writableEnded || request.res.destroyed) {
					inFlight.delete(request);
					request.answered(request.res.writableEnded ? request.res.statusCode : undefined);
				} else if (now > request.until) {
					// Marked long enough; the answer is still awaited (n8n's 5xx can come after half a
					// minute when its database is not ready), without a timer turn.
					inFlight.delete(request);
					awaitAnswer(request.res, request.answered);
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
	deferSave = false,
): Promise<boolean> {
	const scope = scopeOf(ctx);
	const local = localEntries(scope, settings);
	const helper = dedupHelper(ctx);
	const data = ctx.getWorkflowStaticData('node');
	// A delivery n8n failed to start before is checked and recorded under its next generation.
	const gen = helper ? 0 : generationOf(local, data, mark, settings);
	if (gen > 0) mark.gen = gen;
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
	const pending = unanswered.get(scope);
	// A copy this process saved (`ownVersion`) holds nothing to learn and nothing another
	// process erased; what it lacks was recorded here later. So it is neither decoded nor
	// compared: whether it held this delivery comes from the trim log, a new delivery writes the
	// whole record anyway, and the back-off (for processes saving in step, each loading the
	// other's copy) is not needed. Under load a request often loads the save of the request
	// before the one just answered here; until 2026-12 that cost it the back-off (and, before
	// that, so did this delivery's own new key), and every encoding a copy of the whole record.
	const version = ownVersion(data, local);
	const held = version === undefined ? undefined : seen || heldAt(local, version, key, settings);
	let duplicate: boolean;
	let behind = false;
	if (held !== undefined) {
		duplicate = held;
	} else {
		const stored = storedEntries(data, settings);
		duplicate = seen || stored.has(key);
		behind = learn(stored, local, settings.maxEntries, pending, key);
	}
	if (duplicate) {
		// n8n saves static data marked as changed before it sends the acknowledgement as well.
		if (behind) write(data, local);
	} else {
		// Its execution, should it start in this process, needs no worker-side check (acceptedHere.ts).
		if (gen === 0) noteAccepted(scope, mark.key);
		let waiting = pending;
		if (!waiting) unanswered.set(scope, (waiting = new Set()));
		waiting.add(key);
		const settle = (status: number | undefined) => {
			waiting.delete(key);
			if (waiting.size === 0 && unanswered.get(scope) === waiting) unanswered.delete(scope);
			// n8n did not create the execution (dedupReleases.ts): the retry must run.
			if (status !== undefined && status >= 500) {
				forgetAccepted(scope, mark.key);
				releaseFailed(local, mark, key);
			}
		};
		const whole = rootOf(ctx, data);
		if (whole && deferSave && executesWhatItAccepts()) {
			// The save is decided once the trigger is done with static data (`saveBeforeAnswer`).
			writeReleases(data, local);
			installRecord(data, local, () => undefined);
			deferred.set(ctx, { scope, firstKey: gen === 0 ? mark.key : undefined, data, local, whole, settle });
		} else {
			keepMarked(ctx, whole, data, local, () => undefined, settle);
		}
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
