import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { insertContact, storeOf } from '../../harness/contactsStore';
import { PACKAGE, runNode, TestNodeTypes } from '../../harness/engine';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

let sandbox: Sandbox;
useContactsSandbox((started) => (sandbox = started));

async function run(parameters: INodeParameters, input?: IDataObject[]) {
	return await runNode({ type: 'contactsApi', parameters, credentials: contactsCredential(sandbox), input });
}

function seed(fields: IDataObject = {}) {
	return insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, ...fields });
}

const tagsOf = (id: string) => storeOf(sandbox).contacts.get(id)?.tags;
const businessOf = (id: string) => storeOf(sandbox).contacts.get(id)?.businessId;

describe('Contacts API node: bulk', () => {
	describe('update tags', () => {
		it('adds tags to a list of contacts (IDs as text)', async () => {
			const a = seed({ tags: ['lead'] });
			const b = seed({ tags: [] });
			const result = await run({
				resource: 'bulk',
				operation: 'updateTags',
				tagAction: 'add',
				contactIds: `${a.id}, ${b.id}\n${a.id}`,
				tags: ['vip', 'newsletter'],
			});
			expect(result.error).toBeUndefined();
			expect(sandbox.requests).toHaveLength(1);
			expect(sandbox.requests[0]).toMatchObject({ method: 'POST', path: '/contacts/bulk/tags/update/add', query: {} });
			// Duplicates in the list are sent once.
			expect(sandbox.requests[0].body).toEqual({
				locationId: CONTACTS_DEMO.locationId,
				contacts: [a.id, b.id],
				tags: ['vip', 'newsletter'],
			});
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({ succeded: true, errorCount: 0 });
			expect(result.items[0].json.responses).toHaveLength(2);
			expect(tagsOf(a.id)).toEqual(['lead', 'vip', 'newsletter']);
			expect(tagsOf(b.id)).toEqual(['vip', 'newsletter']);
		});

		it('removes listed tags (IDs from an array expression) and reports unknown contacts per contact', async () => {
			const a = seed({ tags: ['lead', 'vip', 'customer'] });
			const result = await run(
				{
					resource: 'bulk',
					operation: 'updateTags',
					tagAction: 'remove',
					contactIds: '={{ $json.ids }}',
					tags: ['vip', 'customer'],
				},
				[{ ids: [a.id, 'missingContact000001'] }],
			);
			expect(result.error).toBeUndefined();
			expect(sandbox.requests[0].path).toBe('/contacts/bulk/tags/update/remove');
			expect(sandbox.requests[0].body).toEqual({
				locationId: CONTACTS_DEMO.locationId,
				contacts: [a.id, 'missingContact000001'],
				tags: ['vip', 'customer'],
			});
			expect(result.items[0].json).toMatchObject({
				errorCount: 1,
				responses: [
					{ contactId: a.id, type: 'success' },
					{ contactId: 'missingContact000001', type: 'error' },
				],
			});
			expect(tagsOf(a.id)).toEqual(['lead']);
		});

		it('removes all tags with Remove All Tags (tags sent empty, as the DTO requires the field)', async () => {
			const a = seed({ tags: ['lead', 'vip'] });
			const result = await run({
				resource: 'bulk',
				operation: 'updateTags',
				tagAction: 'remove',
				removeAllTags: true,
				contactIds: a.id,
			});
			expect(result.error).toBeUndefined();
			expect(sandbox.requests[0].body).toEqual({ locationId: CONTACTS_DEMO.locationId, contacts: [a.id], tags: [], removeAllTags: true });
			expect(tagsOf(a.id)).toEqual([]);
		});

		it('runs once per input item, each with its own contacts and a pairedItem', async () => {
			const a = seed({ tags: [] });
			const b = seed({ tags: [] });
			const result = await run(
				{ resource: 'bulk', operation: 'updateTags', tagAction: 'add', contactIds: '={{ $json.id }}', tags: ['={{ $json.tag }}'] },
				[
					{ id: a.id, tag: 'vip' },
					{ id: b.id, tag: 'lead' },
				],
			);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(tagsOf(a.id)).toEqual(['vip']);
			expect(tagsOf(b.id)).toEqual(['lead']);
		});
	});

	describe('assign business', () => {
		it('adds contacts to a business', async () => {
			const a = seed();
			const b = seed();
			const result = await run({
				resource: 'bulk',
				operation: 'assignBusiness',
				businessAction: 'add',
				businessId: 'biz_abc',
				contactIds: `${a.id} ${b.id}`,
			});
			expect(result.error).toBeUndefined();
			expect(sandbox.requests).toHaveLength(1);
			expect(sandbox.requests[0]).toMatchObject({ method: 'POST', path: '/contacts/bulk/business', query: {} });
			expect(sandbox.requests[0].body).toEqual({ locationId: CONTACTS_DEMO.locationId, ids: [a.id, b.id], businessId: 'biz_abc' });
			expect(result.items.map((i) => i.json)).toEqual([{ success: true, ids: [a.id, b.id] }]);
			expect(businessOf(a.id)).toBe('biz_abc');
			expect(businessOf(b.id)).toBe('biz_abc');
		});

		it('removes contacts from their business by sending businessId null', async () => {
			const a = seed({ businessId: 'biz_abc' });
			const result = await run({ resource: 'bulk', operation: 'assignBusiness', businessAction: 'remove', contactIds: a.id });
			expect(result.error).toBeUndefined();
			expect(sandbox.requests[0].body).toEqual({ locationId: CONTACTS_DEMO.locationId, ids: [a.id], businessId: null });
			expect(businessOf(a.id)).toBeNull();
		});
	});

	it('lists the bulk operations with action texts', () => {
		const description = new TestNodeTypes().getByNameAndVersion(`${PACKAGE}.contactsApi`).description;
		const op = description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'bulk');
		const options = (op?.options ?? []) as Array<{ value: string; action?: string }>;
		expect(options.map((o) => o.value)).toEqual(['assignBusiness', 'updateTags']);
		for (const o of options) expect(o.action).toBeTruthy();
	});
});
