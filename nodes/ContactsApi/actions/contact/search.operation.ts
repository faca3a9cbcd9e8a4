import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { choice, collection, forOperation, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import type { Validator } from '../../../shared/validation';
import { fetchSearchPages } from '../../transport/pagination';
import { locationOverride, MAX_SEARCH_TEXT, readLocationId, readSearchText } from '../common';
import { readSimplify, simplifyContacts, simplifyProperties } from './simplify';

export interface Prepared {
	body: IDataObject;
	limit?: number;
	simplify: boolean;
}

/** Standard contact fields the search API filters on, by their search-index names. */
const FILTER_FIELDS: INodePropertyOptions[] = [
	{ name: 'Assigned To (User ID)', value: 'assignedTo' },
	{ name: 'Business ID', value: 'businessId' },
	{ name: 'City', value: 'city' },
	{ name: 'Company Name', value: 'companyName' },
	{ name: 'Country', value: 'country' },
	{ name: 'DND', value: 'dnd' },
	{ name: 'Email', value: 'email' },
	{ name: 'First Name', value: 'firstNameLowerCase' },
	{ name: 'Last Name', value: 'lastNameLowerCase' },
	{ name: 'Phone', value: 'phone' },
	{ name: 'Postal Code', value: 'postalCode' },
	{ name: 'Source', value: 'source' },
	{ name: 'State', value: 'state' },
	{ name: 'Tag', value: 'tags' },
	{ name: 'Type', value: 'type' },
	{ name: 'Website', value: 'website' },
];

const OPERATORS: INodePropertyOptions[] = [
	{ name: 'Contains', value: 'contains' },
	{ name: 'Does Not Contain', value: 'not_contains' },
	{ name: 'Equals', value: 'eq' },
	{ name: 'Has a Value', value: 'exists' },
	{ name: 'Has No Value', value: 'not_exists' },
	{ name: 'Not Equals', value: 'not_eq' },
];

const SORT_FIELDS: INodePropertyOptions[] = [
	{ name: 'Date Added', value: 'dateAdded' },
	{ name: 'Date Updated', value: 'dateUpdated' },
	{ name: 'Email', value: 'email' },
	{ name: 'First Name', value: 'firstNameLowerCase' },
	{ name: 'Last Name', value: 'lastNameLowerCase' },
];

const VALUELESS = new Set(['exists', 'not_exists']);
const BOOLEAN_FIELDS = new Set(['dnd']);

export const search: NodeOperation<Prepared> = {
	description: forOperation('contact', 'search', [
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			description: `Free text matched against the contact's name, email, phone, company and other searchable fields, e.g. a surname or a domain (at most ${MAX_SEARCH_TEXT} characters). Leave empty to list every contact, filtered by Filters.`,
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Filter',
			default: {},
			description: 'All filters must match. For OR groups, ranges or custom fields use Options → Raw Filters (JSON).',
			options: [
				{
					displayName: 'Filter',
					name: 'filter',
					values: [
						choice('Field', 'field', FILTER_FIELDS, 'email', {
							description:
								'For a custom field, use an expression giving customFields.{field ID}, e.g. customFields.cf_colour. Fields and operators the list lacks pass through; the API refuses unknown ones.',
						}),
						choice('Operator', 'operator', OPERATORS, 'eq'),
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description: `At most ${MAX_SEARCH_TEXT} characters; for DND use true or false`,
							displayOptions: { hide: { operator: ['exists', 'not_exists'] } },
						},
					],
				},
			],
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Sort Rule',
			default: {},
			options: [
				{
					displayName: 'Rule',
					name: 'rule',
					values: [
						{ displayName: 'Field', name: 'field', type: 'options', options: SORT_FIELDS, default: 'dateAdded' },
						choice('Direction', 'direction', [
							{ name: 'Ascending', value: 'asc' },
							{ name: 'Descending', value: 'desc' },
						], 'desc'),
					],
				},
			],
		},
		...returnAllAndLimit(),
		...simplifyProperties,
		collection('options', [
			locationOverride,
			{
				displayName: 'Raw Filters (JSON)',
				name: 'rawFilters',
				type: 'json',
				default: '[]',
				description:
					'More filters in the API\'s own format, added to the ones above, e.g. [{"group": "OR", "filters": [{"field": "tags", "operator": "eq", "value": "vip"}, {"field": "tags", "operator": "eq", "value": "lead"}]}]',
			},
		]),
	]),

	async prepare(itemIndex, validate) {
		const locationId = await readLocationId(this, itemIndex, validate);
		const limit = readLimit(this, itemIndex, validate);
		const body: IDataObject = { locationId };
		const query = readSearchText(validate, 'Query (query)', this.getNodeParameter('query', itemIndex, ''));
		if (query) body.query = query;
		const filters = [
			...readFilters(validate, this.getNodeParameter('filters', itemIndex, {}) as IDataObject),
			...readRawFilters(validate, this.getNodeParameter('options.rawFilters', itemIndex, '[]')),
		];
		if (filters.length > 0) body.filters = filters;
		const sort = readSort(this.getNodeParameter('sort', itemIndex, {}) as IDataObject);
		if (sort.length > 0) body.sort = sort;
		return { body, limit, simplify: readSimplify(this, itemIndex) };
	},

	async run({ body, limit, simplify }, itemIndex) {
		const contacts = await fetchSearchPages(this, body, limit, itemIndex);
		return simplify ? await simplifyContacts(this, contacts) : contacts;
	},
};

