import type { SyncSystem } from './normalise';

/**
 * Process-local memory of the pack's own writes, for records that cannot carry a stamp
 * (Dialpad contacts; HighLevel and Callbell contacts when no stamp field is available): per
 * record, the digests (normalise.ts `digestOf`) of the record as the write left it.
 *
 * Why memory of this process: in regular mode every workflow runs in the one n8n process, so a
 * trigger's webhook() sees what an action node of another workflow wrote there. Nothing else
 * n8n 2.41 gives a community node is shared across workflows and processes without a
 * whole-object, last-writer-wins save (workflow static data is per workflow; Data Tables are
 * not offered to webhook contexts). In queue mode an action on a worker is not seen by a
 * webhook process: there Skip If Unchanged ends the echo with no write (the docs say so).
 *
 * Bounded: 10,000 records, entries live 10 minutes (WINDOW_MS), 8 digests per record.
 */

export const WINDOW_MS = 10 * 60_000;
const MAX_RECORDS = 10_000;
const MAX_PER_RECORD = 8;

interface Entry {
	digest: string;
	at: number;
}

const writes = new Map<string, Entry[]>();

function keyOf(sys: SyncSystem, recordId: string): string {
	return `${sys}:${recordId}`;
}

function live(entries: Entry[] | undefined, now: number): Entry[] {
	return (entries ?? []).filter((entry) => now - entry.at <= WINDOW_MS && entry.at <= now + WINDOW_MS);
}

/** Remembers that this process wrote `recordId` so that it reads as `digest`. */
export function recordWrite(sys: SyncSystem, recordId: string, digest: string, now: number): void {
	const key = keyOf(sys, recordId);
	const entries = live(writes.get(key), now).filter((entry) => entry.digest !== digest);
	entries.push({ digest, at: now });
	// Re-inserted last, so the Map's order is oldest write first for the cap.
	writes.delete(key);
	writes.set(key, entries.slice(-MAX_PER_RECORD));
	while (writes.size > MAX_RECORDS) writes.delete(writes.keys().next().value as string);
}

/** The time of a live write of `recordId` that left it reading as `digest`, if any. */
export function findWrite(sys: SyncSystem, recordId: string, digest: string, now: number): number | undefined {
	return live(writes.get(keyOf(sys, recordId)), now).find((entry) => entry.digest === digest)?.at;
}

/** Whether any live write of the record is remembered (to tell "no record of a write" from "changed"). */
export function hasWrites(sys: SyncSystem, recordId: string, now: number): boolean {
	return live(writes.get(keyOf(sys, recordId)), now).length > 0;
}

/** Forgets the writes of a record made up to `until` (a human edit after them passed). */
export function forgetWrites(sys: SyncSystem, recordId: string, until: number): void {
	const key = keyOf(sys, recordId);
	const left = (writes.get(key) ?? []).filter((entry) => entry.at > until);
	if (left.length > 0) writes.set(key, left);
	else writes.delete(key);
}

/** For tests: forget everything. */
export function clearLedger(): void {
	writes.clear();
}
