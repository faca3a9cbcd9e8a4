import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { collection } from '../../shared/descriptions';
import type { Validator } from '../../shared/validation';
import { readList, setText } from '../actions/common';

/**
 * Contact fields of Dialpad's create (POST /contacts), upsert (PUT /contacts) and update
 * (PATCH /contacts/{id}) bodies (source: Dialpad's OpenAPI file, CreateContactMessage /
 * CreateContactMessageWithUid / UpdateContactMessage): `first_name`, `last_name`, `phones[]`
 * (E.164, the first is primary), `emails[]` (the first is primary), `company_name`,
 * `job_title`, `extension`, `urls[]`.
 */

const LIST_FIELDS: Record<string, string> = { phones: 'phones', emails: 'emails', urls: 'urls' };
const TEXT_FIELDS: Record<string, string> = { companyName: 'company_name', jobTitle: 'job_title', extension: 'extension' };

export const CLEARABLE_FIELDS = [
	{ name: 'Company Name', value: 'companyName' },
	{ name: 'Emails', value: 'emails' },
	{ name: 'Extension', value: 'extension' },
	{ name: 'Job Title', value: 'jobTitle' },
	{ name: 'Phones', value: 'phones' },
	{ name: 'URLs', value: 'urls' },
];

export const firstNameField: INodeProperties = {
	displayName: 'First Name',
	name: 'firstName',
	type: 'string',
	default: '',
};

export const lastNameField: INodeProperties = {
	displayName: 'Last Name',
	name: 'lastName',
	type: 'string',
	default: '',
};

/** The optional fields, in a collection ("Additional Fields" / "Update Fields"). */
export const contactDetailFields: INodeProperties[] = [
	{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' },
	{
		displayName: 'Emails',
		name: 'emails',
		type: 'string',
		default: '',
		placeholder: 'e.g. ada@example.com, ada@work.example.com',
		description: 'Email addresses separated by commas (or a list from an expression). The first is the primary one.',
	},
	{ displayName: 'Extension', name: 'extension', type: 'string', default: '' },
	{ displayName: 'Job Title', name: 'jobTitle', type: 'string', default: '' },
	{
		displayName: 'Phones',
		name: 'phones',
		type: 'string',
		default: '',
		placeholder: 'e.g. +14155550123, +442071838750',
		description: 'Phone numbers in international format separated by commas (or a list from an expression). The first is the primary one.',
	},
	{
		displayName: 'URLs',
		name: 'urls',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://crm.example.com/contacts/42',
		description: 'Web addresses separated by commas (or a list from an expression)',
	},
];

function validUrl(validate: Validator, label: string, text: string): string {
	try {
		const url = new URL(text);
		if (url.protocol === 'http:' || url.protocol === 'https:') return text;
	} catch {
		// reported below
	}
	return validate.fail(label, `"${text}" is not an http(s) URL`);
}

/** Body fields from the collection; only fields that are set (non-empty) are sent. */
export function contactDetails(validate: Validator, fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [name, key] of Object.entries(TEXT_FIELDS)) setText(body, key, fields[name]);
	const phones = readList(fields.phones).map((p) => validate.phone('Phones (phones)', p));
	const emails = readList(fields.emails).map((e) => validate.email('Emails (emails)', e));
	const urls = readList(fields.urls).map((u) => validUrl(validate, 'URLs (urls)', u));
	if (phones.length) body.phones = [...new Set(phones)];
	if (emails.length) body.emails = [...new Set(emails)];
	if (urls.length) body.urls = [...new Set(urls)];
	return body;
}

/** A required name part; Dialpad requires both names on create and upsert. */
export function requiredName(validate: Validator, label: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (text === '') validate.fail(label, 'it must not be empty');
	return text;
}

/** "Fields to Clear": each chosen field is sent empty ([] for lists, "" for text). */
export function clearedFields(validate: Validator, value: unknown, body: IDataObject): IDataObject {
	const chosen = Array.isArray(value) ? value.map(String) : [];
	const out: IDataObject = {};
	for (const field of chosen) {
		const key = LIST_FIELDS[field] ?? TEXT_FIELDS[field];
		if (!key) validate.fail('Fields to Clear (clearFields)', `"${field}" cannot be cleared`);
		if (body[key] !== undefined) validate.fail('Fields to Clear (clearFields)', `"${field}" is both set and cleared`);
		out[key] = LIST_FIELDS[field] ? [] : '';
	}
	return out;
}

/** First and last name (both required by create and upsert) and the optional details. */
export const namesAndDetails: INodeProperties[] = [
	{ ...firstNameField, required: true },
	{ ...lastNameField, required: true },
	collection('additionalFields', contactDetailFields),
];

export function readNamesAndDetails(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): IDataObject {
	return {
		first_name: requiredName(validate, 'First Name (firstName)', ctx.getNodeParameter('firstName', itemIndex, '')),
		last_name: requiredName(validate, 'Last Name (lastName)', ctx.getNodeParameter('lastName', itemIndex, '')),
		...contactDetails(validate, ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	};
}