function readFilters(validate: Validator, raw: IDataObject): IDataObject[] {
	const rows = (raw.filter as IDataObject[] | undefined) ?? [];
	return rows.map((row, n) => {
		const label = `Filters → Filter ${n + 1}`;
		const field = String(row.field ?? '').trim();
		if (!field) validate.fail(`${label} → Field (field)`, 'it must not be empty');
		const operator = String(row.operator ?? '').trim();
		// Operators beyond the list (e.g. range, from an expression) are the API's to judge.
		if (!operator) validate.fail(`${label} → Operator (operator)`, 'it must not be empty');
		if (VALUELESS.has(operator)) return { field, operator };
		if (operator === 'range') return { field, operator, value: validate.json<IDataObject>(`${label} → Value (value)`, row.value) };
		return { field, operator, value: filterValue(validate, `${label} → Value (value)`, field, row.value) };
	});
}

function filterValue(validate: Validator, label: string, field: string, value: unknown): string | boolean {
	const text = readSearchText(validate, label, value);
	if (text === undefined) validate.fail(label, 'it must not be empty for this operator');
	if (!BOOLEAN_FIELDS.has(field)) return text;
	const lower = text.toLowerCase();
	if (lower !== 'true' && lower !== 'false') validate.fail(label, `"${text}" is not true or false`);
	return lower === 'true';
}

function readRawFilters(validate: Validator, raw: unknown): IDataObject[] {
	const label = 'Options → Raw Filters (JSON) (rawFilters)';
	if (raw === '' || raw === undefined || raw === null) return [];
	const parsed = validate.json<unknown>(label, raw);
	const list = Array.isArray(parsed) ? parsed : [parsed];
	list.forEach((f, n) => {
		if (!f || typeof f !== 'object' || Array.isArray(f)) validate.fail(label, `entry ${n + 1} is not an object`);
		const entry = f as IDataObject;
		if (!entry.group && !entry.field) validate.fail(label, `entry ${n + 1} has neither "field" nor "group"`);
	});
	return list as IDataObject[];
}

function readSort(raw: IDataObject): IDataObject[] {
	return ((raw.rule as IDataObject[] | undefined) ?? []).map((r) => ({
		field: String(r.field),
		direction: r.direction === 'asc' ? 'asc' : 'desc',
	}));
}
