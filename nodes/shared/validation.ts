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

	/** YYYY-MM-DD that exists on the calendar. */
	date(parameter: string, value: unknown): string {
		const text = String(value ?? '').trim();
		const m = ISO_DATE.exec(text.slice(0, 10));
		if (!m || (text.length > 10 && !ISO_DATE_TIME.test(text)) || !realDate(+m[1], +m[2], +m[3])) {
			this.fail(parameter, `"${text}" is not a date in the format YYYY-MM-DD`);
		}
		return text.slice(0, 10);
	}

	/** ISO 8601 date-time (a plain date is read as midnight UTC); returned as ISO in UTC. */
	dateTime(parameter: string, value: unknown): string {
		const text = normaliseDateInput(value);
		const m = ISO_DATE_TIME.exec(text) ?? ISO_DATE.exec(text);
		if (!m || !realDate(+m[1], +m[2], +m[3]) || Number.isNaN(Date.parse(text))) {
			this.fail(parameter, `"${text}" is not an ISO 8601 date-time`, 'For example 2026-05-01T09:30:00Z.');
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
