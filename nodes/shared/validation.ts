import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { COUNTRY_CODES } from './countries';
import { idProblem } from './path';
import { readPhone } from './phone';

/**
 * Input checks that run before any request is sent. Every error names the parameter (as
 * shown in the editor and by its internal name) and the item, so a user can find it.
 */
export class InputError extends NodeOperationError {
	constructor(node: INode, parameter: string, itemIndex: number, problem: string, description?: string) {
		super(node, `Invalid ${parameter} in item ${itemIndex}: ${problem}`, {
			itemIndex,
			description,
		});
	}
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

export class Validator {
	constructor(
		private readonly ctx: Pick<IExecuteFunctions, 'getNode'>,
		private readonly itemIndex: number,
	) {}

	fail(parameter: string, problem: string, description?: string): never {
		throw new InputError(this.ctx.getNode(), parameter, this.itemIndex, problem, description);
	}

	/**
	 * A non-empty identifier, trimmed, that cannot change a request path (see `idProblem`):
	 * checked here for every ID, whether it goes into a path, a query or a body.
	 */
	id(parameter: string, value: unknown): string {
		const text = typeof value === 'number' ? String(value) : value;
		if (typeof text !== 'string' || text.trim() === '') this.fail(parameter, 'it must not be empty');
		const problem = idProblem(text.trim());
		if (problem) this.fail(parameter, problem);
		return text.trim();
	}

	email(parameter: string, value: unknown): string {
		const text = String(value ?? '').trim();
		if (!EMAIL.test(text)) this.fail(parameter, `"${text}" is not an email address`);
		return text;
	}

	/**
	 * A phone number in E.164, normalised by libphonenumber's rules (see `readPhone`): a
	 * trunk prefix after the country code is dropped, anything not valid is refused.
	 */
	phone(parameter: string, value: unknown): string {
		const raw = String(value ?? '').trim();
		const reading = readPhone(raw);
		if (!reading.ok) {
			this.fail(
				parameter,
				`"${raw}" is not a valid phone number: ${reading.problem}`,
				'Use the international format with a leading + and the country code, for example +14155552671 or +44 20 7946 0958.',
			);
		}
		return reading.e164;
	}

	country(parameter: string, value: unknown): string {
		const code = String(value ?? '').trim().toUpperCase();
		if (!COUNTRY_CODES.has(code)) {
			this.fail(parameter, `"${String(value)}" is not an ISO 3166-1 alpha-2 country code`, 'For example US, GB, DE or BR.');
		}
		return code;
	}

