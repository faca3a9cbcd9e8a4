import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { choice, listedOption } from '../../shared/descriptions';
import { jsonArrayIn } from '../../shared/listText';
import { isEmptyValue } from '../../shared/optional';
import type { Validator } from '../../shared/validation';
import { BOT_STATUS_OPTIONS, BOT_STATUSES, oneOf } from '../actions/common';

/** Callbell's documented limit for contact notes. */
export const NOTE_MAX_LENGTH = 1000;

const CUSTOM_FIELD_TYPES = ['checkbox', 'date', 'dropdown', 'email', 'number', 'text'];
const NUMBER = /^-?\d+(\.\d+)?$/;

export const tagsField: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	default: '',
	placeholder: 'e.g. sales, Call back',
	description:
		'Tag names separated by commas (or an array from an expression). Each tag must already exist in Callbell (Settings → Tags); case does not matter.',
};

export const customFieldsField: INodeProperties = {
	displayName: 'Custom Fields',
	name: 'customFields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Custom Field',
	description: 'Custom fields by name. Each must already exist in Callbell (Settings → Custom Fields).',
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. Billing Address',
					description: 'The field name exactly as in Callbell',
				},
				choice('Type', 'type', [
					{ name: 'Checkbox', value: 'checkbox', description: 'Several options: sent as a list' },
					{ name: 'Date', value: 'date', description: 'YYYY-MM-DD' },
					{ name: 'Dropdown', value: 'dropdown', description: 'One of the options set in Callbell' },
					{ name: 'Email', value: 'email' },
					{ name: 'Number', value: 'number' },
					{ name: 'Text', value: 'text' },
				], 'text', { description: "The field's type in Callbell; the value is checked against it before sending" }),
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description:
						'For Checkbox: the chosen options separated by commas, or a JSON array. An empty value leaves the field unchanged; on update the expression {{ null }} clears it.',
				},
			],
		},
	],
};

export const assignedUserField: INodeProperties = {
	displayName: 'Assigned User Email',
	name: 'assignedUser',
	type: 'string',
	placeholder: 'name@email.com',
	default: '',
	description: 'Email of a Callbell user (collaborator) of this account',
};

export const teamField: INodeProperties = listedOption('Team', 'teamUuid', 'getTeams', 'Team (inbox) to assign.');

export const botStatusField: INodeProperties = choice('Bot Status', 'botStatus', BOT_STATUS_OPTIONS, 'bot_end', { description: 'Whether the Callbell bot answers this contact. A bot must be enabled in the account.' });

export function noteField(forUpdate: boolean): INodeProperties {
	return {
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: forUpdate
			? `Free-text note on the contact, up to ${NOTE_MAX_LENGTH} characters. Empty leaves it unchanged; the expression {{ null }} clears it.`
			: `Free-text note on the contact, up to ${NOTE_MAX_LENGTH} characters`,
	};
}

/** A list given as an array (expression) or as comma-separated text; trimmed, no duplicates. */
export function readList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((v) => String(v ?? '')) : String(value ?? '').split(',');
	return [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
}

/** Tag names; an empty list is only allowed where it means "remove all tags". */
export function readTags(validate: Validator, value: unknown, allowEmpty: boolean): string[] {
	const tags = readList(value);
	if (!allowEmpty && tags.length === 0) validate.fail('Tags (tags)', 'give at least one tag name, or remove the field');
	// Tags are case-insensitive in Callbell: "Sales" and "sales" are the same tag.
	const seen = new Set<string>();
	return tags.filter((t) => {
		const key = t.toLowerCase();
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

function checkboxValues(validate: Validator, label: string, value: unknown): string[] {
	if (Array.isArray(value)) return readList(value);
	const text = String(value ?? '').trim();
	if (text.startsWith('[')) {
		const parsed = validate.json<unknown>(label, text);
		if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== 'string')) {
			validate.fail(label, 'a checkbox value must be a list of texts, e.g. ["Newsletter", "Updates"]');
		}
		return readList(parsed);
	}
	return readList(text);
}

function fieldValue(validate: Validator, label: string, type: string, value: unknown): string | string[] {
	if (type === 'checkbox') return checkboxValues(validate, label, value);
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') return '';
	if (type === 'email') return validate.email(label, text);
	if (type === 'number' && !NUMBER.test(text)) validate.fail(label, `"${text}" is not a number`);
	if (type === 'date') return validate.date(label, text);
	return text;
}

/**
 * Custom fields keyed by name, with values typed as Callbell validates them: checkbox →
 * list of texts, every other type → text (numbers and dates too). A row with an empty value
 * is left out (unset); a `null` value (`{{ null }}`) clears the field where `clears` is
 * set (update): sent as empty text, or an empty list for a checkbox. Undefined when no row
 * is left.
 */
export function readCustomFields(validate: Validator, collection: unknown, clears = false): IDataObject | undefined {
	const rows = ((collection as IDataObject | undefined)?.field ?? []) as IDataObject[];
	const out: IDataObject = {};
	rows.forEach((row, index) => {
		if (isEmptyValue(row.value) || (row.value === null && !clears)) return;
		const label = `Custom Fields (customFields) #${index + 1}`;
		const name = String(row.name ?? '').trim();
		if (!name) validate.fail(label, 'the field name must not be empty');
		if (name in out) validate.fail(label, `the field "${name}" is given twice`);
		const type = oneOf(validate, `${label} type`, row.type ?? 'text', CUSTOM_FIELD_TYPES);
		out[name] = row.value === null ? (type === 'checkbox' ? [] : '') : fieldValue(validate, `${label} ("${name}")`, type, row.value);
	});
	return Object.keys(out).length > 0 ? out : undefined;
}

export function readNote(validate: Validator, value: unknown): string {
	const note = String(value ?? '');
	if (note.length > NOTE_MAX_LENGTH) {
		validate.fail('Note (note)', `it is ${note.length} characters long; Callbell accepts at most ${NOTE_MAX_LENGTH}`);
	}
	return note;
}

export function readBotStatus(validate: Validator, value: unknown, label = 'Bot Status (botStatus)'): string {
	return oneOf(validate, label, value, BOT_STATUSES);
}

function toList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string') {
		const text = value.trim();
		const parsed = jsonArrayIn(text);
		return parsed ? parsed.map(String) : readList(text);
	}
	return [];
}

/**
 * One contact as the node outputs it. Callbell answers `{contact: [ … ]}` (an array) on
 * some endpoints and `{contact: { … }}` on others: both become one object. With
 * include_field_types, `customFieldsMetadata` stays as sent, `customFieldTypes` maps each
 * field name to its type, and checkbox values in `customFields` become real arrays (Callbell
 * sends them as JSON text there).
 */
export function normalizeContact(raw: unknown): IDataObject {
	const contact = (Array.isArray(raw) ? raw[0] : raw) as IDataObject | undefined;
	if (!contact || typeof contact !== 'object') return {};
	const metadata = contact.customFieldsMetadata;
	if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return contact;
	const customFields: IDataObject = { ...((contact.customFields as IDataObject | undefined) ?? {}) };
	const customFieldTypes: IDataObject = {};
	for (const [name, meta] of Object.entries(metadata as Record<string, IDataObject | null>)) {
		const type = typeof meta?.type === 'string' ? meta.type : 'text';
		customFieldTypes[name] = type;
		if (type === 'checkbox') customFields[name] = toList(meta?.value ?? customFields[name]);
	}
	return { ...contact, customFields, customFieldTypes };
}
