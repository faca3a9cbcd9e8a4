/**
 * Custom fields through n8n's resource mapper on Contact → Create, Update and Upsert: the
 * location's fields load with their types (n8n-core LoadOptionsContext), and mapped values
 * are checked and formatted like the key/value list's, which stays available.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeParameters, ResourceMapperFields, ResourceMapperValue } from 'n8n-workflow';

import { insertContact, storeOf } from '../../harness/contactsStore';
import { runNode } from '../../harness/engine';
import { loadOptionsContext } from '../../harness/loadOptions';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

let sandbox: Sandbox;
useContactsSandbox((started) => (sandbox = started));

const CF = { text: 'cf_text_00000000000001', money: 'cf_num_000000000000002', multi: 'cf_multi_0000000000003', date: 'cf_date_00000000000004' };

function mapper(value: IDataObject): ResourceMapperValue {
	return { mappingMode: 'defineBelow', value: value as ResourceMapperValue['value'], matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false };
}

async function run(parameters: INodeParameters, typeVersion = 1.1) {
	return await runNode({ type: 'contactsApi', parameters, credentials: contactsCredential(sandbox), typeVersion });
}

/** Contact → Update of one contact with the mapper's value (and other parameters, if any). */
async function updateWith(contactId: string, customFieldMapper: ResourceMapperValue, parameters: INodeParameters = {}) {
	return await run({ resource: 'contact', operation: 'update', contactId: { __rl: true, mode: 'id', value: contactId }, customFieldMapper, ...parameters });
}

const writes = () => sandbox.requests.filter((r) => r.path.startsWith('/contacts'));

