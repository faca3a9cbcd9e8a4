import type { IDataObject } from 'n8n-workflow';

import { customFieldCode, digestOf, normaliseText, put, STAMP_PREFIX, type Canonical, type FieldKind, type SyncSystem } from './normalise';

/**
 * Which fields of a contact the guard compares, per system, under their short codes (stamp.ts).
 * Only fields that the system's webhook deliveries carry are listed, in the shape the REST API
 * returns them (the deliveries use the same shape):
 * - HighLevel: the ContactCreate/ContactUpdate/ContactTagUpdate/ContactDndUpdate properties
 *   (test/fixtures/reference/webhook-events/*.json; `name` is derived from first and last name);
 * - Callbell: the Contact object of contact_created/contact_updated (callbell-api.md);
 * - Dialpad: the contact of contact events (DOCS/contact-events: the contact as GET returns it).
 */
type FieldTable = Array<[key: string, code: string, kind: FieldKind]>;

const HL_FIELDS: FieldTable = [
	['firstName', 'fn', 'text'],
	['lastName', 'ln', 'text'],
	['email', 'em', 'email'],
	['phone', 'ph', 'phone'],
	['address1', 'ad', 'text'],
	['city', 'ci', 'text'],
	['state', 'st', 'text'],
	['postalCode', 'pc', 'text'],
	['country', 'co', 'text'],
	['website', 'ws', 'text'],
	['companyName', 'cn', 'text'],
	['source', 'so', 'text'],
	['dateOfBirth', 'db', 'date'],
	['dnd', 'dn', 'flag'],
	['tags', 'tg', 'tags'],
	['assignedTo', 'at', 'text'],
];

const CB_FIELDS: FieldTable = [
	['name', 'nm', 'text'],
	['phoneNumber', 'ph', 'phone'],
	['tags', 'tg', 'tags'],
	['assignedUser', 'au', 'email'],
];

const DP_FIELDS: FieldTable = [
	['first_name', 'fn', 'text'],
	['last_name', 'ln', 'text'],
	['phones', 'ps', 'phones'],
	['emails', 'es', 'emails'],
	['company_name', 'cn', 'text'],
	['job_title', 'jt', 'text'],
	['extension', 'ex', 'text'],
	['urls', 'ur', 'list'],
];

const TABLES: Record<SyncSystem, FieldTable> = { hl: HL_FIELDS, cb: CB_FIELDS, dp: DP_FIELDS };

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStamp(value: unknown): boolean {
	return typeof value === 'string' && value.startsWith(STAMP_PREFIX);
}

/** The compared values of a contact as the API returns it or a delivery carries it. */
export function canonicalRecord(sys: SyncSystem, record: IDataObject): Canonical {
	const out: Canonical = {};
	for (const [key, code, kind] of TABLES[sys]) put(out, code, kind, record[key]);
	if (sys === 'hl' && Array.isArray(record.customFields)) {
		for (const field of record.customFields as unknown[]) {
			if (!isObject(field) || typeof field.id !== 'string' || isStamp(field.value)) continue;
			put(out, customFieldCode(field.id), 'value', field.value ?? field.field_value);
		}
	}
	if (sys === 'cb') {
		if (isObject(record.customFields)) {
			for (const [name, value] of Object.entries(record.customFields)) {
				if (!isStamp(value)) put(out, customFieldCode(name), 'value', value);
			}
		}
		const team = record.team;
		put(out, 'tm', 'text', isObject(team) ? team.uuid : undefined);
	}
	return out;
}

/**
 * The mark of a record as a write left it or a delivery carries it (the key of a Data Table row
 * in examples 8a/8b): `<sys>:<record id>:<digest of the compared values>` (32 hex digits).
 */
export function echoMark(sys: SyncSystem, recordId: string, record: IDataObject): string {
	return `${sys}:${recordId}:${digestOf(canonicalRecord(sys, record))}`;
}

/** The stamp a record carries: HighLevel and Callbell custom field values that start with n8ns1. */
export function stampIn(sys: SyncSystem, record: IDataObject): string | undefined {
	if (sys === 'hl' && Array.isArray(record.customFields)) {
		for (const field of record.customFields as unknown[]) if (isObject(field) && isStamp(field.value)) return field.value as string;
	}
	if (sys === 'cb' && isObject(record.customFields)) {
		for (const value of Object.values(record.customFields)) if (isStamp(value)) return value as string;
	}
	return undefined;
}

