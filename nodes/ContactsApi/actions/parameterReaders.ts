import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { jsonArrayIn } from '../../shared/listText';
import type { Validator } from '../../shared/validation';

/**
 * Readers of the parameters the contact-scoped resources (task, note, appointment, tag,
 * follower, campaign, workflow) share: lists, date-times in the workflow's zone, required
 * texts and "Update Fields" that must change something. Errors are the Validator's
 * NodeOperationErrors, naming the parameter and the item.
 */

/**
 * A list parameter as a clean list of strings. Dropdowns hand over arrays; expressions may
 * give an array, a JSON array as text, or a comma-separated string.
 */
export function toList(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap((v) => (Array.isArray(v) ? toList(v) : [String(v ?? '').trim()]));
	if (value === undefined || value === null) return [];
	const text = String(value).trim();
	const parsed = jsonArrayIn(text);
	return parsed ? toList(parsed) : text.split(',').map((s) => s.trim());
}

/** A non-empty list without blanks or repeats, in the order given. */
export function readList(validate: Validator, parameter: string, value: unknown): string[] {
	return [...new Set(validate.nonEmptyList(parameter, toList(value)))];
}

const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?$/;

function zoneOffsetMinutes(timeZone: string, utcMs: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

function formatOffset(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * An ISO 8601 date-time parameter, returned in UTC. n8n's date picker gives a wall-clock
 * time without offset that means the workflow's time zone (Settings → Timezone), so such
 * values are read in that zone rather than in the server's; explicit offsets win.
 */
export function readDateTime(ctx: IExecuteFunctions, validate: Validator, parameter: string, value: unknown): string {
	// Validates (and names the parameter with the value as given) before any conversion.
	const asGiven = validate.dateTime(parameter, value);
	const text = typeof value === 'string' ? value.trim() : '';
	const m = WALL_CLOCK.exec(text);
	if (!m || HAS_OFFSET.test(text)) return asGiven;
	let timeZone = ctx.getTimezone();
	try {
		zoneOffsetMinutes(timeZone, 0);
	} catch {
		timeZone = 'UTC';
	}
	const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = ''] = m;
	const ms = fraction ? Math.round(Number(`0${fraction}`) * 1000) : 0;
	const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
	// First guess the offset at the wall-clock value read as UTC, then take the offset at
	// the instant that guess gives, which is right even when a DST change lies in between.
	const offset = zoneOffsetMinutes(timeZone, wall - zoneOffsetMinutes(timeZone, wall) * 60_000);
	return validate.dateTime(parameter, `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${formatOffset(offset)}`);
}

/** "Update Fields" must change something; an empty update is a mistake, not a no-op. */
export function requireSomeField(validate: Validator, body: IDataObject, parameter = 'Update Fields (updateFields)'): IDataObject {
	if (Object.keys(body).length === 0) validate.fail(parameter, 'add at least one field to update');
	return body;
}

/** A required text that must not be blank (title of a task, body of a note). */
export function nonEmptyText(validate: Validator, parameter: string, value: unknown): string {
	const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
	if (text.trim() === '') validate.fail(parameter, 'it must not be empty');
	return text;
}