describe('Contacts API node: custom fields through the resource mapper', () => {
	it('loads the location\'s custom fields with the widget of their type', async () => {
		const { context, nodeType } = loadOptionsContext('contactsApi', { resource: 'contact', operation: 'update' }, contactsCredential(sandbox));
		const method = (nodeType.methods as unknown as { resourceMapping: Record<string, (this: ILoadOptionsFunctions) => Promise<ResourceMapperFields>> }).resourceMapping
			.getCustomFieldColumns;
		const { fields } = await method.call(context);
		expect(fields.map((f) => [f.id, f.displayName, f.type])).toEqual([
			[CF.text, 'Favourite Colour', 'string'],
			[CF.multi, 'Interests', 'array'],
			[CF.money, 'Lifetime Value', 'number'],
			[CF.date, 'Renewal Date', 'dateTime'],
		]);
		expect(fields.every((f) => !f.required && f.display && !f.canBeUsedToMatch)).toBe(true);
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /locations/${CONTACTS_DEMO.locationId}/customFields`]);
	});

	it('the three writing operations offer it', () => {
		const { nodeType } = loadOptionsContext('contactsApi', {}, contactsCredential(sandbox));
		const mappers = nodeType.description.properties.filter((p) => p.type === 'resourceMapper');
		expect(mappers.flatMap((p) => p.displayOptions?.show?.operation as string[]).sort()).toEqual(['create', 'update', 'upsert']);
	});

	it('Update: mapped values are formatted by type, next to the key/value list; empty ones are left out', async () => {
		const contact = insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: 'Mapped' });
		const result = await updateWith(contact.id, mapper({ [CF.money]: '99.90', [CF.multi]: ['Sales', 'Billing'], [CF.date]: '2027-03-01T00:00:00.000Z', [CF.text]: '' }), { updateFields: { customFields: { field: [{ id: 'contact.favourite_colour', value: 'Green' }] } } });
		expect(result.error).toBeUndefined();
		expect(writes()[0].body).toEqual({
			customFields: [
				{ id: CF.money, field_value: 99.9 },
				{ id: CF.multi, field_value: ['Sales', 'Billing'] },
				{ id: CF.date, field_value: '2027-03-01' },
				{ key: 'contact.favourite_colour', field_value: 'Green' },
			],
		});
		expect(storeOf(sandbox).contacts.get(contact.id)?.customFields).toEqual(
			expect.arrayContaining([{ id: CF.money, value: 99.9 }, { id: CF.text, value: 'Green' }]),
		);
	});

	it('Create and Upsert take it too; a value of the wrong type is refused by name before any request', async () => {
		const created = await run({ resource: 'contact', operation: 'create', email: 'mapper@example.com', customFieldMapper: mapper({ [CF.money]: 5 }) });
		expect(created.error).toBeUndefined();
		expect((writes()[0].body as IDataObject).customFields).toEqual([{ id: CF.money, field_value: 5 }]);
		sandbox.clearRequests();
		const upserted = await run({ resource: 'contact', operation: 'upsert', additionalFields: { email: 'mapper@example.com' }, customFieldMapper: mapper({ [CF.multi]: 'Support' }) });
		expect(upserted.error).toBeUndefined();
		expect((writes()[0].body as IDataObject).customFields).toEqual([{ id: CF.multi, field_value: ['Support'] }]);
		sandbox.clearRequests();
		const bad = await run({ resource: 'contact', operation: 'create', email: 'bad-mapper@example.com', customFieldMapper: mapper({ [CF.money]: 'lots' }) });
		expect(bad.error?.message).toBe('Invalid Custom Fields → Lifetime Value (customFieldMapper) in item 0: "lots" is not a number');
		expect(writes()).toHaveLength(0);
	});
});

/** The schema n8n's editor stores next to the values: the columns getCustomFieldColumns gave. */
const EDITOR_SCHEMA = [
	{ id: CF.text, displayName: 'Favourite Colour', type: 'string' },
	{ id: CF.multi, displayName: 'Interests', type: 'array' },
	{ id: CF.money, displayName: 'Lifetime Value', type: 'number' },
	{ id: CF.date, displayName: 'Renewal Date', type: 'dateTime' },
].map((f) => ({ ...f, required: false, defaultMatch: false, canBeUsedToMatch: false, display: true, removed: false }));

/** The mapper's value as the editor saves it (schema included, so n8n checks the types). */
function editorMapper(value: IDataObject): ResourceMapperValue {
	return { ...mapper(value), schema: EDITOR_SCHEMA } as ResourceMapperValue;
}

describe('Contacts API node: the resource mapper as n8n\'s editor saves it', () => {
	it('takes each widget\'s value: text, a number, the date picker\'s local date-time, the JSON editor\'s list', async () => {
		const contact = insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: 'Editor' });
		const result = await updateWith(contact.id, editorMapper({ [CF.text]: 'Green', [CF.money]: 99.9, [CF.date]: '2027-03-01T00:00:00', [CF.multi]: '["Sales", "Billing"]' }));
		expect(result.error).toBeUndefined();
		expect(writes()[0].body).toEqual({
			customFields: [
				{ id: CF.text, field_value: 'Green' },
				{ id: CF.money, field_value: 99.9 },
				{ id: CF.date, field_value: '2027-03-01' },
				{ id: CF.multi, field_value: ['Sales', 'Billing'] },
			],
		});
	});

	it('values a contact read returned are accepted back through expressions', async () => {
		const source = insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: 'Source' });
		const target = insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: 'Target' });
		storeOf(sandbox).contacts.get(source.id)!.customFields = [
			{ id: CF.money, value: 1250.5 },
			{ id: CF.multi, value: ['Support'] },
			{ id: CF.date, value: '2027-12-31' },
		];
		const read = await run({ resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: source.id } });
		const fields = (read.items[0].json.customFields as IDataObject[]).map((f) => [f.id, f.value]);
		sandbox.clearRequests();
		const value = Object.fromEntries(fields.map(([id, v]) => [String(id), `={{ ${JSON.stringify(v)} }}`]));
		const result = await updateWith(target.id, editorMapper(value));
		expect(result.error).toBeUndefined();
		expect(writes()[0].body).toEqual({
			customFields: [
				{ id: CF.money, field_value: 1250.5 },
				{ id: CF.multi, field_value: ['Support'] },
				{ id: CF.date, field_value: '2027-12-31' },
			],
		});
	});

	it('a wrong-typed value from an expression is refused naming the field by its name and the item, before any request', async () => {
		const contact = insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: 'Wrong' });
		const result = await updateWith(contact.id, editorMapper({ [CF.money]: '={{ "lots" }}' }));
		expect(result.error?.message).toBe('Invalid Custom Fields → Lifetime Value (customFieldMapper) in item 0: "lots" is not a number');
		// n8n's own check would have made some date of the number 42.
		const date = await updateWith(contact.id, editorMapper({ [CF.date]: '={{ 42 }}' }));
		expect(date.error?.message).toMatch(/^Invalid Custom Fields → Renewal Date \(customFieldMapper\) in item 0: /);
		expect(writes()).toHaveLength(0);
	});

	it('Update and Upsert: the expression {{ null }} clears a field; Create leaves it out; an added field left empty is not sent', async () => {
		const contact = insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: 'Clear', customFields: [{ id: CF.text, field_value: 'Red' }] });
		const updated = await updateWith(contact.id, editorMapper({ [CF.text]: '={{ null }}', [CF.money]: null, [CF.date]: null, [CF.multi]: '["Sales"]' }));
		expect(updated.error).toBeUndefined();
		expect(writes()[0].body).toEqual({ customFields: [{ id: CF.text, field_value: '' }, { id: CF.multi, field_value: ['Sales'] }] });
		// The sandbox, like the API, drops a field set to '' from the contact.
		expect(storeOf(sandbox).contacts.get(contact.id)?.customFields).toEqual([{ id: CF.multi, value: ['Sales'] }]);
		sandbox.clearRequests();
		const upserted = await run({ resource: 'contact', operation: 'upsert', additionalFields: { email: 'clear-mapper@example.com' }, customFieldMapper: editorMapper({ [CF.text]: '={{ null }}' }) });
		expect(upserted.error).toBeUndefined();
		expect((writes()[0].body as IDataObject).customFields).toEqual([{ id: CF.text, field_value: '' }]);
		sandbox.clearRequests();
		const created = await run({ resource: 'contact', operation: 'create', email: 'create-null@example.com', customFieldMapper: editorMapper({ [CF.text]: '={{ null }}', [CF.money]: 3 }) });
		expect(created.error).toBeUndefined();
		expect((writes()[0].body as IDataObject).customFields).toEqual([{ id: CF.money, field_value: 3 }]);
	});
});

// Issue 20, kind 5: on a new (1.2) node Authentication starts unset; n8n sets it when a
// credential is chosen. The mapper is shown only then (so the editor asks for the fields with
// the credential, not before it) and reloads when it changes; a node saved unset still runs.
describe('Contacts API node 1.2: the mapper waits for the credential', () => {
	const { ContactsApi } = require('../../../nodes/ContactsApi/ContactsApi.node');
	const { NodeHelpers } = require('n8n-workflow');
	const description = new ContactsApi().description;
	const node = (typeVersion: number, parameters: IDataObject) => ({ id: 'n', name: 'Contacts API', type: 'contactsApi', typeVersion, position: [0, 0], parameters });
	const mapperShown = (typeVersion: number, parameters: IDataObject) => {
		const all = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node(typeVersion, parameters), description);
		const property = description.properties.find((p: { name: string }) => p.name === 'customFieldMapper');
		return NodeHelpers.displayParameter(all, property, node(typeVersion, all), description);
	};

	it('new nodes are 1.2 (the last version; no defaultVersion, so n8n offers Custom API Call)', () => {
		expect(description.version).toEqual([1, 1.1, 1.2]);
		expect(description.defaultVersion).toBeUndefined();
	});

	it.each([
		['1.2, no credential chosen yet', 1.2, {}, false],
		['1.2, token credential chosen', 1.2, { authentication: 'privateIntegration' }, true],
		['1.2, OAuth2 credential chosen', 1.2, { authentication: 'oAuth2' }, true],
		['1.1 (saved workflows)', 1.1, {}, true],
		['1', 1, {}, true],
	])('Contact → Create, %s: the mapper shows or not', (_name, typeVersion, extra, shown) => {
		expect(mapperShown(typeVersion as number, { resource: 'contact', operation: 'create', ...(extra as IDataObject) })).toBe(shown);
		const property = description.properties.find((p: { name: string }) => p.name === 'customFieldMapper');
		expect(property.typeOptions.loadOptionsDependsOn).toContain('authentication');
	});

	it('a 1.2 node saved without Authentication runs with its token credential', async () => {
		const contact = insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: 'Unset' });
		const result = await run({ resource: 'contact', operation: 'update', contactId: { __rl: true, mode: 'id', value: contact.id }, updateFields: { firstName: 'Set' } }, 1.2);
		expect(result.error).toBeUndefined();
		expect(storeOf(sandbox).contacts.get(contact.id)?.firstName).toBe('Set');
	});
});
