import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isEmptyValue } from '../../shared/optional';
import type { Validator } from '../../shared/validation';
import { CONTACTS_API_DATE_FORMATS } from '../../shared/validation';
import type { ContactDto } from './contactFieldProperties';
import { DND_CHANNELS, fieldLabel, isDtoField } from './contactFieldProperties';
import { buildCustomFields } from './customFields';

/** The request body of create, update and upsert, read from the node's contact fields. */

function dndSettings(validate: Validator, key: string, value: unknown): IDataObject | undefined {
	const label = fieldLabel(key);
	const parsed = validate.json<unknown>(label, value);
	if (parsed === null || parsed === undefined || parsed === '') return undefined;
	if (typeof parsed !== 'object' || Array.isArray(parsed)) validate.fail(label, 'it must be a JSON object');
	const entries = Object.entries(parsed as IDataObject);
	if (entries.length === 0) return undefined;
	// Only the shape is checked: channels and statuses are the API's to judge (it knows
	// channels, like RCS, that its spec does not list).
	for (const [channel, setting] of entries) {
		if (!setting || typeof setting !== 'object' || Array.isArray(setting)) {
			validate.fail(label, `${channel} must be an object such as {"status": "active"}`);
		}
		const status = (setting as IDataObject).status;
		if (typeof status !== 'string' || status.trim() === '') validate.fail(label, `${channel}.status must be a text such as active or inactive`);
	}
	return parsed as IDataObject;
}

/** What clearing a field sends: no value for most, the "off" state where there is one. */
function clearedValue(key: string): IDataObject[keyof IDataObject] {
	switch (key) {
		case 'tags':
			return [];
		case 'dnd':
			return false;
		case 'dndSettings':
			return Object.fromEntries(DND_CHANNELS.map((c) => [c, { status: 'inactive' }]));
		case 'inboundDndSettings':
			return { all: { status: 'inactive' } };
		default:
			return null;
	}
}

function tagList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value).split(',');
	return list.map((t) => String(t).trim()).filter(Boolean);
}

export interface ContactBody {
	body: IDataObject;
	/** Set when custom field values went out untyped, and why. */
	untyped?: string;
}

/**
 * Reads "Additional Fields"/"Update Fields" of one item into a spec-shaped, validated body.
 * Empty values are not sent; on update and upsert a `null` value clears the field.
 * `locationId` is needed only to look up custom field types; pass a function so the
 * location is resolved (and required) only when custom fields are present.
 */
export async function buildContactBody(
	ctx: IExecuteFunctions,
	dto: ContactDto,
	validate: Validator,
	fields: IDataObject,
	locationId: string | (() => Promise<string>),
): Promise<ContactBody> {
	const clears = dto !== 'create';
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (key === 'customFields' || isEmptyValue(value)) continue;
		// n8n drops collection values the description does not offer; this keeps a field the
		// DTO lacks out of the body even if one slips through (the API rejects unknown fields).
		if (!isDtoField(dto, key)) continue;
		if (value === null) {
			if (clears) body[key] = clearedValue(key);
			continue;
		}
		switch (key) {
			case 'email':
				body.email = validate.email(fieldLabel(key), value);
				break;
			case 'phone':
				body.phone = validate.phone(fieldLabel(key), value);
				break;
			case 'country':
				body.country = validate.country(fieldLabel(key), value);
				break;
			case 'dateOfBirth':
				body.dateOfBirth = validate.date(fieldLabel(key), value, CONTACTS_API_DATE_FORMATS);
				break;
			case 'tags': {
				const tags = tagList(value);
				if (tags.length > 0) body.tags = tags;
				break;
			}
			case 'dndSettings':
			case 'inboundDndSettings': {
				const settings = dndSettings(validate, key, value);
				if (settings) body[key] = settings;
				break;
			}
			case 'assignedTo':
				body.assignedTo = validate.id(fieldLabel(key), value);
				break;
			case 'dnd':
				if (typeof value !== 'boolean') validate.fail(fieldLabel(key), `${String(value)} is not true or false`);
				body.dnd = value;
				break;
			default:
				if (typeof value === 'object') validate.fail(fieldLabel(key), 'it must be text');
				body[key] = String(value);
		}
	}
	const custom = fields.customFields as IDataObject | undefined;
	if (((custom?.field as IDataObject[] | undefined) ?? []).length > 0) {
		const location = typeof locationId === 'function' ? await locationId() : locationId;
		const customFields = await buildCustomFields(ctx, validate, location, custom, clears);
		if (customFields.fields) {
			body.customFields = customFields.fields;
			return { body, untyped: customFields.untyped };
		}
	}
	return { body };
}
