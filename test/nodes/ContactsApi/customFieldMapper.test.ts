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
		const result = await run({
			resource: 'contact',
			operation: 'update',
			contactId: { __rl: true, mode: 'id', value: contact.id },
			customFieldMapper: mapper({ [CF.money]: '99.90', [CF.multi]: ['Sales', 'Billing'], [CF.date]: '2027-03-01T00:00:00.000Z', [CF.text]: '' }),
			updateFields: { customFields: { field: [{ id: 'contact.favourite_colour', value: 'Green' }] } },
		});
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
		expect(bad.error?.message).toBe('Invalid Custom Fields → Lifetime Value (customFields) in item 0: "lots" is not a number');
		expect(writes()).toHaveLength(0);
	});
});