/** The record id a delivery or API answer names: HighLevel `id`, Callbell `uuid`, Dialpad `id`. */
export function recordIdOf(sys: SyncSystem, record: IDataObject): string | undefined {
	const id = sys === 'cb' ? record.uuid : record.id;
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * What a write of `body` (the request body, in the API's request field names) changes: the
 * short codes written, and the record as it will read afterwards when `before` is the record
 * before the write (`{}` for a create). `customFieldId` resolves a HighLevel custom field
 * given by key to its id; undefined → the result is `uncertain` (an echo is then not
 * recognised, which costs an execution, never a human edit).
 */
export interface AppliedWrite {
	codes: string[];
	after: IDataObject;
	uncertain: boolean;
}

export function applyWrite(
	sys: SyncSystem,
	before: IDataObject,
	body: IDataObject,
	customFieldId: (keyOrId: string) => string | undefined = (id) => id,
): AppliedWrite {
	const after: IDataObject = { ...before };
	const codes = new Set<string>();
	let uncertain = false;
	const table = new Map(TABLES[sys].map(([key, code]) => [key, code]));
	const direct = (key: string, value: unknown) => {
		const code = table.get(key);
		if (!code) return false;
		after[key] = value as IDataObject[string];
		codes.add(code);
		return true;
	};
	for (const [key, value] of Object.entries(body)) {
		if (sys === 'hl' && key === 'customFields' && Array.isArray(value)) {
			const fields = new Map<string, IDataObject>();
			for (const field of (Array.isArray(before.customFields) ? before.customFields : []) as IDataObject[]) {
				if (isObject(field) && typeof field.id === 'string') fields.set(field.id, field);
			}
			for (const field of value as IDataObject[]) {
				const id = customFieldId(String(field.id ?? field.key ?? ''));
				if (!id) {
					uncertain = true;
					continue;
				}
				if (isStamp(field.field_value)) continue;
				fields.set(id, { id, value: field.field_value });
				codes.add(customFieldCode(id));
			}
			after.customFields = [...fields.values()];
			continue;
		}
		if (sys === 'cb' && key === 'custom_fields' && isObject(value)) {
			const fields = { ...(isObject(before.customFields) ? before.customFields : {}) };
			for (const [name, fieldValue] of Object.entries(value)) {
				if (isStamp(fieldValue)) continue;
				fields[name] = fieldValue;
				codes.add(customFieldCode(name));
			}
			after.customFields = fields;
			continue;
		}
		if (sys === 'cb' && key === 'identifier') {
			// A WhatsApp contact's identifier is its phone number (Callbell: phoneNumber).
			if (body.source === 'whatsapp') direct('phoneNumber', value);
		} else if (sys === 'cb' && (key === 'source' || key === 'channel_uuid')) {
			// Not in the Contact object a delivery carries.
		} else if (sys === 'cb' && key === 'assigned_user') direct('assignedUser', value);
		else if (sys === 'cb' && key === 'unassign_user') {
			if (value === true && body.assigned_user === undefined) direct('assignedUser', null);
		} else if (sys === 'cb' && key === 'team_uuid') {
			after.team = { uuid: value as string };
			codes.add('tm');
		} else if (sys === 'hl' && key === 'name') {
			// HighLevel derives first and last name from a full name; its exact rule is not
			// documented (first word / the rest is assumed): a miss costs an execution, no write.
			codes.add('nm');
			after.name = value as string;
			if (body.firstName === undefined && body.lastName === undefined && typeof value === 'string') {
				const [first, ...rest] = value.trim().split(/\s+/);
				after.firstName = first;
				after.lastName = rest.join(' ') || null;
				uncertain = true;
			}
		} else if (!direct(key, value) && !(sys === 'hl' && key === 'locationId') && !(sys === 'dp' && key === 'uid')) {
			// Written but not visible in deliveries (a note, a bot status, DND settings…).
			codes.add(`x${key.replace(/[^A-Za-z0-9]/g, '').slice(0, 4).toLowerCase()}`);
		}
	}
	return { codes: [...codes].sort(), after, uncertain };
}

/** The written codes whose values differ between the record now and the record after the write. */
export function changedCodes(sys: SyncSystem, now: IDataObject, write: AppliedWrite): string[] {
	const current = canonicalRecord(sys, now);
	const next = canonicalRecord(sys, write.after);
	const fullName = (record: IDataObject) => normaliseText([record.firstName, record.lastName].filter((v) => v).join(' '));
	return write.codes.filter((code) => {
		if (code.startsWith('x')) return true;
		if (sys === 'hl' && code === 'nm') return normaliseText(write.after.name) !== fullName(now) && normaliseText(write.after.name) !== normaliseText(now.name);
		return current[code] !== next[code];
	});
}
