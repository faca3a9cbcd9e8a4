import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { scopeOf } from '../triggers/dedupRecord';
import { WINDOW_MS } from './ledger';

/**
 * The receive side's memory, per trigger node: for each record the highest event time applied
 * (`h:<sys>:<id>`, HighLevel's `timestamp`) and the stamps a passed human edit invalidated
 * (`i:<sys>:<id>:<hash>` → when) or whose echo was dropped (`c:<sys>:<id>:<hash>` → when, for
 * services with no event time), so that a later delivery carrying the same values (an A→B→A
 * revert) passes; and, for Dialpad contact events, when each event body of a contact was last
 * accepted (`d:dp:<id>:<digest>`, ../../DialpadTrigger/contactEvents.ts).
 *
 * n8n saves workflow static data whole, last writer wins, from every process that served a
 * request (see ../triggers/dedup.ts). So, as the duplicate record there, this is a grow-only
 * map written whole by every save: each save carries what was loaded ∪ what this process
 * holds (merge = max per key), and each process learns what it loads. A key another process's
 * older copy erased comes back with this process's next save. It lives in a field of its own
 * (`echoGuard`), as two flat arrays (cheap for n8n's change-tracking proxy), is kept marked for
 * n8n's save by the duplicate record's own marking while an execution is being created, and
 * is written into the execution's copy by `persistSyncState` (the trigger's execute()).
 */

const FIELD = 'echoGuard';
const MAX_ENTRIES = 2000;
const MAX_SCOPES = 1000;

type Entries = Map<string, number>;

const processLocal = new Map<string, Entries>();

function localFor(scope: string): Entries {
	let entries = processLocal.get(scope);
	if (!entries) {
		if (processLocal.size >= MAX_SCOPES) processLocal.delete(processLocal.keys().next().value as string);
		entries = new Map();
		processLocal.set(scope, entries);
	}
	return entries;
}

function stored(data: IDataObject): Entries {
	const record = data[FIELD] as IDataObject | undefined;
	const keys = Array.isArray(record?.keys) ? Array.from(record.keys as unknown[]) : [];
	const values = Array.isArray(record?.values) ? Array.from(record.values as unknown[]) : [];
	const out: Entries = new Map();
	keys.forEach((key, i) => {
		const value = values[i];
		if (typeof key === 'string' && typeof value === 'number' && Number.isFinite(value)) out.set(key, value);
	});
	return out;
}

/** Keeps the newest MAX_ENTRIES live entries; ties by key, so every process keeps the same ones. */
function prune(entries: Entries, now: number, keepMs: number): void {
	for (const [key, value] of entries) if (now - value > keepMs) entries.delete(key);
	if (entries.size <= MAX_ENTRIES) return;
	const sorted = [...entries].sort(([ka, a], [kb, b]) => a - b || (ka < kb ? -1 : ka > kb ? 1 : 0));
	for (const [key] of sorted.slice(0, entries.size - MAX_ENTRIES)) entries.delete(key);
}

/** The state each webhook context (one delivery) loaded. */
const loadedFor = new WeakMap<IWebhookFunctions, SyncState>();

/** One trigger's view of the state during one delivery. */
export class SyncState {
	private changed = false;

	private constructor(
		private readonly data: IDataObject,
		private readonly local: Entries,
		/** The loaded copy, parsed once per delivery. */
		private readonly copy: Entries,
		/** The loaded copy lacks (or holds less than) something this process holds. */
		private readonly behind: boolean,
		private readonly now: number,
		private readonly keepMs: number,
	) {}

	/**
	 * Loads the trigger's static data copy and merges it into this process's memory.
	 * `keepMs`: how long entries live (the echo window, or the replay window when longer, so
	 * that hwm outlives every delivery the timestamp check still accepts).
	 */
	static load(ctx: IWebhookFunctions, now: number, keepMs: number = WINDOW_MS): SyncState {
		// One delivery may ask twice (the Dialpad Trigger's guard and its contact history): the
		// copy is parsed once.
		const earlier = loadedFor.get(ctx);
		if (earlier && earlier.now === now && earlier.keepMs === keepMs) return earlier;
		const data = ctx.getWorkflowStaticData('node');
		const local = localFor(scopeOf(ctx));
		const copy = stored(data);
		for (const [key, value] of copy) if ((local.get(key) ?? -Infinity) < value) local.set(key, value);
		prune(local, now, keepMs);
		let behind = false;
		for (const [key, value] of local) {
			if ((copy.get(key) ?? -Infinity) < value) {
				behind = true;
				break;
			}
		}
		const state = new SyncState(data, local, copy, behind, now, keepMs);
		loadedFor.set(ctx, state);
		return state;
	}

	get(key: string): number | undefined {
		return this.local.get(key);
	}

	/** The entries whose key starts with `prefix`. */
	*withPrefix(prefix: string): Iterable<[string, number]> {
		for (const entry of this.local) if (entry[0].startsWith(prefix)) yield entry;
	}

	/** Raises `key` to `value` (max merge). */
	raise(key: string, value: number): void {
		if ((this.local.get(key) ?? -Infinity) >= value) return;
		this.local.set(key, value);
		this.changed = true;
	}

	/** Writes the union into static data when this delivery changed it or the copy lacked something. */
	save(): void {
		if (!this.changed && !this.behind) return;
		prune(this.local, this.now, this.keepMs);
		writeUnion(this.data, this.local, this.copy);
	}
}

function writeUnion(data: IDataObject, local: Entries, loaded?: Entries): void {
	const merged = new Map(loaded ?? stored(data));
	for (const [key, value] of local) if ((merged.get(key) ?? -Infinity) < value) merged.set(key, value);
	// Assigning a new object marks static data as changed for n8n's save.
	data[FIELD] = { keys: [...merged.keys()], values: [...merged.values()] };
}

/**
 * The trigger's execute(): writes this process's state into the execution's copy of static
 * data, so that a save at the end of the execution cannot put an older state back (same reason
 * and same "empty copy" rule as the duplicate record's `persistInExecution`).
 */
export function persistSyncState(ctx: IExecuteFunctions): void {
	const local = processLocal.get(scopeOf(ctx));
	if (!local || local.size === 0) return;
	const data = ctx.getWorkflowStaticData('node');
	if (Object.keys(data).length > 0) writeUnion(data, local);
}
