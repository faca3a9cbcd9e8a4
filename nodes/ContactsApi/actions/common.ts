import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../shared/validation';
import { getConnection } from '../transport';

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
				// No regex `validation` here: n8n runs it with a 250 ms time limit on every execution,
				// which fails spuriously on a loaded server. The node checks IDs itself before sending.
				placeholder: 'e.g. ocQHyuzHvysMo5N5VsXc',
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

/** The "Options" collection of operations whose only option is the location override. */
export const locationOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [locationOverride],
};

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

/** The API caps search texts and filter values at 75 characters. */
export const MAX_SEARCH_TEXT = 75;

export function readSearchText(validate: Validator, label: string, value: unknown): string | undefined {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	if (text.length > MAX_SEARCH_TEXT) validate.fail(label, `it is ${text.length} characters long; the API accepts at most ${MAX_SEARCH_TEXT}`);
	return text;
}
