import { createHmac, timingSafeEqual } from 'crypto';

import { canonicalJson, STAMP_PREFIX, type Canonical, type SyncSystem } from './normalise';

/**
 * Stamps: `n8ns1.<sys>.<codes>.<hash>.<t36>`, written by an action node into the record in the
 * same request as the data (a hidden text custom field), and checked by the triggers against
 * the delivery that write causes.
 * - sys: `hl` (HighLevel) or `cb` (Callbell);
 * - codes: short codes of the fields written (records.ts), sorted, joined by '-' (`_` for none);
 * - hash: first 16 hex of HMAC-SHA256 over [sys, record id, codes, t36, the canonical values of
 *   EVERY compared field of the record as it reads after the write]. Covering the whole record,
 *   not only the written fields, is what lets a human edit to any other field pass, also when it
 *   is delivered before the echo;
 * - t36: the writer's clock in base 36, epoch milliseconds (epoch seconds in stamps written by
 *   earlier versions of the pack, still read): two writes of one record leave two different
 *   stamps unless they are made in the same millisecond with the same values, so that a
 *   delivery that carries a stamp already seen once is not the echo of another write
 *   (receive.ts, "consumed").
 * The HMAC key is derived from n8n's instance id (`getInstanceId()`), which n8n 2.41 keeps in
 * its database (instance-settings.js, `instance.id`), so main, workers and webhook processes of
 * one installation agree; another n8n installation (staging) never recognises the stamp. The
 * id is not a secret (n8n shows it under Help → About), so the HMAC guards against accidental
 * and lookalike stamps, not against a user who sets out to hide their own edits.
 * Up to 16 standard fields written the stamp stays within 82 characters.
 */

export interface Stamp {
	sys: SyncSystem;
	codes: string[];
	hash: string;
	/** Writer's time, ms (second precision in stamps of earlier versions). */
	at: number;
	/** The time as written (the HMAC covers this text). */
	t36: string;
	text: string;
}

const SECONDS_UNTIL = 1e11;

const STAMP = /^n8ns1\.(hl|cb)\.([a-z0-9_-]{1,400})\.([0-9a-f]{16})\.([0-9a-z]{1,9})$/;

export function stampKey(instanceId: string): Buffer {
	return createHmac('sha256', 'n8n-nodes-contacts-api echo guard v1').update(instanceId).digest();
}

function hashOf(key: Buffer, sys: SyncSystem, recordId: string, codes: string, t36: string, values: Canonical): string {
	return createHmac('sha256', key)
		.update(JSON.stringify([sys, recordId, codes, t36]))
		.update(canonicalJson(values))
		.digest('hex')
		.slice(0, 16);
}

/**
 * The stamp for a write. `recordId` is '' when the record does not exist yet (a create): the
 * receive side tries the delivery's id and ''.
 */
export function makeStamp(key: Buffer, sys: SyncSystem, recordId: string, codes: string[], after: Canonical, nowMs: number): string {
	const codeText = codes.length > 0 ? [...codes].sort().join('-') : '_';
	const t36 = Math.floor(nowMs).toString(36);
	return `${STAMP_PREFIX}${sys}.${codeText}.${hashOf(key, sys, recordId, codeText, t36, after)}.${t36}`;
}

export function parseStamp(text: unknown): Stamp | undefined {
	if (typeof text !== 'string') return undefined;
	const match = STAMP.exec(text.trim());
	if (!match) return undefined;
	const [, sys, codes, hash, t36] = match;
	const t = parseInt(t36, 36);
	if (!Number.isSafeInteger(t)) return undefined;
	// Epoch seconds stay below 1e11 until the year 5138; epoch milliseconds passed it in 1973.
	const at = t < SECONDS_UNTIL ? t * 1000 : t;
	return { sys: sys as SyncSystem, codes: codes === '_' ? [] : codes.split('-'), hash, at, t36, text: text.trim() };
}

/** True when the delivery's values are exactly the values the stamp's write left. */
export function stampMatches(key: Buffer, stamp: Stamp, recordId: string | undefined, values: Canonical): boolean {
	const codeText = stamp.codes.length > 0 ? stamp.codes.join('-') : '_';
	const expected = Buffer.from(stamp.hash, 'hex');
	for (const id of recordId === undefined ? [''] : [recordId, '']) {
		if (timingSafeEqual(Buffer.from(hashOf(key, stamp.sys, id, codeText, stamp.t36, values), 'hex'), expected)) return true;
	}
	return false;
}
