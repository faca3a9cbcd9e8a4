import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locator, readLocator } from '../../shared/locators';
import type { Validator } from '../../shared/validation';
import { DialpadInteger } from '../transport';

/** Pickers of the Dialpad node (list search in ../methods) and small readers. */

export const userLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'User',
			name: 'userId',
			searchMethod: 'searchUsers',
			placeholder: 'e.g. 5629499534213120',
			description: 'The Dialpad user',
		},
		overrides,
	);

export const officeLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'Office',
			name: 'officeId',
			searchMethod: 'searchOffices',
			placeholder: 'e.g. 6192449487634432',
			description: 'The Dialpad office',
		},
		overrides,
	);

export const numberLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'From Number',
			name: 'fromNumber',
			searchMethod: 'searchNumbers',
			placeholder: 'e.g. +14155550100',
			description: 'A Dialpad number of the company (E.164)',
		},
		overrides,
	);

export const contactLocator = (overrides: Partial<INodeProperties> = {}) =>
	locator(
		{
			displayName: 'Contact',
			name: 'contactId',
			searchMethod: 'searchContacts',
			placeholder: 'e.g. shared_contact_crm_0001',
			description: 'The Dialpad contact (company-shared contacts are listed)',
		},
		overrides,
	);

export function readContactId(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): string {
	return readLocator(ctx, itemIndex, validate, 'contactId', 'Contact');
}

/**
 * A numeric Dialpad ID (users, offices, calls, targets: int64). Kept as a string: values
 * may exceed 2^53. Accepts what the API returns (number or string).
 */
export function numericId(validate: Validator, label: string, value: unknown): string {
	const text = validate.id(label, value);
	if (!/^\d{1,19}$/.test(text) || BigInt(text) > BigInt('9223372036854775807')) validate.fail(label, `"${text}" is not a Dialpad ID (digits only, at most 9223372036854775807)`);
	return text;
}

/**
 * A numeric Dialpad ID for a JSON body, where the spec types it as an integer: sent as a
 * JSON number with every digit (see DialpadInteger). Query strings take `numericId`.
 */
export function integerId(validate: Validator, label: string, value: unknown): DialpadInteger {
	return new DialpadInteger(numericId(validate, label, value));
}

/**
 * A list parameter given as text (comma- or newline-separated) or as an array (what the API
 * and its webhooks return, e.g. `{{ $json.contact.phones }}`). Empty entries are dropped.
 */
export function readList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((v) => (v === null || v === undefined ? '' : String(v))) : String(value ?? '').split(/[,\n]/);
	return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Copies a text field into the body when set (an empty value means "unset"). */
export function setText(body: IDataObject, key: string, value: unknown): void {
	if (value === undefined || value === null) return;
	const text = String(value).trim();
	if (text !== '') body[key] = text;
}
