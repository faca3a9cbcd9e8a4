import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/validation';
import { contactsApiRequest, pathSegment } from '../transport';

/**
 * Every writable contact field of the spec (CreateContactDto / UpdateContactDto /
 * UpsertContactDto), shared by create, update and upsert so custom fields and tags behave
 * the same everywhere (the built-in HighLevel node formats them on create only).
 */
export function contactFieldProperties(options: { forCreate: boolean }): INodeProperties[] {
	const fields: INodeProperties[] = [
		{ displayName: 'Address', name: 'address1', type: 'string', default: '' },
		{
			displayName: 'Assigned To Name or ID',
			name: 'assignedTo',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getUsers' },
			default: '',
			description:
				'User the contact is assigned to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'City', name: 'city', type: 'string', default: '' },
		...(options.forCreate
			? [{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' } as INodeProperties]
			: []),
		{
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: 'US',
			description: 'ISO 3166-1 alpha-2 code',
		},
		{
			displayName: 'Custom Fields',
			name: 'customFields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Custom Field',
			options: [
				{
					displayName: 'Field',
					name: 'field',
					values: [
						{
							displayName: 'Field Name or ID',
							name: 'id',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getCustomFields' },
							default: '',
							description:
								'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description:
								'For multiple-choice fields give a comma-separated list or a JSON array; for number and monetary fields a number',
						},
					],
				},
			],
		},
		{
			displayName: 'Date of Birth',
			name: 'dateOfBirth',
			type: 'string',
			default: '',
			placeholder: '1990-12-31',
			description: 'YYYY-MM-DD',
		},
		{ displayName: 'DND', name: 'dnd', type: 'boolean', default: false, description: 'Whether Do Not Disturb is on for all channels' },
		{
			displayName: 'DND Settings (JSON)',
			name: 'dndSettings',
			type: 'json',
			default: '{}',
			description: 'Per-channel DND, e.g. {"SMS": {"status": "active", "message": "…"}}',
		},
		{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
		{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
		{ displayName: 'Full Name', name: 'name', type: 'string', default: '' },
		{ displayName: 'Gender', name: 'gender', type: 'string', default: '' },
		{
			displayName: 'Inbound DND Settings (JSON)',
			name: 'inboundDndSettings',
			type: 'json',
			default: '{}',
			description: 'Inbound DND, e.g. {"all": {"status": "active", "message": "…"}}',
		},
		{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: '+14155552671',
			description: 'E.164; spaces, dashes and brackets are removed',
		},
		{ displayName: 'Postal Code', name: 'postalCode', type: 'string', default: '' },
		{ displayName: 'Source', name: 'source', type: 'string', default: '', placeholder: 'API' },
		{ displayName: 'State', name: 'state', type: 'string', default: '' },
		{
			displayName: 'Tag Names or IDs',
			name: 'tags',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTags' },
			default: [],
			description:
				'On update this replaces all tags; use the Tag resource to add or remove single tags. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'Timezone', name: 'timezone', type: 'string', default: '', placeholder: 'America/Chicago' },
		{ displayName: 'Website', name: 'website', type: 'string', default: '' },
	];
	return fields;
}

interface CustomFieldDefinition {
	id: string;
	name?: string;
	fieldKey?: string;
	dataType?: string;
}

const definitionsCache = new WeakMap<object, Map<string, Promise<CustomFieldDefinition[]>>>();

/** Custom field definitions of a location, fetched once per execution. */
export async function customFieldDefinitions(ctx: IExecuteFunctions, locationId: string): Promise<CustomFieldDefinition[]> {
	let byLocation = definitionsCache.get(ctx);
	if (!byLocation) definitionsCache.set(ctx, (byLocation = new Map()));
	let pending = byLocation.get(locationId);
	if (!pending) {
		pending = contactsApiRequest<{ customFields?: CustomFieldDefinition[] }>(ctx, {
			method: 'GET',
			path: `/locations/${pathSegment(locationId)}/customFields`,
			qs: { model: 'contact' },
			idempotent: true,
			scope: 'locations/customFields.readonly',
		})
			.then((r) => r.customFields ?? [])
			// Without the look-up scope we cannot know the types; values then go as given.
			.catch(() => []);
		byLocation.set(locationId, pending);
	}
	return await pending;
}

function splitList(value: string): string[] {
	const trimmed = value.trim();
	if (trimmed.startsWith('[')) {
		try {
			const parsed = JSON.parse(trimmed) as unknown;
			if (Array.isArray(parsed)) return parsed.map(String);
		} catch {
			// not JSON: fall through to comma splitting
		}
	}
	return trimmed.split(',').map((s) => s.trim()).filter(Boolean);
}

const LIST_TYPES = new Set(['MULTIPLE_OPTIONS', 'CHECKBOX']);
const NUMBER_TYPES = new Set(['MONETORY', 'MONETARY', 'NUMERICAL', 'NUMBER']);

/** Formats custom field values by their type: lists for multi-choice, numbers for money. */
export async function buildCustomFields(
	ctx: IExecuteFunctions,
	validate: Validator,
	locationId: string,
	raw: IDataObject,
): Promise<IDataObject[] | undefined> {
	const entries = ((raw?.field as IDataObject[] | undefined) ?? []).filter((f) => f && f.id !== '');
	if (entries.length === 0) return undefined;
	const definitions = await customFieldDefinitions(ctx, locationId);
	return entries.map((entry, n) => {
		const id = validate.id(`Custom Fields → Field ${n + 1} (customFields)`, entry.id);
		const def = definitions.find((d) => d.id === id || d.fieldKey === id || d.fieldKey === `contact.${id}`);
		const value = entry.value;
		const type = def?.dataType?.toUpperCase();
		const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
		let fieldValue: unknown = value;
		if (type && LIST_TYPES.has(type)) fieldValue = Array.isArray(value) ? value : splitList(text);
		else if (type && NUMBER_TYPES.has(type)) {
			const num = typeof value === 'number' ? value : Number(text);
			if (text.trim() === '' || !Number.isFinite(num)) {
				validate.fail(`Custom Fields → ${def?.name ?? id} (customFields)`, `"${text}" is not a number`);
			}
			fieldValue = num;
		} else if (type === 'DATE' && text) fieldValue = validate.date(`Custom Fields → ${def?.name ?? id} (customFields)`, text);
		return { id: def?.id ?? id, field_value: fieldValue as IDataObject };
	});
}

/** Reads "Additional Fields"/"Update Fields" of one item into a spec-shaped, validated body. */
export async function buildContactBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	validate: Validator,
	fields: IDataObject,
	locationId: string,
): Promise<IDataObject> {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === '' || key === 'customFields') continue;
		const label = `${key} (${key})`;
		switch (key) {
			case 'email':
				body.email = validate.email('Email (email)', value);
				break;
			case 'phone':
				body.phone = validate.phone('Phone (phone)', value);
				break;
			case 'country':
				body.country = validate.country('Country (country)', value);
				break;
			case 'dateOfBirth':
				body.dateOfBirth = validate.date('Date of Birth (dateOfBirth)', value);
				break;
			case 'tags':
				body.tags = (Array.isArray(value) ? value : String(value).split(',')).map((t) => String(t).trim()).filter(Boolean);
				break;
			case 'dndSettings':
			case 'inboundDndSettings': {
				const parsed = validate.json<IDataObject>(label, value);
				if (parsed && typeof parsed === 'object' && Object.keys(parsed).length > 0) body[key] = parsed;
				break;
			}
			case 'assignedTo':
				body.assignedTo = validate.id('Assigned To (assignedTo)', value);
				break;
			default:
				body[key] = value;
		}
	}
	const customFields = await buildCustomFields(ctx, validate, locationId, fields.customFields as IDataObject);
	if (customFields) body.customFields = customFields;
	void itemIndex;
	return body;
}
