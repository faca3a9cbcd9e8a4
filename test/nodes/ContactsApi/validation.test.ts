import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode } from '../../harness/engine';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

let sandbox: Sandbox;
useContactsSandbox((started) => (sandbox = started));

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const MONEY = 'cf_num_000000000000002';
const DATE = 'cf_date_00000000000004';
const LONG = 'x'.repeat(76);

interface Case {
	/** What is wrong. */
	what: string;
	params: INodeParameters;
	/** The parameter as the error names it. */
	parameter: string;
	/** Part of the problem text. */
	problem: string | RegExp;
	/** Custom field types can only be known from the API: the look-up GET is the one request allowed. */
	needsFieldTypes?: boolean;
	credential?: ICredentialDataDecryptedObject;
}

const contact = (operation: string, params: IDataObject): INodeParameters => ({ resource: 'contact', operation, ...params }) as INodeParameters;
const bulk = (operation: string, params: IDataObject): INodeParameters => ({ resource: 'bulk', operation, ...params }) as INodeParameters;
const create = (fields: IDataObject, options: IDataObject = {}) => contact('create', { additionalFields: fields, options });

const CASES: Case[] = [
	// create
	{ what: 'bad email', params: create({ email: 'ada@' }), parameter: 'Email (email)', problem: '"ada@" is not an email address' },
	{ what: 'phone without country code', params: create({ phone: '4155552671' }), parameter: 'Phone (phone)', problem: 'is not a valid phone number: it has no country code' },
	{ what: 'phone with letters', params: create({ phone: '+1 415 CALL NOW' }), parameter: 'Phone (phone)', problem: 'is not a valid phone number: it contains characters' },
	{ what: 'three-letter country', params: create({ email: 'a@b.co', country: 'USA' }), parameter: 'Country (country)', problem: '"USA" is not an ISO 3166-1 alpha-2 country code' },
	{ what: 'unknown country code', params: create({ email: 'a@b.co', country: 'XX' }), parameter: 'Country (country)', problem: 'is not an ISO 3166-1 alpha-2' },
	{ what: 'date of birth not on the calendar', params: create({ email: 'a@b.co', dateOfBirth: '1990-02-30' }), parameter: 'Date of Birth (dateOfBirth)', problem: 'is not a date in a format the API accepts' },
	{ what: 'date of birth in another format', params: create({ email: 'a@b.co', dateOfBirth: '31/12/1990' }), parameter: 'Date of Birth (dateOfBirth)', problem: 'is not a date in a format the API accepts' },
	{ what: 'no name, email or phone', params: create({ city: 'Springfield' }), parameter: 'Email, Phone or Additional Fields', problem: 'a contact needs at least one of Email, Phone, First Name, Last Name or Full Name' },
	{ what: 'DND settings not JSON', params: create({ email: 'a@b.co', dndSettings: '{"SMS": ' }), parameter: 'DND Settings (JSON) (dndSettings)', problem: 'it is not valid JSON' },
	// Channels and statuses are the API's to judge (it knows more than its spec lists); the shape is checked.
	{ what: 'DND settings of a channel that is no object', params: create({ email: 'a@b.co', dndSettings: '{"SMS": "active"}' }), parameter: 'DND Settings (JSON) (dndSettings)', problem: 'SMS must be an object such as {"status": "active"}' },
	{ what: 'DND settings without a status', params: create({ email: 'a@b.co', dndSettings: { SMS: { message: 'x' } } }), parameter: 'DND Settings (JSON) (dndSettings)', problem: 'SMS.status must be a text' },
	{ what: 'inbound DND with an empty status', params: create({ email: 'a@b.co', inboundDndSettings: '{"all": {"status": ""}}' }), parameter: 'Inbound DND Settings (JSON) (inboundDndSettings)', problem: 'all.status must be a text' },
	{ what: 'DND settings as an array', params: create({ email: 'a@b.co', dndSettings: '[]' }), parameter: 'DND Settings (JSON) (dndSettings)', problem: 'it must be a JSON object' },
	{ what: 'assigned user ID with a slash', params: create({ email: 'a@b.co', assignedTo: 'usr/1' }), parameter: 'Assigned To Name or ID (assignedTo)', problem: 'is not a valid ID' },
	{ what: 'custom field without an ID', params: create({ email: 'a@b.co', customFields: { field: [{ id: '', value: 'x' }] } }), parameter: 'Custom Fields → Field 1 (customFields)', problem: 'it must not be empty' },
	{ what: 'text in a monetary custom field', params: create({ email: 'a@b.co', customFields: { field: [{ id: MONEY, value: 'lots' }] } }), parameter: 'Custom Fields → Lifetime Value (customFields)', problem: '"lots" is not a number', needsFieldTypes: true },
	{ what: 'bad date in a date custom field', params: create({ email: 'a@b.co', customFields: { field: [{ id: DATE, value: '2026-13-01' }] } }), parameter: 'Custom Fields → Renewal Date (customFields)', problem: 'is not a date', needsFieldTypes: true },
	{ what: 'custom field that does not exist', params: create({ email: 'a@b.co', customFields: { field: [{ id: 'cf_nope', value: '1' }] } }), parameter: 'Custom Fields → Field 1 (customFields)', problem: `no custom field "cf_nope" exists in location "${CONTACTS_DEMO.locationId}"`, needsFieldTypes: true },
	{ what: 'location override with a slash', params: create({ email: 'a@b.co' }, { locationId: 'loc/../other' }), parameter: 'Location ID (locationId)', problem: 'is not a valid ID' },
	// get / delete / update
	{ what: 'empty contact ID', params: contact('get', { contactId: byId('={{ "" }}') }), parameter: 'Contact (contactId)', problem: 'it must not be empty' },
	{ what: 'contact ID with a slash', params: contact('get', { contactId: byId('={{ "abc/def" }}') }), parameter: 'Contact (contactId)', problem: '"abc/def" is not a valid ID' },
	{ what: 'contact ID with a query string', params: contact('get', { contactId: byId('={{ "abc?x=1" }}') }), parameter: 'Contact (contactId)', problem: 'is not a valid ID' },
	{ what: 'delete with an empty contact ID', params: contact('delete', { contactId: byId('={{ "  " }}') }), parameter: 'Contact (contactId)', problem: 'it must not be empty' },
	{ what: 'update with a contact ID containing a space', params: contact('update', { contactId: byId('={{ "abc def" }}'), updateFields: { city: 'x' } }), parameter: 'Contact (contactId)', problem: 'is not a valid ID' },
	{ what: 'update without fields', params: contact('update', { contactId: byId('abc'), updateFields: {} }), parameter: 'Update Fields (updateFields)', problem: 'set at least one field to change' },
	{ what: 'update with a bad date of birth', params: contact('update', { contactId: byId('abc'), updateFields: { dateOfBirth: '2001-02-29' } }), parameter: 'Date of Birth (dateOfBirth)', problem: 'is not a date' },
	{ what: 'update with a bad country', params: contact('update', { contactId: byId('abc'), updateFields: { country: 'Germany' } }), parameter: 'Country (country)', problem: 'is not an ISO 3166-1 alpha-2' },
	{ what: 'update with a bad email', params: contact('update', { contactId: byId('abc'), updateFields: { email: 'a b@c.d' } }), parameter: 'Email (email)', problem: 'is not an email address' },
	{ what: 'update with custom fields but no location', params: contact('update', { contactId: byId('abc'), updateFields: { customFields: { field: [{ id: MONEY, value: '1' }] } } }), credential: { locationId: '' }, parameter: 'Location ID (locationId)', problem: 'no location is set' },
	// upsert
	{ what: 'upsert without email or phone', params: contact('upsert', { additionalFields: { firstName: 'Nomatch' } }), parameter: 'Contact Fields → Email or Phone', problem: 'an upsert needs Email or Phone' },
	{ what: 'upsert with a bad phone', params: contact('upsert', { additionalFields: { phone: '+0 12' } }), parameter: 'Phone (phone)', problem: 'is not a valid phone number' },
	// get many / search / business
	{ what: 'limit 0', params: contact('getAll', { returnAll: false, limit: 0 }), parameter: 'Limit (limit)', problem: '0 must be a whole number from 1 to 1000000' },
	{ what: 'fractional limit', params: contact('getAll', { returnAll: false, limit: 1.5 }), parameter: 'Limit (limit)', problem: 'must be a whole number' },
	{ what: 'query longer than 75 characters', params: contact('getAll', { returnAll: true, filters: { query: LONG } }), parameter: 'Filters → Query (query)', problem: 'the API accepts at most 75' },
	{ what: 'search with limit 0', params: contact('search', { returnAll: false, limit: 0 }), parameter: 'Limit (limit)', problem: 'must be a whole number' },
	{ what: 'search query too long', params: contact('search', { query: LONG, returnAll: true }), parameter: 'Query (query)', problem: 'the API accepts at most 75' },
	{ what: 'raw filters that are not JSON', params: contact('search', { returnAll: true, options: { rawFilters: '[{"field": ' } }), parameter: 'Options → Raw Filters (JSON) (rawFilters)', problem: 'it is not valid JSON' },
	{ what: 'raw filter without field or group', params: contact('search', { returnAll: true, options: { rawFilters: '[{"operator": "eq"}]' } }), parameter: 'Options → Raw Filters (JSON) (rawFilters)', problem: 'entry 1 has neither "field" nor "group"' },
	{ what: 'filter value missing for Equals', params: contact('search', { returnAll: true, filters: { filter: [{ field: 'email', operator: 'eq', value: '' }] } }), parameter: 'Filters → Filter 1 → Value (value)', problem: 'it must not be empty for this operator' },
	{ what: 'DND filter that is not true/false', params: contact('search', { returnAll: true, filters: { filter: [{ field: 'dnd', operator: 'eq', value: 'maybe' }] } }), parameter: 'Filters → Filter 1 → Value (value)', problem: '"maybe" is not true or false' },
	{ what: 'range filter whose value is no JSON', params: contact('search', { returnAll: true, filters: { filter: [{ field: 'dateAdded', operator: 'range', value: 'x' }] } }), parameter: 'Filters → Filter 1 → Value (value)', problem: 'it is not valid JSON' },
	{ what: 'find duplicate with neither email nor phone', params: contact('findDuplicate', { email: '', phone: '' }), parameter: 'Email (email) or Phone (phone)', problem: 'give at least one of them' },
	{ what: 'find duplicate with a bad phone', params: contact('findDuplicate', { phone: 'call me' }), parameter: 'Phone (phone)', problem: 'is not a valid phone number' },
	{ what: 'empty business ID', params: contact('getManyByBusiness', { businessId: '={{ "" }}', returnAll: true }), parameter: 'Business ID (businessId)', problem: 'it must not be empty' },
	{ what: 'business ID with a slash', params: contact('getManyByBusiness', { businessId: 'a/b', returnAll: true }), parameter: 'Business ID (businessId)', problem: 'is not a valid ID' },
	// bulk
	{ what: 'no contact IDs', params: bulk('updateTags', { tagAction: 'add', contactIds: ' , ', tags: ['vip'] }), parameter: 'Contact IDs (contactIds)', problem: 'give at least one value' },
	{ what: 'a contact ID with a slash in the list', params: bulk('updateTags', { tagAction: 'add', contactIds: 'ok1, bad/id', tags: ['vip'] }), parameter: 'Contact IDs (contactIds)', problem: '"bad/id" is not a valid ID' },
	{ what: 'adding no tags', params: bulk('updateTags', { tagAction: 'add', contactIds: 'ok1', tags: [] }), parameter: 'Tag Names or IDs (tags)', problem: 'give at least one value' },
	{ what: 'removing no tags without Remove All Tags', params: bulk('updateTags', { tagAction: 'remove', removeAllTags: false, contactIds: 'ok1', tags: [] }), parameter: 'Tag Names or IDs (tags)', problem: 'give at least one value' },
	{ what: 'assigning an empty business ID', params: bulk('assignBusiness', { businessAction: 'add', businessId: '={{ "" }}', contactIds: 'ok1' }), parameter: 'Business ID (businessId)', problem: 'it must not be empty' },
	{ what: 'a contact ID with # in the business list', params: bulk('assignBusiness', { businessAction: 'remove', contactIds: 'ok1 ok#2' }), parameter: 'Contact IDs (contactIds)', problem: 'is not a valid ID' },
];

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('Contacts API node: bad input is refused before any request', () => {
	it('has a table of at least 30 cases', () => {
		expect(CASES.length).toBeGreaterThanOrEqual(30);
	});

	it.each(CASES.map((c) => [`${String(c.params.resource)}.${String(c.params.operation)}: ${c.what}`, c]))('%s', async (_name, c) => {
		const result = await runNode({ type: 'contactsApi', parameters: c.params, credentials: contactsCredential(sandbox, c.credential) });
		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(new RegExp(`^Invalid ${escape(c.parameter)} in item 0: `));
		if (typeof c.problem === 'string') expect(result.error?.message).toContain(c.problem);
		else expect(result.error?.message).toMatch(c.problem);
		const sent = sandbox.requests.map((r) => `${r.method} ${r.path}`);
		if (c.needsFieldTypes) expect(sent).toEqual([`GET /locations/${CONTACTS_DEMO.locationId}/customFields`]);
		else expect(sent).toEqual([]);
	});

	it('a static bad ID is refused by the node before any request', async () => {
		const result = await runNode({ type: 'contactsApi', parameters: contact('get', { contactId: byId('abc/def') }), credentials: contactsCredential(sandbox) });
		expect(result.error?.message).toMatch(/Invalid Contact \(contactId\) in item 0: "abc\/def" is not a valid ID/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('names the item that is bad, and sends nothing for the good ones before it', async () => {
		const result = await runNode({
			type: 'contactsApi',
			parameters: { resource: 'contact', operation: 'upsert', additionalFields: { email: '={{ $json.email }}' } },
			credentials: contactsCredential(sandbox),
			input: [{ email: 'one@example.com' }, { email: 'two@example.com' }, { email: 'three@' }],
		});
		expect(result.error?.message).toBe('Invalid Email (email) in item 2: "three@" is not an email address');
		expect(sandbox.requests).toHaveLength(0);
	});
});
