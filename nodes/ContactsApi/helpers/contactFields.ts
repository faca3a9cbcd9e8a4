import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isEmptyValue } from '../../shared/optional';
import type { Validator } from '../../shared/validation';
import { CONTACTS_API_DATE_FORMATS } from '../../shared/validation';
import { contactsApiRequest, pathSegment } from '../transport';

/** Which request body a set of contact fields is for; each DTO of the spec differs. */
export type ContactDto = 'create' | 'update' | 'upsert';

/**
 * Fields a DTO does not have. UpdateContactDto lacks companyName and gender (and
 * locationId, which never is a user field here); the API rejects unknown fields.
 */
const NOT_IN: Record<ContactDto, Set<string>> = {
	create: new Set(),
	update: new Set(['companyName', 'gender']),
	upsert: new Set(),
};

/**
 * The DND channels the spec lists (DndSettingsSchema). The API and its webhooks use more
 * (ContactDndUpdate carries RCS), so these only serve to clear the settings: any channel
 * and status a user gives pass, and the API judges them.
 */
const DND_CHANNELS = ['Call', 'Email', 'SMS', 'WhatsApp', 'GMB', 'FB'];

function allContactFields(): INodeProperties[] {
	return [
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
		{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' },
		{
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: 'US',
			description: 'ISO 3166-1 alpha-2 code',
		},
		{
			displayName: 'Custom Fields (Key/Value List)',
			name: 'customFields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Custom Field',
			description:
				"Each field by its ID or its key (contact.my_field, from an expression). Values are formatted by the field's type when the token may read the definitions (locations/customFields.readonly); otherwise they are sent as given.",
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
								'For multiple-choice fields give a comma-separated list or a JSON array; for number and monetary fields a number; for date fields YYYY-MM-DD. Empty leaves the field unchanged; the expression {{ null }} clears it.',
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
			description: 'YYYY-MM-DD, or another form the API documents (YYYY/MM/DD, YYYY.MM.DD, YYYY_MM_DD, MM/DD/YYYY, MM-DD-YYYY, MM.DD.YYYY, MM_DD_YYYY); sent as YYYY-MM-DD',
		},
		{ displayName: 'DND', name: 'dnd', type: 'boolean', default: false, description: 'Whether Do Not Disturb is on for all channels' },
		{
			displayName: 'DND Settings (JSON)',
			name: 'dndSettings',
			type: 'json',
			default: '{}',
			description:
				'Per-channel DND as the API returns it (channels such as Call, Email, SMS, WhatsApp, GMB, FB, RCS; status active, inactive or permanent), e.g. {"SMS": {"status": "active", "message": "…"}}. The dndSettings of a contact or a ContactDndUpdate event can be passed back as they are.',
		},
		{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
		{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
		{ displayName: 'Full Name', name: 'name', type: 'string', default: '' },
		{ displayName: 'Gender', name: 'gender', type: 'string', default: '', placeholder: 'female' },
		{
			displayName: 'Inbound DND Settings (JSON)',
			name: 'inboundDndSettings',
			type: 'json',
			default: '{}',
			description: 'Inbound DND (status active or inactive), e.g. {"all": {"status": "active", "message": "…"}}',
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
				'Replaces ALL tags of the contact; use the Tag resource or Bulk → Update Tags to add or remove single tags. An empty list is not sent. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Timezone Name or ID',
			name: 'timezone',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getTimezones' },
			default: '',
			description:
				'IANA time zone of the contact, e.g. America/Chicago. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'Website', name: 'website', type: 'string', default: '' },
	];
}

/**
 * The location's custom fields in n8n's resource mapper: each field with the widget of its
 * type, loaded from the API. The key/value list in the fields collection stays for dynamic
 * cases (field IDs or keys from expressions).
 */
export const customFieldMapper: INodeProperties = {
	displayName: 'Custom Fields',
	name: 'customFieldMapper',
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	description:
		"The location's custom fields with their types. Fields left empty are not sent; on Update and Upsert the expression {{ null }} clears a field.",
	// Shown once a credential is chosen (n8n sets Authentication then; 1.2 starts with it
	// unset), and reloaded when the credential type or the location changes: the editor asks
	// for the fields when the mapper appears, with the node's credential at that moment.
	displayOptions: { hide: { authentication: [''] } },
	typeOptions: {
		loadOptionsDependsOn: ['authentication', 'options.locationId'],
		resourceMapper: {
			resourceMapperMethod: 'getCustomFieldColumns',
			mode: 'add',
			fieldWords: { singular: 'custom field', plural: 'custom fields' },
			// n8n's own heading ("Values to Send") would not say what the values are.
			valuesLabel: 'Custom Fields',
			addAllFields: false,
			multiKeyMatch: false,
			supportAutoMap: false,
			noFieldsError: 'This location has no contact custom fields, or the token lacks locations/customFields.readonly.',
		},
	},
};

/** Luxon DateTimes and Dates (date pickers, expressions) as ISO text; other values as they are. */
function plainValue(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString();
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return (value as { toISO: () => string }).toISO();
	}
	return value;
}

/** Marks the rows that came from the resource mapper, so errors name that parameter. */
const FROM_MAPPER = 'customFieldMapper';

/**
 * Adds the resource mapper's values to the key/value list of `fields` (by field ID), so both
 * are checked and formatted the same way, by the API's own field types. n8n's check of the
 * mapper's schema is skipped on purpose: it names a field by its ID ("Invalid input for
 * 'cf_…'") and turns a number given to a date field into some date; the node's check names
 * the field and the item and refuses such values.
 *
 * A field added but left empty is not sent. `null` is sent (and clears the field on update
 * and upsert) only when it came from an expression such as `{{ null }}`: the editor stores
 * `null` for an added field nobody filled in, so that alone means "unset".
 */
export function withMappedCustomFields(ctx: IExecuteFunctions, itemIndex: number, fields: IDataObject): IDataObject {
	const mapped = (ctx.getNodeParameter('customFieldMapper.value', itemIndex, null, { skipValidation: true }) ?? {}) as IDataObject;
	const raw = ((ctx.getNode().parameters.customFieldMapper as IDataObject | undefined)?.value ?? {}) as IDataObject;
	const isExpression = (id: string) => typeof raw[id] === 'string' && (raw[id] as string).startsWith('=');
	const rows = Object.entries(mapped)
		.filter(([id, value]) => (value === null ? isExpression(id) : !isEmptyValue(value)))
		.map(([id, value]) => ({ id, value: plainValue(value), source: FROM_MAPPER }) as IDataObject);
	if (rows.length === 0) return fields;
	const listed = ((fields.customFields as IDataObject | undefined)?.field as IDataObject[] | undefined) ?? [];
	return { ...fields, customFields: { field: [...rows, ...listed] } };
}

/**
 * Every writable contact field of one DTO (CreateContactDto / UpdateContactDto /
 * UpsertContactDto), shared by create, update and upsert so custom fields and tags behave
 * the same everywhere (the built-in HighLevel node formats them on create only).
 */
export function contactFieldProperties(dto: ContactDto): INodeProperties[] {
	return allContactFields().filter((p) => !NOT_IN[dto].has(p.name));
}

const DISPLAY_NAMES = new Map(allContactFields().map((p) => [p.name, p.displayName]));

/** "Email (email)": how errors name a contact field. */
export function fieldLabel(name: string): string {
	return `${DISPLAY_NAMES.get(name) ?? name} (${name})`;
}

interface CustomFieldDefinition {
	id: string;
	name?: string;
	fieldKey?: string;
	dataType?: string;
}

/** A location's custom field definitions, or why they could not be read. */
export interface Definitions {
	fields: CustomFieldDefinition[];
	/** Set when the look-up failed: values are then sent as given, untyped. */
	unreadable?: string;
}

const definitionsCache = new WeakMap<object, Map<string, Promise<Definitions>>>();

const DEFINITIONS_SCOPE = 'locations/customFields.readonly';

/** Custom field definitions of a location, fetched once per execution. */
export async function customFieldDefinitions(ctx: IExecuteFunctions, locationId: string): Promise<Definitions> {
	let byLocation = definitionsCache.get(ctx);
	if (!byLocation) definitionsCache.set(ctx, (byLocation = new Map()));
	let pending = byLocation.get(locationId);
	if (!pending) {
		pending = contactsApiRequest<{ customFields?: CustomFieldDefinition[] }>(ctx, {
			method: 'GET',
			path: `/locations/${pathSegment(locationId)}/customFields`,
			locationId,
			qs: { model: 'contact' },
			idempotent: true,
			scope: DEFINITIONS_SCOPE,
		}).then(
			(r): Definitions => ({ fields: r.customFields ?? [] }),
			// The update itself may still work (IDs and text values need no types), so the
			// failure is kept and named in the error should the API then refuse a value.
			(error: Error & { httpCode?: string | null }): Definitions => ({
				fields: [],
				unreadable:
					error.httpCode === '403'
						? `the custom field definitions could not be read (the token lacks the ${DEFINITIONS_SCOPE} scope), so custom field values were sent untyped, as given`
						: `the custom field definitions could not be read (${error.message}), so custom field values were sent untyped, as given`,
			}),
		);
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
const OBJECT_TYPES = new Set(['FILE_UPLOAD']);

function formatCustomValue(
	validate: Validator,
	label: string,
	type: string | undefined,
	value: unknown,
): unknown {
	const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
	if (type && LIST_TYPES.has(type)) return Array.isArray(value) ? value.map(String) : splitList(text);
	if (type && NUMBER_TYPES.has(type)) {
		const num = typeof value === 'number' ? value : Number(text.trim());
		if (text.trim() === '' || !Number.isFinite(num)) validate.fail(label, `"${text}" is not a number`);
		return num;
	}
	if (type === 'DATE') return validate.date(label, value, CONTACTS_API_DATE_FORMATS);
	if (type && OBJECT_TYPES.has(type)) return validate.json<IDataObject>(label, value);
	// Text-like fields (text, large text, single option, radio, phone) take a string.
	return typeof value === 'string' ? value : text;
}

export interface CustomFields {
	fields?: IDataObject[];
	/** Why the values could not be typed, for the error should the API refuse one. */
	untyped?: string;
}

/**
 * Formats custom field values by their type (lists for multi-choice, numbers for money). A
 * field named by ID goes out as `id`, one named by key (`contact.my_field`) as `key`: the
 * spec accepts both. An empty value leaves the field alone; `null` clears it (`clears`).
 */
export async function buildCustomFields(
	ctx: IExecuteFunctions,
	validate: Validator,
	locationId: string,
	raw: IDataObject | undefined,
	clears: boolean,
): Promise<CustomFields> {
	const entries = ((raw?.field as IDataObject[] | undefined) ?? []).filter(
		(f) => f && !isEmptyValue(f.value) && (f.value !== null || clears),
	);
	if (entries.length === 0) return {};
	const parameter = (entry: IDataObject) => (entry.source === FROM_MAPPER ? FROM_MAPPER : 'customFields');
	const ids = entries.map((entry, n) => validate.id(`Custom Fields → Field ${n + 1} (${parameter(entry)})`, entry.id));
	const definitions = await customFieldDefinitions(ctx, locationId);
	const known = definitions.fields;
	const fields = entries.map((entry, n) => {
		const given = ids[n];
		const def = known.find((d) => d.id === given || d.fieldKey === given || d.fieldKey === `contact.${given}`);
		if (!def && known.length > 0) {
			validate.fail(
				`Custom Fields → Field ${n + 1} (${parameter(entry)})`,
				`no custom field "${given}" exists in location "${locationId}"`,
				'Pick the field from the list, or use its ID or key (contact.my_field).',
			);
		}
		const byKey = def ? def.id !== given : given.startsWith('contact.');
		const target: IDataObject = byKey ? { key: given } : { id: given };
		if (entry.value === null) return { ...target, field_value: '' };
		const label = `Custom Fields → ${def?.name ?? given} (${parameter(entry)})`;
		return { ...target, field_value: formatCustomValue(validate, label, def?.dataType?.toUpperCase(), entry.value) as IDataObject };
	});
	return { fields, untyped: definitions.unreadable };
}

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
		if (!DISPLAY_NAMES.has(key) || NOT_IN[dto].has(key)) continue;
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
