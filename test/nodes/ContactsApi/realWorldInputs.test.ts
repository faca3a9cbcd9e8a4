/**
 * Issue 10: what users paste and what the API returns, replayed through n8n-core's engine
 * against the (strict) Contacts sandbox, one block per kind of fault.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { insertContact, storeOf } from '../../harness/contactsStore';
import { runNode } from '../../harness/engine';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

const dndEvent = require('../../fixtures/reference/webhook-events/ContactDndUpdate.json');
const { SEARCH_FIELDS } = require('../../sandbox/contacts/routes/contacts');

let sandbox: Sandbox;
useContactsSandbox((started) => (sandbox = started));

const MONEY = 'cf_num_000000000000002';
const TEXT = 'cf_text_00000000000001';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

async function run(
	parameters: INodeParameters,
	options: { input?: IDataObject[]; continueOnFail?: boolean; credential?: ICredentialDataDecryptedObject; typeVersion?: number } = {},
) {
	return await runNode({
		type: 'contactsApi',
		parameters,
		credentials: contactsCredential(sandbox, options.credential),
		input: options.input,
		continueOnFail: options.continueOnFail,
		typeVersion: options.typeVersion,
	});
}

function seed(fields: IDataObject = {}) {
	return insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, ...fields });
}

const contactWrites = () => sandbox.requests.filter((r) => r.path.startsWith('/contacts'));

describe('Contacts API node: real-world inputs (issue 10)', () => {
	describe('1. custom fields by key, definitions unreadable', () => {
		const noLookups = { token: CONTACTS_DEMO.tokens.noLookups };

		it('sends a key as `key` and an ID as `id`, even when the definitions cannot be read', async () => {
			const contact = seed({ firstName: 'Key' });
			const result = await run(
				{
					resource: 'contact',
					operation: 'update',
					contactId: byId(contact.id),
					updateFields: { customFields: { field: [{ id: 'contact.favourite_colour', value: 'Blue' }] } },
				},
				{ credential: noLookups },
			);
			expect(result.error).toBeUndefined();
			expect(contactWrites()[0].body).toEqual({ customFields: [{ key: 'contact.favourite_colour', field_value: 'Blue' }] });
			expect(storeOf(sandbox).contacts.get(contact.id)?.customFields).toEqual([{ id: TEXT, value: 'Blue' }]);
		});

		it('sends a value it cannot type as given, and the API refusal names the missing scope', async () => {
			const contact = seed({ firstName: 'Money' });
			const result = await run(
				{
					resource: 'contact',
					operation: 'update',
					contactId: byId(contact.id),
					updateFields: { customFields: { field: [{ id: MONEY, value: '1500.50' }] } },
				},
				{ credential: noLookups },
			);
			expect(contactWrites()[0].body).toEqual({ customFields: [{ id: MONEY, field_value: '1500.50' }] });
			expect(result.error?.message).toMatch(/^The API rejected the input: customFields\.0\.field_value must be a number/);
			expect(result.error?.message).toContain('the token lacks the locations/customFields.readonly scope');
			expect(result.error?.description).toMatch(/grant the missing scope/);
		});

		it('with the scope, types the value by the definition the key names', async () => {
			const contact = seed({ firstName: 'Typed' });
			const result = await run({
				resource: 'contact',
				operation: 'update',
				contactId: byId(contact.id),
				updateFields: { customFields: { field: [{ id: 'contact.lifetime_value', value: '1500.50' }] } },
			});
			expect(result.error).toBeUndefined();
			expect(contactWrites()[0].body).toEqual({ customFields: [{ key: 'contact.lifetime_value', field_value: 1500.5 }] });
		});
	});

	describe('2. the API\'s own data round-trips', () => {
		it('accepts a ContactDndUpdate payload back, RCS channel included', async () => {
			const event = dndEvent.examples[0] as Record<string, string & string[]>;
			const dndSettings = { ...(event.dndSettings as unknown as IDataObject), RCS: { status: 'active', message: 'Some message', code: '101' } };
			const contact = seed({ firstName: 'Round' });
			const result = await run({
				resource: 'contact',
				operation: 'update',
				contactId: byId(contact.id),
				updateFields: {
					email: event.email,
					phone: event.phone,
					country: event.country,
					dateOfBirth: event.dateOfBirth,
					postalCode: event.postalCode,
					website: event.website,
					dnd: event.dnd,
					tags: event.tags,
					dndSettings: '={{ $json.dndSettings }}',
				},
			}, { input: [{ dndSettings }] });
			expect(result.error).toBeUndefined();
			const sent = contactWrites()[0].body as IDataObject;
			expect(sent.dndSettings).toEqual(dndSettings);
			expect(sent).toMatchObject({ email: event.email, phone: event.phone, country: 'DE', dateOfBirth: '2000-01-05', tags: event.tags });
		});
	});

	describe('3. duplicate contact', () => {
		// The sandbox keeps its contacts across the tests of a file: one address per test.
		let n = 0;
		let existingEmail = '';
		beforeEach(() => (existingEmail = `taken${++n}@example.com`));

		it('keeps the API\'s error body, with the existing contact\'s ID, under Continue On Fail', async () => {
			const existing = seed({ firstName: 'First', email: existingEmail });
			const result = await run(
				{ resource: 'contact', operation: 'create', email: existingEmail, additionalFields: { firstName: 'Second' } },
				{ continueOnFail: true, typeVersion: 1.1 },
			);
			expect(result.error).toBeUndefined();
			const item = result.items[0].json;
			expect(item.error).toBe('Bad request: This location does not allow duplicated contacts.');
			expect(item.apiResponse).toMatchObject({ statusCode: 400, meta: { contactId: existing.id, matchingField: 'email' } });
			expect(item.description).toContain(existing.id);
		});

		it('If Contact Exists → Return It: outputs the existing contact and creates nothing', async () => {
			const existing = seed({ firstName: 'Kept', email: existingEmail });
			const before = storeOf(sandbox).contacts.size;
			const result = await run(
				{ resource: 'contact', operation: 'create', email: existingEmail, additionalFields: { firstName: 'Other' }, options: { ifExists: 'return' } },
				{ typeVersion: 1.1 },
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ id: existing.id, firstName: 'Kept', existed: true });
			expect(storeOf(sandbox).contacts.size).toBe(before);
			expect(contactWrites().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /contacts/', `GET /contacts/${existing.id}`]);
		});

		it('If Contact Exists → Update It: writes the fields to the existing contact', async () => {
			const existing = seed({ firstName: 'Old', email: existingEmail });
			const result = await run(
				{ resource: 'contact', operation: 'create', email: existingEmail, additionalFields: { firstName: 'New', companyName: 'Acme' }, options: { ifExists: 'update' } },
				{ typeVersion: 1.1 },
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ id: existing.id, firstName: 'New', existed: true });
			const put = contactWrites()[1];
			expect(put).toMatchObject({ method: 'PUT', path: `/contacts/${existing.id}` });
			// UpdateContactDto has no locationId or companyName.
			expect(put.body).toEqual({ email: existingEmail, firstName: 'New' });
		});
	});

	describe('4. phones', () => {
		it('normalises a trunk prefix after the country code like telephony libraries do', async () => {
			const result = await run(
				{ resource: 'contact', operation: 'create', phone: '+44 (0)20 7946 0958', additionalFields: { firstName: 'Trunk' } },
				{ typeVersion: 1.1 },
			);
			expect(result.error).toBeUndefined();
			expect((contactWrites()[0].body as IDataObject).phone).toBe('+442079460958');
			expect(result.items[0].json.phone).toBe('+442079460958');
		});

		it.each([
			['+44 20 7946', /its length does not fit country code \+44|is not a valid number for country code \+44/],
			['+1 555 000 0000', /is not a valid number for country code \+1/],
			['020 7946 0958', /it has no country code/],
		])('refuses %s before any request, never changing digits silently', async (phone, problem) => {
			const result = await run(
				{ resource: 'contact', operation: 'create', phone, additionalFields: { firstName: 'Bad' } },
				{ typeVersion: 1.1 },
			);
			expect(result.error?.message).toMatch(/^Invalid Phone \(phone\) in item 0: /);
			expect(result.error?.message).toMatch(problem);
			expect(sandbox.requests).toHaveLength(0);
		});

		it('the sandbox refuses a number with the trunk prefix kept, as the API does', async () => {
			const response = await fetch(`${sandbox.url}/contacts/`, {
				method: 'POST',
				headers: { authorization: `Bearer ${CONTACTS_DEMO.tokens.write}`, version: '2021-07-28', 'content-type': 'application/json' },
				body: JSON.stringify({ locationId: CONTACTS_DEMO.locationId, phone: '+4402079460958' }),
			});
			expect(response.status).toBe(422);
			expect(await response.json()).toMatchObject({ message: ['phone must be a valid phone number'] });
		});
	});

	describe('5. clearing a value', () => {
		it('{{ null }} clears a monetary custom field and a standard field; empty leaves them alone', async () => {
			const contact = seed({ firstName: 'Clear', email: 'clear@example.com', city: 'Springfield', customFields: [{ id: MONEY, field_value: 10 }, { id: TEXT, field_value: 'Red' }] });
			const result = await run({
				resource: 'contact',
				operation: 'update',
				contactId: byId(contact.id),
				updateFields: {
					email: '={{ null }}',
					city: '',
					customFields: { field: [{ id: MONEY, value: '={{ null }}' }, { id: TEXT, value: '' }] },
				},
			});
			expect(result.error).toBeUndefined();
			expect(contactWrites()[0].body).toEqual({ email: null, customFields: [{ id: MONEY, field_value: '' }] });
			const stored = storeOf(sandbox).contacts.get(contact.id);
			expect(stored).toMatchObject({ email: null, city: 'Springfield', customFields: [{ id: TEXT, value: 'Red' }] });
		});

		it('an update with only empty fields changes nothing and says how to clear', async () => {
			const contact = seed({ firstName: 'Same' });
			const result = await run({
				resource: 'contact',
				operation: 'update',
				contactId: byId(contact.id),
				updateFields: { city: '', customFields: { field: [{ id: MONEY, value: '' }] } },
			});
			expect(result.error?.message).toBe('Invalid Update Fields (updateFields) in item 0: set at least one field to change or clear');
			expect(sandbox.requests).toHaveLength(0);
		});
	});

	describe('6. daily quota', () => {
		afterEach(() => (sandbox as unknown as { limiter: { configure(o: IDataObject): void } }).limiter.configure({ daily: 200_000 }));

		it('is told apart from the burst window: one attempt, and the error says when it resets', async () => {
			const contact = seed({ firstName: 'Quota' });
			(sandbox as unknown as { limiter: { configure(o: IDataObject): void } }).limiter.configure({ daily: 1 });
			const spent = await run({ resource: 'contact', operation: 'get', contactId: byId(contact.id) });
			expect(spent.error).toBeUndefined();
			expect(sandbox.requests[0].headers).toBeDefined();
			const started = Date.now();
			const result = await run({ resource: 'contact', operation: 'get', contactId: byId(contact.id) });
			expect(Date.now() - started).toBeLessThan(5000);
			// The burst window still had room; the day did not.
			expect(sandbox.requests.map((r) => r.status)).toEqual([200, 429]);
			expect(result.error?.message).toMatch(/^Daily quota spent: the Contacts API's daily limit of 1 requests for this app and location is used up/);
			// The sandbox's day ends at midnight UTC; its Retry-After counts whole seconds.
			const nextMidnight = Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000;
			const said = /It resets at (\S+) \(in about \d+ (?:h|min)\)/.exec(result.error?.description ?? '');
			expect(Math.abs(Date.parse(said?.[1] ?? '') - nextMidnight)).toBeLessThanOrEqual(2000);
			expect(result.error?.description).toContain('was not retried');
		});
	});

	describe('the search sandbox is as strict as the API', () => {
		it('filters on custom fields (customFields.<id>)', async () => {
			const teal = seed({ firstName: 'Teal', customFields: [{ id: TEXT, field_value: 'Teal' }] });
			seed({ firstName: 'Ochre', customFields: [{ id: TEXT, field_value: 'Ochre' }] });
			const result = await run({
				resource: 'contact',
				operation: 'search',
				returnAll: true,
				filters: { filter: [{ field: `={{ "customFields.${TEXT}" }}`, operator: 'eq', value: 'teal' }] },
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.id)).toEqual([teal.id]);
		});

		it('answers 400 to an unknown field or operator, and the node passes the API\'s words on', async () => {
			const field = await run({ resource: 'contact', operation: 'search', returnAll: true, filters: { filter: [{ field: '={{ "favouriteColour" }}', operator: 'eq', value: 'x' }] } });
			expect(field.error?.message).toBe('Bad request: Invalid field favouriteColour');
			const operator = await run({ resource: 'contact', operation: 'search', returnAll: true, filters: { filter: [{ field: 'email', operator: '={{ "starts_with" }}', value: 'x' }] } });
			expect(operator.error?.message).toBe('Bad request: Invalid operator starts_with for field email');
		});

		it('every filter field the node offers is one the API documents', async () => {
			const { ContactsApi } = require('../../../nodes/ContactsApi/ContactsApi.node');
			const filters = new ContactsApi().description.properties.find(
				(p: IDataObject) => p.name === 'filters' && (p.displayOptions as IDataObject | undefined)?.show && ((p.displayOptions as { show: IDataObject }).show.operation as string[]).includes('search'),
			);
			const fields = (filters.options[0].values[0].options as Array<{ value: string }>).map((o) => o.value);
			expect(fields.length).toBeGreaterThan(10);
			expect(fields.filter((f) => !SEARCH_FIELDS.has(f))).toEqual([]);
			for (const field of fields) {
				const result = await run({ resource: 'contact', operation: 'search', returnAll: true, filters: { filter: [{ field, operator: 'exists' }] } });
				expect(result.error).toBeUndefined();
			}
		});
	});

	// Issue 20, kind 3: every format the API documents for a date field is accepted and sent
	// the way the API returns it (YYYY-MM-DD); what cannot be read is refused with the formats.
	describe('dates in the formats the Contacts API documents', () => {
		const RENEWAL = 'cf_date_00000000000004';
		let born = 0;

		it.each([
			['1990-09-25'],
			['1990/09/25'],
			['1990.09.25'],
			['1990_09_25'],
			['09/25/1990'],
			['09-25-1990'],
			['09.25.1990'],
			['09_25_1990'],
			['1990/9/25'],
			['1990-09-25T00:00:00.000Z'],
		])('Date of Birth %s is sent as 1990-09-25, on create and on update', async (given) => {
			const created = await run({ resource: 'contact', operation: 'create', additionalFields: { email: `dob${++born}@example.com`, dateOfBirth: given } });
			expect(created.error).toBeUndefined();
			const contact = seed({ firstName: 'Born' });
			const updated = await run({ resource: 'contact', operation: 'update', contactId: byId(contact.id), updateFields: { dateOfBirth: given } });
			expect(updated.error).toBeUndefined();
			const bodies = contactWrites().map((r) => (r.body as IDataObject).dateOfBirth);
			expect(bodies).toEqual(['1990-09-25', '1990-09-25']);
		});

		it('a DATE custom field takes the same formats and is sent as YYYY-MM-DD', async () => {
			const contact = seed({ firstName: 'Renewing' });
			const result = await run({ resource: 'contact', operation: 'update', contactId: byId(contact.id), updateFields: { customFields: { field: [{ id: RENEWAL, value: '2027.03.01' }] } } });
			expect(result.error).toBeUndefined();
			expect(contactWrites()[0].body).toEqual({ customFields: [{ id: RENEWAL, field_value: '2027-03-01' }] });
		});

		it.each([
			// Day first: month 25 does not exist in the month-first form the API documents.
			['25/09/1990'],
			['1990/25/09'],
			['1990-02-30'],
			['Sept 25 1990'],
			['1990/09-25'],
		])('refuses %s before any request, listing the accepted formats', async (given) => {
			const contact = seed({ firstName: 'Unborn' });
			const result = await run({ resource: 'contact', operation: 'update', contactId: byId(contact.id), updateFields: { dateOfBirth: given } });
			expect(result.error?.message).toBe(`Invalid Date of Birth (dateOfBirth) in item 0: "${given}" is not a date in a format the API accepts`);
			expect(result.error?.description).toMatch(/^Accepted: YYYY-MM-DD, YYYY\/MM\/DD, YYYY\.MM\.DD, YYYY_MM_DD, MM\/DD\/YYYY, MM-DD-YYYY, MM\.DD\.YYYY, MM_DD_YYYY, or an ISO date-time/);
			expect(contactWrites()).toHaveLength(0);
		});
	});
});
