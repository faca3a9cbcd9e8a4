import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * The duplicate-delivery record itself (how dedup.ts uses it is explained there): this
 * process's copy per workflow and node, the stored form in workflow static data (one string,
 * see `encode`), expiry, the bound on its size, and merging a loaded copy into this process's.
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
	 * How many times n8n failed to start this delivery before (set by `checkAndRecord`,
	 * dedupReleases.ts): it is checked and recorded under that generation's key.
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
export type Entries = Map<string, number | null>;

/** Static data key ('node' scope) of the stored record. */
export const STATIC_DATA_FIELD = 'processedDeliveries';
const MAX_SCOPES = 1000;
/** Stored record format (see `encode`). */
const FORMAT = 'v3:';
/** The format of pack versions before 2026-12-04, still read (`decodeV2`). */
const FORMAT_V2 = 'v2:';
/** Characters of base64url SHA-256 kept per key: 72 bits. */
const KEY_CHARS = 12;
/** Trims that drop at most this many entries scan for the oldest instead of sorting the whole record. */
const SCAN_TRIM_LIMIT = 16;

/** Per workflow and node: key → anchor. */
const processLocal = new Map<string, Entries>();
/** Bumped whenever a process-local record changes, so its encoding is made once per change. */
const versions = new WeakMap<Entries, number>();
/** The encoding of a process-local record at a version, shared by every request of the process. */
const encodings = new WeakMap<Entries, { version: number; text: string }>();
/** Recently loaded texts → their live entries (read-only), so an unchanged load is not parsed again (this process's own encodings are not decoded at all: see `ownVersion`). */
const decoded = new Map<string, Entries>();
const DECODED_TEXTS = 8;
/** This process's recent encodings, with the record and version each was made of (see `ownVersion`). */
const ownTexts = new Map<string, { local: Entries; version: number }>();
const OWN_TEXTS = 16;
/**
 * Per process-local record: the entries `trim` pushed out, oldest first, each with the version
 * the record had when it left (see `heldAt`); complete for versions >= floor.
 */
const trimmed = new WeakMap<Entries, { floor: number; log: Array<{ version: number; key: string; anchor: number | null }> }>();
const TRIM_LOG = 256;

/** Marks a process-local record as changed (its next write encodes it again). */
export function gained(local: Entries): void {
	versions.set(local, (versions.get(local) ?? 0) + 1);
}

/** The version of a process-local record: it grows with every change (`gained`). */
export function versionOf(local: Entries): number {
	return versions.get(local) ?? 0;
}

/**
 * Puts this process's record into a request's copy as a getter, without marking static data as
 * changed (n8n's change tracking traps only assignment and delete): whenever n8n serialises the
 * copy (its save), it gets the record as it is then, and `serialised` hears which version.
 * Assignments (which do mark the copy) leave the getter in place.
 */
export function installRecord(data: IDataObject, local: Entries, serialised: (version: number) => void): void {
	Object.defineProperty(data, STATIC_DATA_FIELD, {
		get: () => {
			serialised(versionOf(local));
			return encoded(local);
		},
		set: () => undefined,
		enumerable: true,
		configurable: true,
	});
}

/**
 * How a delivery key is kept in the record: the first 72 bits of its SHA-256, base64url
 * (12 characters, none of them a separator of `encode`). Whatever the key's length (a
 * webhookId up to 200 characters, a 76-character body digest), an entry costs the same few
 * bytes in every load and save n8n makes of the workflow's static data. A new delivery's key
 * equals one of n remembered keys with probability n/2⁷² (n = 1000: 2·10⁻¹⁹; after a billion
 * deliveries still 2·10⁻¹⁰); such a collision could only make a delivery read as already
 * processed. (Until 2026-12-04 keys kept 96 bits; a stored key of then is read as its first
 * 72, which is the same key: `shortKey`.)
 */
export function recordKey(key: string): string {
	return createHash('sha256').update(key).digest('base64url').slice(0, KEY_CHARS);
}

/** A record key stored by an earlier version (16 characters) as this version keeps it. */
export function shortKey(key: string): string {
	return key.length > KEY_CHARS ? key.slice(0, KEY_CHARS) : key;
}

export function isLive(anchor: number | null, settings: DedupSettings): boolean {
	return anchor === null || settings.now <= anchor + settings.toleranceMs;
}

