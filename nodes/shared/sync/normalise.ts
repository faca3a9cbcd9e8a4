import { createHash } from 'crypto';

import { readPhone } from '../phone';

/**
 * Canonical values for the Echo Guard: the write side (what an action node sends, merged into
 * the record it read) and the receive side (what a webhook delivery carries) must produce the
 * same text for the same data, whatever spelling each API uses.
 *
 * Rules (ECHO-GUARD.md): text trimmed, inner white space collapsed, Unicode NFC; emails
 * lower-case; phones E.164 (libphonenumber, `nodes/shared/phone.ts`); tags lower-cased,
 * de-duplicated, sorted; dates YYYY-MM-DD; numbers canonical; `''`, `null`, missing, `false`
 * and an empty list are all "empty" and are left out, so a field the API omits equals a field
 * it sends empty.
 */

/** Systems whose records the guard knows: HighLevel contacts, Callbell contacts, Dialpad contacts. */
export type SyncSystem = 'hl' | 'cb' | 'dp';

export type FieldKind = 'text' | 'email' | 'phone' | 'tags' | 'date' | 'flag' | 'list' | 'phones' | 'emails' | 'value';

/** Canonical values of one record: short field code → canonical text (empty fields absent). */
export type Canonical = Record<string, string>;

/** Separates list members in a canonical value (never part of normalised text). */
const SEP = '\u001f';

/** The prefix of every stamp: values that carry one are never data (stamp.ts). */
export const STAMP_PREFIX = 'n8ns1.';

export function normaliseText(value: unknown): string {
	if (value === null || value === undefined) return '';
	const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
	return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function normaliseNumberText(text: string): string {
	// "12.50", "12.5", " 12.5 " and 12.5 are the same number; anything else stays text.
	if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return String(Number(text));
	return text;
}

function normaliseDate(value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString().slice(0, 10);
	const text = normaliseText(value);
	const day = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text);
	return day ? day[1] : text;
}

/**
 * Small memo for values that are costly to canonicalise and repeat across deliveries (the
 * same phones, the same custom field ids): bounded, oldest dropped first.
 */
function memo(compute: (key: string) => string, max = 2000): (key: string) => string {
	const cache = new Map<string, string>();
	return (key) => {
		let value = cache.get(key);
		if (value === undefined) {
			value = compute(key);
			if (cache.size >= max) cache.delete(cache.keys().next().value as string);
			cache.set(key, value);
		}
		return value;
	};
}

// libphonenumber's parse costs ~12 µs: most of the guard's time on a delivery before this memo.
const phoneOf = memo((text) => {
	const reading = readPhone(text);
	if (reading.ok) return reading.e164;
	// Not a valid number: compare its digits, so punctuation alone never counts as a change.
	const digits = text.replace(/\D/g, '');
	return digits === '' ? text : `+${digits}`;
});

function normalisePhone(value: unknown): string {
	const text = normaliseText(value);
	return text === '' ? '' : phoneOf(text);
}

/** A list given as an array, a JSON array in a string (Callbell checkboxes) or comma-separated text. */
function members(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('[')) {
			try {
				const parsed = JSON.parse(text) as unknown;
				if (Array.isArray(parsed)) return parsed;
			} catch {
				// not JSON: one member
			}
		}
		return text === '' ? [] : [text];
	}
	return value === null || value === undefined ? [] : [value];
}

function sortedSet(values: string[]): string {
	return [...new Set(values.filter((v) => v !== ''))].sort().join(SEP);
}

/** The canonical text of one value of `kind`; '' for every kind of empty. */
export function normalise(kind: FieldKind, value: unknown): string {
	switch (kind) {
		case 'text':
			return normaliseText(value);
		case 'email':
			return normaliseText(value).toLowerCase();
		case 'phone':
			return normalisePhone(value);
		case 'date':
			return normaliseDate(value);
		case 'flag':
			return value === true || value === 'true' ? 'true' : '';
		case 'tags':
			return sortedSet(members(value).map((v) => normaliseText(v).toLowerCase()));
		case 'list':
			return sortedSet(members(value).map((v) => normaliseText(v)));
		case 'emails':
			return sortedSet(members(value).map((v) => normaliseText(v).toLowerCase()));
		case 'phones':
			return sortedSet(members(value).map(normalisePhone));
		case 'value': {
			// Custom field values of unknown type: numbers canonical, lists as sets, text as text.
			if (Array.isArray(value) || (typeof value === 'string' && value.trim().startsWith('['))) {
				const list = members(value);
				if (list.length !== 1 || Array.isArray(value)) return sortedSet(list.map((v) => normaliseNumberText(normaliseText(v))));
			}
			return normaliseNumberText(normaliseText(value));
		}
	}
}

/** Short code of a custom field: `cf` + 6 hex of its id (HighLevel) or name (Callbell). */
export const customFieldCode = memo((idOrName) => `cf${createHash('sha256').update(idOrName).digest('hex').slice(0, 6)}`, 10_000);

/** Digest of canonical values (ledger entries, skip-if-unchanged): order-independent. */
export function digestOf(values: Canonical): string {
	return createHash('sha256').update(canonicalJson(values)).digest('hex').slice(0, 32);
}

/** JSON of the entries sorted by code: the same values always give the same text. */
export function canonicalJson(values: Canonical): string {
	return JSON.stringify(Object.keys(values).sort().map((code) => [code, values[code]]));
}

/** Adds `value` under `code` unless it is empty. */
export function put(out: Canonical, code: string, kind: FieldKind, value: unknown): void {
	const text = normalise(kind, value);
	if (text !== '') out[code] = text;
	else delete out[code];
}
