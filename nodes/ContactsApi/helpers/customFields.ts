import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isEmptyValue } from '../../shared/optional';
import { jsonArrayIn } from '../../shared/listText';
import type { Validator } from '../../shared/validation';
import { CONTACTS_API_DATE_FORMATS } from '../../shared/validation';
import { contactsApiRequest, pathSegment } from '../transport';

/**
 * A contact's custom fields: the resource mapper that offers a location's fields, their
 * definitions (read once per execution), and their values formatted by each field's type.
 */

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
	const parsed = jsonArrayIn(value);
	return parsed ? parsed.map(String) : value.trim().split(',').map((s) => s.trim()).filter(Boolean);
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
