import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { collection } from '../../shared/descriptions';
import { locator } from '../../shared/locators';
import type { Validator } from '../../shared/validation';
import { getConnection } from '../transport';

/**
 * Contact picker: a searchable list from the API, an ID, or the URL of the contact's page
 * copied from the browser, on the white-label app or on HighLevel's own hosts
 * (app.gohighlevel.com, app.leadconnectorhq.com): `…/contacts/detail/<id>`.
 */
export function contactLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	const picker = locator(
		{
			displayName: 'Contact',
			name: 'contactId',
			searchMethod: 'searchContacts',
			placeholder: 'e.g. ocQHyuzHvysMo5N5VsXc',
			description: "The contact to act on: its ID (20 letters and digits, e.g. ocQHyuzHvysMo5N5VsXc, the `id` of a contact in this node's output) or the URL of its page in the web app",
		},
		overrides,
	);
	return {
		...picker,
		modes: [
			...(picker.modes ?? []),
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				// Read by readContactId (no `extractValue` regex, for the same reason as above).
				placeholder: 'e.g. https://app.gohighlevel.com/v2/location/ve9EPM428h8vShlRW1KT/contacts/detail/ocQHyuzHvysMo5N5VsXc',
			},
		],
	};
}

const CONTACT_PAGE = /\/contacts\/detail\/([^/?#\s]+)/;

/**
 * A contact ID as typed, or taken from a contact page URL (any host: the path is the same on
 * the white-label app and on HighLevel's). A URL that is not a contact page is an error.
 */
export function contactIdFrom(validate: Validator, parameter: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : value;
	if (typeof text === 'string' && /^https?:\/\//i.test(text)) {
		const page = CONTACT_PAGE.exec(text);
		if (!page) {
			validate.fail(parameter, `"${text}" is not the URL of a contact's page (…/contacts/detail/<contact ID>)`);
		}
		let id = page[1];
		try {
			id = decodeURIComponent(id);
		} catch {
			// a stray "%" is not an escape: keep the text, validate.id judges it
		}
		return validate.id(parameter, id);
	}
	return validate.id(parameter, text);
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
export const locationOptions: INodeProperties = collection('options', [locationOverride]);

export function readContactId(ctx: IExecuteFunctions, itemIndex: number, validate: Validator, name = 'contactId'): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	return contactIdFrom(validate, name === 'contactId' ? 'Contact (contactId)' : name, raw);
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