/**
 * Test deliveries (the editor's "Listen for test event") get their own scope: n8n never saves
 * static data for them, so in the production scope they would read as ids erased by another
 * process and cost every production delivery a write and a back-off until they expire.
 */
const scopes = new WeakMap<IWebhookFunctions | IExecuteFunctions, string>();

export function scopeOf(ctx: IWebhookFunctions | IExecuteFunctions): string {
	// Once per context: n8n's getNode() deep-copies the node, parameters included, on every call,
	// and an execution's first step asks for the scope up to three times.
	let scope = scopes.get(ctx);
	if (scope === undefined) {
		scope = `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}`;
		if (ctx.getMode() === 'manual') scope = `${scope}\u0000manual`;
		scopes.set(ctx, scope);
	}
	return scope;
}

export function localEntries(scope: string, settings: DedupSettings): Entries {
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
export function trim(entries: Entries, maxEntries: number): void {
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
			pushOut(entries, oldestKey as string, oldest);
		}
		return;
	}
	const sorted = [...entries].sort(([keyA, a], [keyB, b]) => older(keyA, a, keyB, b));
	for (const [key, anchor] of sorted.slice(0, excess)) pushOut(entries, key, anchor);
}

/** Removes a trimmed entry and logs it (the caller marks the record changed right after). */
function pushOut(entries: Entries, key: string, anchor: number | null): void {
	entries.delete(key);
	let trims = trimmed.get(entries);
	if (!trims) trimmed.set(entries, (trims = { floor: 0, log: [] }));
	trims.log.push({ version: versions.get(entries) ?? 0, key, anchor });
	if (trims.log.length > TRIM_LOG) trims.floor = (trims.log.shift() as { version: number }).version + 1;
}

/**
 * The record as stored: one string, `v3:<base>` then one group per second of anchors, each
 * `,<delta>.<entries>`: the base is the oldest anchor's second since the epoch (base 36), a
 * group's delta its second's distance from the base (base 36; empty: no timestamp), and its
 * entries, written one after the other, each a record key (`recordKey`, 12 characters) and the
 * anchor's milliseconds within the second (2 base-36 digits; none in the no-timestamp group).
 * Anchors keep their exact ms, so every process orders entries (and trims) as before.
 * One string rather than nested objects or arrays: n8n wraps every nested static-data object
 * in a change-tracking Proxy (walking arrays element by element) each time it builds a
 * Workflow, three times per delivery, and it parses and serialises the whole column on every
 * load and save. Size: 14 characters per entry plus a few per second of deliveries, about
 * 14.2 KB at 1,000 entries arriving over 12 s (v2, `<16-char key>.<base-36 ms>` entries joined
 * by `,`, was 26 KB; each KB cost n8n about 0.04 ms of CPU per delivery, docs/benchmarks.md
 * section 3).
 */
function encode(entries: Entries): string {
	const groups = new Map<number | null, string[]>();
	let base = Infinity;
	for (const [key, anchor] of entries) {
		const ms = anchor === null ? null : Math.round(anchor);
		const second = ms === null ? null : Math.floor(ms / 1000);
		let parts = groups.get(second);
		if (parts === undefined) {
			groups.set(second, (parts = []));
			if (second !== null && second < base) base = second;
		}
		parts.push(ms === null ? key : key + MS_DIGITS[ms - (second as number) * 1000]);
	}
	if (base === Infinity) base = 0;
	let text = FORMAT + base.toString(36);
	for (const [second, parts] of groups) text += `,${second === null ? '' : (second - base).toString(36)}.${parts.join('')}`;
	return text;
}

/** 0-999 as two base-36 digits. */
const MS_DIGITS = Array.from({ length: 1000 }, (_, ms) => ms.toString(36).padStart(2, '0'));

function remember(text: string, entries: Entries): void {
	if (decoded.has(text)) return;
	if (decoded.size >= DECODED_TEXTS) decoded.delete(decoded.keys().next().value as string);
	decoded.set(text, entries);
}

/** This process's record as stored text: encoded once per change, then shared by every write. */
export function encoded(local: Entries): string {
	const version = versions.get(local) ?? 0;
	const cached = encodings.get(local);
	if (cached && cached.version === version) return cached.text;
	const text = encode(local);
	encodings.set(local, { version, text });
	if (ownTexts.size >= OWN_TEXTS) ownTexts.delete(ownTexts.keys().next().value as string);
	ownTexts.set(text, { local, version });
	return text;
}

