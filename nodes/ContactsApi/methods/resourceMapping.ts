import type { FieldType, IDataObject, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { editorCustomFields } from './index';

/**
 * The editor widget for each custom field type of the API (GET /locations/{id}/customFields,
 * `dataType`). Values are still checked and formatted by type when the node runs.
 */
const FIELD_TYPES: Record<string, FieldType> = {
	TEXT: 'string',
	LARGE_TEXT: 'string',
	PHONE: 'string',
	EMAIL: 'string',
	NUMERICAL: 'number',
	MONETORY: 'number',
	MONETARY: 'number',
	DATE: 'dateTime',
	SINGLE_OPTIONS: 'options',
	RADIO: 'options',
	MULTIPLE_OPTIONS: 'array',
	CHECKBOX: 'array',
	TEXTBOX_LIST: 'array',
	FILE_UPLOAD: 'object',
};

function pickList(field: IDataObject): string[] {
	const options = field.picklistOptions ?? field.options;
	return Array.isArray(options) ? options.map((o) => (typeof o === 'object' && o ? String((o as IDataObject).name ?? (o as IDataObject).value) : String(o))) : [];
}

export const resourceMapping = {
	/**
	 * The location's contact custom fields as resource mapper columns, keyed by field ID, each
	 * with the widget of its type (options for single-choice fields).
	 */
	async getCustomFieldColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		const fields = (await editorCustomFields(this)).map((f) => {
			const type = FIELD_TYPES[String(f.dataType ?? '').toUpperCase()] ?? 'string';
			const choices = type === 'options' ? pickList(f) : [];
			return {
				id: String(f.id),
				displayName: String(f.name ?? f.fieldKey ?? f.id),
				required: false,
				defaultMatch: false,
				canBeUsedToMatch: false,
				display: true,
				// A single-choice field without listed choices stays a text input.
				type: type === 'options' && choices.length === 0 ? ('string' as FieldType) : type,
				...(choices.length > 0 ? { options: choices.map((c) => ({ name: c, value: c })) } : {}),
			};
		});
		return { fields: fields.sort((a, b) => a.displayName.localeCompare(b.displayName)) };
	},
};
