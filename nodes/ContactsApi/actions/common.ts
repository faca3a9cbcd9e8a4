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