/**
 * The version of `local` that the request's copy of the record is, when this process encoded
 * it (one of its last 16 encodings); undefined otherwise. Such a copy was the latest save when
 * the request loaded it, and this process's own: nothing in it was erased by another process,
 * and what it lacks was recorded here after that encoding.
 */
export function ownVersion(data: IDataObject, local: Entries): number | undefined {
	const stored = data[STATIC_DATA_FIELD];
	const own = typeof stored === 'string' ? ownTexts.get(stored) : undefined;
	return own?.local === local ? own.version : undefined;
}

/**
 * Whether this process's record held `key` live at `version`, for a key it does not hold now,
 * read from the trim log instead of decoding that version's text (the only way such a key
 * left the record and still counts: an expired entry is not live, and a released one is
 * checked under its next generation's key). An entry added after that version and trimmed
 * since counts as held too: it was accepted, so its delivery is a duplicate all the same.
 * Undefined when the log does not reach back to `version`.
 */
export function heldAt(local: Entries, version: number, key: string, settings: DedupSettings): boolean | undefined {
	const trims = trimmed.get(local);
	if (!trims) return false;
	if (version < trims.floor) return undefined;
	for (let i = trims.log.length - 1; i >= 0 && trims.log[i].version >= version; i--) {
		if (trims.log[i].key === key) return isLive(trims.log[i].anchor, settings);
	}
	return false;
}

function decode(text: string): Entries {
	if (text.startsWith(FORMAT_V2)) return decodeV2(text);
	const entries: Entries = new Map();
	if (!text.startsWith(FORMAT)) return entries;
	const [head, ...groups] = text.slice(FORMAT.length).split(',');
	const base = parseInt(head, 36);
	if (!Number.isFinite(base)) return entries;
	for (const group of groups) {
		const dot = group.indexOf('.');
		const width = dot === 0 ? KEY_CHARS : KEY_CHARS + 2;
		if (dot < 0 || (group.length - dot - 1) % width !== 0) continue;
		const second = dot === 0 ? null : base + parseInt(group.slice(0, dot), 36);
		if (second !== null && !Number.isFinite(second)) continue;
		for (let at = dot + 1; at < group.length; at += width) {
			const key = group.slice(at, at + KEY_CHARS);
			if (second === null) {
				entries.set(key, null);
				continue;
			}
			const ms = parseInt(group.slice(at + KEY_CHARS, at + width), 36);
			if (Number.isFinite(ms)) entries.set(key, second * 1000 + ms);
		}
	}
	return entries;
}

/** The record as pack versions before 2026-12-04 stored it: `v2:` then `<16-char key>.<base-36 ms>` entries joined by `,`. */
function decodeV2(text: string): Entries {
	const entries: Entries = new Map();
	if (text.length === FORMAT_V2.length) return entries;
	for (const part of text.slice(FORMAT_V2.length).split(',')) {
		const dot = part.indexOf('.');
		if (dot !== 16) continue;
		const ms = part.length === dot + 1 ? null : parseInt(part.slice(dot + 1), 36);
		if (ms !== null && !Number.isFinite(ms)) continue;
		entries.set(shortKey(part.slice(0, dot)), ms);
	}
	return entries;
}

/**
 * The live entries of the copy of the record a request loaded (read-only). Reads the
 * `{ keys, anchors }` arrays of earlier versions of the pack too.
 */
export function storedEntries(data: IDataObject, settings: DedupSettings): Entries {
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
		// An anchor beyond now + the window cannot be a delivery's (the timestamp check refuses
		// those): a damaged record would keep it forever, in every process that loads it.
		if (!isLive(anchor, settings) || (anchor !== null && anchor > settings.now + settings.toleranceMs)) {
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
export function write(data: IDataObject, local: Entries): void {
	data[STATIC_DATA_FIELD] = encoded(local);
}

/**
 * Teaches the local record what the loaded copy holds, and true when the copy lacks a live id
 * this process holds: another process saved a copy loaded before this process's save landed.
 */
export function learn(stored: Entries, local: Entries, maxEntries: number, pending: Set<string> | undefined, current?: string): boolean {
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