	/**
	 * A calendar date, returned as YYYY-MM-DD (the form every API here documents and sends).
	 * Accepted: the `formats` the field's API documents (default YYYY-MM-DD only), an ISO
	 * date-time as the API itself returns it (`2000-01-05T00:00:00.000Z` → 2000-01-05; the
	 * date is taken as written, never shifted by a time zone), and a Date or Luxon DateTime
	 * from an expression. Month-first forms are read month-first only where the API documents
	 * them (e.g. the Contacts API's MM/DD/YYYY); a day-first value such as 25/09/1990 then has
	 * no month 25 and is refused with the accepted formats listed, never guessed.
	 */
	date(parameter: string, value: unknown, formats: readonly DateFormat[] = ['YYYY-MM-DD']): string {
		const text = dateInputText(value);
		const iso = ISO_DATE.exec(text.slice(0, 10));
		const isoForm = text.length === 10 ? formats.includes('YYYY-MM-DD') : ISO_DATE_TIME.test(text);
		if (iso && isoForm && realDate(+iso[1], +iso[2], +iso[3])) return text.slice(0, 10);
		for (const format of formats) {
			const parts = readDateFormat(format, text);
			if (parts && realDate(parts.year, parts.month, parts.day)) {
				return `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
			}
		}
		return this.fail(
			parameter,
			formats.length === 1 ? `"${text}" is not a date in the format ${formats[0]}` : `"${text}" is not a date in a format the API accepts`,
			formats.length === 1 ? undefined : `Accepted: ${formats.join(', ')}, or an ISO date-time such as 1990-09-25T00:00:00.000Z. Month-first forms are read month first.`,
		);
	}

	/**
	 * ISO 8601 date-time (a plain date is read as midnight UTC); returned as ISO in UTC.
	 * With `epochMs`, also milliseconds since the epoch (a number or 12–13 digits: from 2001 on): for fields
	 * of an API that itself sends its times that way (Dialpad's `date_started`, …).
	 */
	dateTime(parameter: string, value: unknown, options: { epochMs?: boolean } = {}): string {
		if (options.epochMs) {
			const digits = typeof value === 'number' ? String(value) : String(value ?? '').trim();
			if (/^\d{12,13}$/.test(digits) && Number.isSafeInteger(Number(digits))) return new Date(Number(digits)).toISOString();
		}
		const text = normaliseDateInput(value);
		const m = ISO_DATE_TIME.exec(text) ?? ISO_DATE.exec(text);
		if (!m || !realDate(+m[1], +m[2], +m[3]) || Number.isNaN(Date.parse(text))) {
			this.fail(
				parameter,
				`"${text}" is not an ISO 8601 date-time${options.epochMs ? ' or a time in milliseconds since 1970' : ''}`,
				options.epochMs ? 'For example 2026-05-01T09:30:00Z, or 1777627800000 as the API sends it.' : 'For example 2026-05-01T09:30:00Z.',
			);
		}
		return new Date(text.length === 10 ? `${text}T00:00:00Z` : text).toISOString();
	}

	nonEmptyList(parameter: string, values: string[]): string[] {
		const cleaned = values.map((v) => String(v).trim()).filter((v) => v !== '');
		if (cleaned.length === 0) this.fail(parameter, 'give at least one value');
		return cleaned;
	}

	integer(parameter: string, value: unknown, min: number, max: number): number {
		const n = Number(value);
		if (!Number.isInteger(n) || n < min || n > max) {
			this.fail(parameter, `${String(value)} must be a whole number from ${min} to ${max}`);
		}
		return n;
	}

	/** A JSON object or array given as text or already parsed. */
	json<T>(parameter: string, value: unknown): T {
		if (typeof value !== 'string') return value as T;
		try {
			return JSON.parse(value) as T;
		} catch {
			return this.fail(parameter, 'it is not valid JSON');
		}
	}
}

/** Date layouts an API documents for a date field; Y, M and D stand for year, month and day. */
export type DateFormat = 'YYYY-MM-DD' | 'YYYY/MM/DD' | 'YYYY.MM.DD' | 'YYYY_MM_DD' | 'MM/DD/YYYY' | 'MM-DD-YYYY' | 'MM.DD.YYYY' | 'MM_DD_YYYY';

/**
 * The Contacts API's dateOfBirth formats, as its OpenAPI file lists them (contacts.json,
 * CreateContactDto.dateOfBirth: "Supported formats: YYYY/MM/DD, MM/DD/YYYY, YYYY-MM-DD,
 * MM-DD-YYYY, YYYY.MM.DD, MM.DD.YYYY, YYYY_MM_DD, MM_DD_YYYY").
 */
export const CONTACTS_API_DATE_FORMATS: readonly DateFormat[] = ['YYYY-MM-DD', 'YYYY/MM/DD', 'YYYY.MM.DD', 'YYYY_MM_DD', 'MM/DD/YYYY', 'MM-DD-YYYY', 'MM.DD.YYYY', 'MM_DD_YYYY'];

/** Year, month and day of `text` in `format` (month and day may have one digit). */
function readDateFormat(format: DateFormat, text: string): { year: number; month: number; day: number } | undefined {
	const separator = format[format.startsWith('YYYY') ? 4 : 2];
	const parts = text.split(separator);
	if (parts.length !== 3) return undefined;
	const [a, b, c] = parts;
	if (format.startsWith('YYYY')) {
		if (!/^\d{4}$/.test(a) || !/^\d{1,2}$/.test(b) || !/^\d{1,2}$/.test(c)) return undefined;
		return { year: +a, month: +b, day: +c };
	}
	if (!/^\d{1,2}$/.test(a) || !/^\d{1,2}$/.test(b) || !/^\d{4}$/.test(c)) return undefined;
	return { year: +c, month: +a, day: +b };
}

/** A date from an expression as written: a Luxon DateTime keeps its own zone's date. */
function dateInputText(value: unknown): string {
	if (value && typeof value === 'object' && typeof (value as { toISODate?: unknown }).toISODate === 'function') {
		return String((value as { toISODate: () => string }).toISODate());
	}
	return normaliseDateInput(value);
}

/** n8n date pickers and Luxon expressions hand us strings, Dates or DateTimes. */
function normaliseDateInput(value: unknown): string {
	if (value instanceof Date) return value.toISOString();
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return String((value as { toISO: () => string }).toISO());
	}
	return String(value ?? '').trim();
}

function realDate(y: number, m: number, d: number): boolean {
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
