import type { IDataObject } from 'n8n-workflow';

import { gained, isLive, recordKey, shortKey, type DedupSettings, type DeliveryMark, type Entries } from './dedupRecord';

/**
 * Deliveries n8n failed to start, released for their retry (used by dedup.ts).
 *
 * Why: n8n answers 5xx to a delivery the trigger handed over when it could not create (or
 * enqueue) the execution (WorkflowRunner.run threw: "There was a problem executing the
 * workflow", e.g. the database not ready; n8n 2.41.1 webhook-helpers.js executeWebhook), and then
 * saves no static data (live-webhooks.js). The sender retries. Had the delivery's key stayed
 * recorded, every retry would be answered "already processed" and never run (seen in the queue
 * suite under load). The key may be in the database already: other requests' saves carry the
 * whole record, so that concurrent saves lose no id. So rather than deleting it, the delivery
 * moves to its next generation: every process checks and records a released delivery under
 * `recordKey(key#gen)`. The release record has its own static-data field, merged by highest
 * generation, written with this process's later saves and learned by every process that loads
 * it; it costs nothing until a delivery of the workflow has once been released.
 */

/** Static data key ('node' scope) of the stored releases. */
export const RELEASED_FIELD = 'releasedDeliveries';
const FORMAT = 'r1:';
const DECODED_TEXTS = 8;

/** A released delivery: the generation its next acceptance is recorded under, and its anchor (for expiry). */
interface Release {
	gen: number;
	anchor: number | null;
}
type Releases = Map<string, Release>;

/** Per process-local record: the releases this process knows (its own and learned ones). */
const releasesOf = new WeakMap<Entries, Releases>();
/** A release record's stored text, made once per change (the keep-marked loop writes it every ms). */
const encodedOf = new WeakMap<Releases, string>();
/** Loaded or written texts → their releases, so an unchanged text is not parsed again. */
const decodedTexts = new Map<string, Releases>();

/** `<record key>.<gen, base 36>.<anchor ms, base 36; empty: none>` entries joined by `,`. */
function encodeReleases(releases: Releases): string {
	const parts: string[] = [];
	for (const [key, { gen, anchor }] of releases) parts.push(`${key}.${gen.toString(36)}.${anchor === null ? '' : Math.round(anchor).toString(36)}`);
	return FORMAT + parts.join(',');
}

function decodeReleases(text: string): Releases {
	let releases = decodedTexts.get(text);
	if (releases) return releases;
	releases = new Map();
	if (text.startsWith(FORMAT) && text.length > FORMAT.length) {
		for (const part of text.slice(FORMAT.length).split(',')) {
			const [key, gen, anchor] = part.split('.');
			const g = parseInt(gen ?? '', 36);
			const ms = anchor === '' || anchor === undefined ? null : parseInt(anchor, 36);
			if (!key || !Number.isInteger(g) || g < 1 || (ms !== null && !Number.isFinite(ms))) continue;
			releases.set(shortKey(key), { gen: g, anchor: ms });
		}
	}
	if (decodedTexts.size >= DECODED_TEXTS) decodedTexts.delete(decodedTexts.keys().next().value as string);
	decodedTexts.set(text, releases);
	return releases;
}

/**
 * The generation under which a delivery is checked and recorded (0: never released), after
 * learning the releases of the loaded copy (highest generation wins) and dropping expired ones.
 */
export function generationOf(local: Entries, data: IDataObject, mark: DeliveryMark, settings: DedupSettings): number {
	const stored = data[RELEASED_FIELD];
	let releases = releasesOf.get(local);
	if (typeof stored === 'string') {
		for (const [key, release] of decodeReleases(stored)) {
			if (!isLive(release.anchor, settings)) continue;
			if (!releases) releasesOf.set(local, (releases = new Map()));
			if ((releases.get(key)?.gen ?? 0) < release.gen) {
				releases.set(key, release);
				encodedOf.delete(releases);
			}
		}
	}
	if (!releases) return 0;
	for (const [key, release] of releases) {
		if (!isLive(release.anchor, settings)) {
			releases.delete(key);
			encodedOf.delete(releases);
		}
	}
	return releases.get(recordKey(mark.key))?.gen ?? 0;
}

/** The record key of a delivery at a generation. */
export function keyAt(mark: DeliveryMark, gen: number): string {
	return gen === 0 ? recordKey(mark.key) : recordKey(`${mark.key}#${gen}`);
}

/** n8n answered 5xx to the delivery recorded under `key` (see the module notes): releases it. */
export function releaseFailed(local: Entries, mark: DeliveryMark, key: string): void {
	if (local.get(key) !== mark.anchor) return;
	local.delete(key);
	let releases = releasesOf.get(local);
	if (!releases) releasesOf.set(local, (releases = new Map()));
	const base = recordKey(mark.key);
	releases.set(base, { gen: Math.max(releases.get(base)?.gen ?? 0, mark.gen ?? 0) + 1, anchor: mark.anchor });
	encodedOf.delete(releases);
	gained(local);
}

/** Puts the releases this process knows into a request's copy (when there are any). */
export function writeReleases(data: IDataObject, local: Entries): void {
	const releases = releasesOf.get(local);
	if (!releases || releases.size === 0) return;
	let text = encodedOf.get(releases);
	if (text === undefined) encodedOf.set(releases, (text = encodeReleases(releases)));
	if (data[RELEASED_FIELD] !== text) data[RELEASED_FIELD] = text;
}
