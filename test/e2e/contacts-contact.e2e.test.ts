/**
 * (c) The Contacts API node runs inside n8n (as installed from the tarball) against the
 * sandbox: contact create, then get — one workflow, the Get reading the id by expression;
 * the whole contact resource in one multi-node workflow (create → update with custom fields
 * → upsert → find duplicate → search → get, then delete); Return All over more than one page.
 */
import type { IDataObject } from 'n8n-workflow';

import { CONTACTS_DEMO } from '../harness/sandboxes';
import { runNodeWorkflow, runWorkflowSteps, useContactsSandbox } from './helpers/e2e';
import { byId, insertContact, jsonOf } from './helpers/workflows';

const ctx = useContactsSandbox();

describe('Contacts API node in n8n: contact', () => {
	it('creates a contact, then gets it by the id from the previous step', async () => {
		const run = await runWorkflowSteps(
			[
				{
					type: 'contactsApi',
					name: 'Create Contact',
					credentials: { contactsApi: ctx.credentialId },
					parameters: {
						resource: 'contact',
						operation: 'create',
						email: '={{ $json.email }}',
						additionalFields: { firstName: '={{ $json.first }}', lastName: 'Lovelace' },
					},
				},
				{
					type: 'contactsApi',
					name: 'Get Contact',
					credentials: { contactsApi: ctx.credentialId },
					parameters: { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
				},
			],
			[
				{ first: 'Ada', email: 'ada@example.com' },
				{ first: 'Grace', email: 'grace@example.com' },
			],
		);
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');

		const created = run.steps['Create Contact'].items;
		expect(created).toHaveLength(2);
		expect(created.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(created[0].json).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', locationId: CONTACTS_DEMO.locationId });

		expect(run.items).toHaveLength(2);
		expect(run.items.map((c) => c.id)).toEqual(created.map((i) => i.json.id));
		expect(run.items[1]).toMatchObject({ firstName: 'Grace', email: 'grace@example.com' });

		// What the API holds now, and what n8n sent it.
		const stored = ctx.sandbox.store.contacts.get(String(created[0].json.id));
		expect(stored).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', locationId: CONTACTS_DEMO.locationId });
		const calls = ctx.sandbox.requests.map((r) => `${r.method} ${r.path}`);
		expect(calls.filter((c) => c === 'POST /contacts/')).toHaveLength(2);
		expect(calls.filter((c) => c.startsWith('GET /contacts/'))).toHaveLength(2);
		for (const r of ctx.sandbox.requests) {
			expect(r.headers.authorization).toBe(`Bearer ${CONTACTS_DEMO.tokens.write}`);
			expect(r.headers.version).toBe('2021-07-28');
		}
	});

	it('runs the same way behind a production webhook (activated workflow)', async () => {
		const run = await runWorkflowSteps(
			[
				{
					type: 'contactsApi',
					name: 'Create Contact',
					credentials: { contactsApi: ctx.credentialId },
					parameters: { resource: 'contact', operation: 'create', email: '={{ $json.email }}' },
				},
			],
			[{ email: 'webhook@example.com' }],
			{ mode: 'webhook' },
		);
		expect(run.status).toBe('success');
		expect(run.items).toEqual([expect.objectContaining({ email: 'webhook@example.com' })]);
		expect(ctx.sandbox.store.contacts.get(String(run.items[0].id))).toMatchObject({ email: 'webhook@example.com' });
	});

	it('runs a single node with runNodeWorkflow and surfaces API errors', async () => {
		const [contact] = await runNodeWorkflow(
			'contactsApi',
			{ resource: 'contact', operation: 'create', email: 'single@example.com' },
			{ contactsApi: ctx.credentialId },
		);
		expect(contact).toMatchObject({ email: 'single@example.com' });
		expect(ctx.sandbox.store.contacts.has(String(contact.id))).toBe(true);

		await expect(
			runNodeWorkflow('contactsApi', { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: 'doesNotExist0000000' } }, { contactsApi: ctx.credentialId }),
		).rejects.toThrow(/failed: /);
	});

	it('runs the contact resource end to end in one workflow: create, update (custom fields), upsert, find duplicate, search, get, then delete', async () => {
		const creds = { contactsApi: ctx.credentialId };
		const input = [
			{ first: 'Ada', email: 'ada.lifecycle@example.com', phone: '+14155550101' },
			{ first: 'Grace', email: 'grace.lifecycle@example.com', phone: '+14155550102' },
		];
		const run = await runWorkflowSteps(
			[
				{
					type: 'contactsApi',
					name: 'Create',
					credentials: creds,
					parameters: {
						resource: 'contact',
						operation: 'create',
						email: '={{ $json.email }}',
						phone: '={{ $json.phone }}',
						additionalFields: { firstName: '={{ $json.first }}', tags: ['lead'] },
					},
				},
				{
					type: 'contactsApi',
					name: 'Update',
					credentials: creds,
					parameters: {
						resource: 'contact',
						operation: 'update',
						contactId: byId('={{ $json.id }}'),
						updateFields: {
							lastName: 'Lifecycle',
							customFields: {
								field: [
									{ id: 'cf_text_00000000000001', value: 'Blue' },
									{ id: 'cf_multi_0000000000003', value: 'Sales, Support' },
									// By field key, as an expression would give it.
									{ id: 'contact.lifetime_value', value: '1250.5' },
								],
							},
						},
					},
				},
				{
					type: 'contactsApi',
					name: 'Upsert',
					credentials: creds,
					parameters: {
						resource: 'contact',
						operation: 'upsert',
						additionalFields: { email: '={{ $json.email }}', companyName: 'Analytical Engines Ltd' },
					},
				},
				{
					type: 'contactsApi',
					name: 'Find Duplicate',
					credentials: creds,
					parameters: { resource: 'contact', operation: 'findDuplicate', phone: '={{ $json.phone }}' },
				},
				{
					type: 'contactsApi',
					name: 'Search',
					credentials: creds,
					parameters: {
						resource: 'contact',
						operation: 'search',
						filters: { filter: [{ field: 'email', operator: 'eq', value: '={{ $json.contact.email }}' }] },
						sort: { rule: [{ field: 'dateAdded', direction: 'asc' }] },
						returnAll: false,
						limit: 10,
					},
				},
				{
					type: 'contactsApi',
					name: 'Get',
					credentials: creds,
					parameters: { resource: 'contact', operation: 'get', contactId: byId('={{ $json.id }}') },
				},
			],
			input,
		);
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');

		const created = jsonOf(run.steps.Create);
		const ids = created.map((c) => String(c.id));
		expect(ids).toHaveLength(2);
		expect(new Set(ids).size).toBe(2);
		// Every step kept one item per contact, in order, paired to its input item.
		for (const name of ['Create', 'Update', 'Upsert', 'Find Duplicate', 'Search', 'Get']) {
			expect({ name, paired: run.steps[name].items.map((i) => i.pairedItem) }).toEqual({ name, paired: [{ item: 0 }, { item: 1 }] });
		}
		expect(jsonOf(run.steps.Upsert).map((c) => [c.id, c.new])).toEqual(ids.map((id) => [id, false]));
		expect(jsonOf(run.steps['Find Duplicate']).map((d) => [d.found, (d.contact as IDataObject).id])).toEqual(ids.map((id) => [true, id]));
		expect(jsonOf(run.steps.Search).map((c) => c.id)).toEqual(ids);

		const expectedCustomFields = [
			{ id: 'cf_text_00000000000001', value: 'Blue' },
			{ id: 'cf_multi_0000000000003', value: ['Sales', 'Support'] },
			{ id: 'cf_num_000000000000002', value: 1250.5 },
		];
		for (const [n, id] of ids.entries()) {
			const stored = ctx.sandbox.store.contacts.get(id)!;
			expect(stored).toMatchObject({
				firstName: input[n].first,
				lastName: 'Lifecycle',
				email: input[n].email,
				phone: input[n].phone,
				companyName: 'Analytical Engines Ltd',
				tags: ['lead'],
				locationId: CONTACTS_DEMO.locationId,
				customFields: expectedCustomFields,
			});
			// What the last node output is what the API holds.
			expect(run.items[n]).toMatchObject({ id, lastName: 'Lifecycle', companyName: 'Analytical Engines Ltd', customFields: expectedCustomFields });
		}

		// Custom field values went out typed (list, number), the definitions were read once.
		const puts = ctx.sandbox.requests.filter((r) => r.method === 'PUT');
		expect(puts.map((r) => r.path)).toEqual(ids.map((id) => `/contacts/${id}`));
		expect((puts[0].body as IDataObject).customFields).toEqual([
			{ id: 'cf_text_00000000000001', field_value: 'Blue' },
			{ id: 'cf_multi_0000000000003', field_value: ['Sales', 'Support'] },
			// Named by its key, sent by its key (and typed by the definition the key names).
			{ key: 'contact.lifetime_value', field_value: 1250.5 },
		]);
		expect(ctx.sandbox.requests.filter((r) => r.path.endsWith('/customFields'))).toHaveLength(1);
		const searches = ctx.sandbox.requests.filter((r) => r.path === '/contacts/search');
		expect(searches.map((r) => r.body)).toEqual(
			input.map((i) => ({
				locationId: CONTACTS_DEMO.locationId,
				filters: [{ field: 'email', operator: 'eq', value: i.email }],
				sort: [{ field: 'dateAdded', direction: 'asc' }],
				page: 1,
				pageLimit: 10,
			})),
		);

		const deleted = await runNodeWorkflow(
			'contactsApi',
			{ resource: 'contact', operation: 'delete', contactId: byId('={{ $json.id }}') },
			creds,
			ids.map((id) => ({ id })),
		);
		expect(deleted).toEqual(ids.map((id) => ({ id, deleted: true })));
		for (const id of ids) expect(ctx.sandbox.store.contacts.has(id)).toBe(false);
	});

	it('gets many with Return All across pages, sending locationId and the query on every page', async () => {
		const matching = Array.from({ length: 130 }, (_, i) => insertContact(ctx.sandbox, { firstName: `Pager${i}`, lastName: 'Bulk', email: `pager${i}@example.com` }));
		insertContact(ctx.sandbox, { firstName: 'Not', lastName: 'Matching', email: 'nomatch@example.com' });
		ctx.sandbox.clearRequests();

		const items = await runNodeWorkflow(
			'contactsApi',
			{ resource: 'contact', operation: 'getAll', returnAll: true, filters: { query: 'pager' } },
			{ contactsApi: ctx.credentialId },
		);
		expect(items.map((c) => c.id)).toEqual(matching.map((c) => c.id));
		expect(items.every((c) => c.locationId === CONTACTS_DEMO.locationId)).toBe(true);

		const pages = ctx.sandbox.requests.filter((r) => r.method === 'GET' && r.path === '/contacts/');
		expect(pages).toHaveLength(2);
		for (const page of pages) {
			expect(page.status).toBe(200);
			expect(page.query).toMatchObject({ locationId: CONTACTS_DEMO.locationId, query: 'pager', limit: '100' });
		}
		expect(pages[0].query.startAfterId).toBeUndefined();
		expect(pages[1].query.startAfterId).toBe(matching[99].id);
	});
});
