import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/validation';
import { getConnection } from '../transport';

/** Shows a set of properties only for one resource and some of its operations. */
export function forOperation(
	resource: string,
	operation: string | string[],
	properties: INodeProperties[],
): INodeProperties[] {
	const operations = Array.isArray(operation) ? operation : [operation];
	return properties.map((p) => ({
		...p,
		displayOptions: {
			...p.displayOptions,
			show: { ...p.displayOptions?.show, resource: [resource], operation: operations },
		},
	}));
}

/** Contact picker: searchable list from the API, or an ID. */
export function contactLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Contact',
		name: 'contactId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The contact to act on',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchContacts', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. ocQHyuzHvysMo5N5VsXc',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[^\\s/?#]+$', errorMessage: 'Not a valid contact ID' },
					},
				],
			},
		],
		...overrides,
	};
}

/** Per-node override of the credential's location. */
export const locationOverride: INodeProperties = {
	displayName: 'Location ID',
	name: 'locationId',
	type: 'string',
	default: '',
	description: "Sub-account to use instead of the credential's location. Leave empty to use the credential's.",
};

export function returnAllAndLimit(maxLimit?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export function readContactId(ctx: IExecuteFunctions, itemIndex: number, validate: Validator, name = 'contactId'): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as string;
	return validate.id(name === 'contactId' ? 'Contact (contactId)' : name, raw);
}

/** The node option wins over the credential's location; one of them must be set. */
export async function readLocationId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	validate: Validator,
	parameter = 'options.locationId',
): Promise<string> {
	const override = String(ctx.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
	if (override) return validate.id('Location ID (locationId)', override);
	const { locationId } = await getConnection(ctx);
	if (!locationId) {
		validate.fail(
			'Location ID (locationId)',
			'no location is set',
			'Set the Location ID in the credential or in the node options.',
		);
	}
	return locationId;
}

/** Drops empty strings and undefined so "not set" never overwrites data. */
export function compact(body: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
}

/**
 * A list of IDs given as an array (expression) or as text separated by commas, spaces or
 * new lines. Each must be a valid ID; the list must not be empty.
 */
export function readIdList(
	ctx: IExecuteFunctions,
	itemIndex: number,
	validate: Validator,
	name: string,
	label: string,
): string[] {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const parts = Array.isArray(raw) ? raw.map((v) => String(v ?? '')) : String(raw ?? '').split(/[\s,]+/);
	const ids = validate.nonEmptyList(`${label} (${name})`, parts);
	return [...new Set(ids.map((id) => validate.id(`${label} (${name})`, id)))];
}

/** Return All, or the validated Limit. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number, validate: Validator, max = 1_000_000): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	if (returnAll) return undefined;
	return validate.integer('Limit (limit)', ctx.getNodeParameter('limit', itemIndex, 50), 1, max);
}

/** The API caps search texts and filter values at 75 characters. */
export const MAX_SEARCH_TEXT = 75;

export function readSearchText(validate: Validator, label: string, value: unknown): string | undefined {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	if (text.length > MAX_SEARCH_TEXT) validate.fail(label, `it is ${text.length} characters long; the API accepts at most ${MAX_SEARCH_TEXT}`);
	return text;
}
