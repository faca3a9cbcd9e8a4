import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { insertContact, storeOf } from '../../harness/contactsStore';
import { PACKAGE, runNode, TestNodeTypes } from '../../harness/engine';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

const { createNodeAsTool } = require('n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool');

let sandbox: Sandbox;
useContactsSandbox((started) => (sandbox = started));

const CF = {
	text: 'cf_text_00000000000001',
	money: 'cf_num_000000000000002',
	multi: 'cf_multi_0000000000003',
	date: 'cf_date_00000000000004',
};
const ALICE = 'usr_alice_000000000001';

async function run(parameters: INodeParameters, input?: IDataObject[], credentialOverrides: ICredentialDataDecryptedObject = {}) {
	return await runNode({
		type: 'contactsApi',
		parameters,
		credentials: contactsCredential(sandbox, credentialOverrides),
		input,
	});
}

/** Requests to the contacts endpoints (the custom field look-up is left out). */
function contactRequests() {
	return sandbox.requests.filter((r) => !r.path.startsWith('/locations/'));
}

function seed(fields: IDataObject = {}) {
	return insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, ...fields });
}

describe('Contacts API node: contact', () => {
	it('creates a contact and gets it back through the engine', async () => {
		const created = await run({
			resource: 'contact',
			operation: 'create',
			additionalFields: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958', country: 'gb' },
		});
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(1);
		const contact = created.items[0].json;
		expect(contact).toMatchObject({ firstName: 'Ada', email: 'ada@example.com', phone: '+442079460958', country: 'GB', locationId: CONTACTS_DEMO.locationId });
		expect(created.items[0].pairedItem).toEqual({ item: 0 });

		const req = sandbox.requests[0];
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/contacts/');
		expect(req.headers.authorization).toBe(`Bearer ${CONTACTS_DEMO.tokens.write}`);
		expect(req.headers.version).toBe('2021-07-28');

		const got = await run({ resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: String(contact.id) } });
		expect(got.error).toBeUndefined();
		expect(got.items[0].json).toMatchObject({ id: contact.id, lastName: 'Lovelace' });
		expect(sandbox.requests.at(-1)).toMatchObject({ method: 'GET', path: `/contacts/${String(contact.id)}`, query: {} });
	});

	it('creates with every CreateContactDto field, custom fields formatted by their type', async () => {
		const result = await run({
			resource: 'contact',
			operation: 'create',
			additionalFields: {
				address1: '1 Main St',
				assignedTo: ALICE,
				city: 'Springfield',
				companyName: 'Acme',
				country: 'us',
				customFields: {
					field: [
						{ id: CF.text, value: 'Blue' },
						{ id: CF.money, value: '1500.50' },
						{ id: CF.multi, value: 'Sales, Support' },
						{ id: 'contact.renewal_date', value: '2027-01-31' },
					],
				},
				dateOfBirth: '1990-12-31',
				dnd: true,
				dndSettings: '{"SMS": {"status": "active", "message": "no texts"}}',
				email: 'full@example.com',
				firstName: 'Full',
				gender: 'female',
				inboundDndSettings: { all: { status: 'inactive' } },
				lastName: 'Fields',
				phone: '+1 (415) 555-2671',
				postalCode: '62701',
				source: 'n8n',
				state: 'IL',
				tags: ['vip', 'lead'],
				timezone: 'America/Chicago',
				website: 'https://example.com',
			},
			options: { locationId: CONTACTS_DEMO.locationId },
		});
		expect(result.error).toBeUndefined();
		const post = contactRequests()[0];
		expect(post).toMatchObject({ method: 'POST', path: '/contacts/' });
		expect(post.body).toEqual({
			locationId: CONTACTS_DEMO.locationId,
			address1: '1 Main St',
			assignedTo: ALICE,
			city: 'Springfield',
			companyName: 'Acme',
			country: 'US',
			customFields: [
				{ id: CF.text, field_value: 'Blue' },
				{ id: CF.money, field_value: 1500.5 },
				{ id: CF.multi, field_value: ['Sales', 'Support'] },
				// Named by key, sent by key (typed by the definition it names).
				{ key: 'contact.renewal_date', field_value: '2027-01-31' },
			],
			dateOfBirth: '1990-12-31',
			dnd: true,
			dndSettings: { SMS: { status: 'active', message: 'no texts' } },
			email: 'full@example.com',
			firstName: 'Full',
			gender: 'female',
			inboundDndSettings: { all: { status: 'inactive' } },
			lastName: 'Fields',
			phone: '+14155552671',
			postalCode: '62701',
			source: 'n8n',
			state: 'IL',
			tags: ['vip', 'lead'],
			timezone: 'America/Chicago',
			website: 'https://example.com',
		});
		// The custom field types were looked up once, for the location in use.
		expect(sandbox.requests.filter((r) => r.path.startsWith('/locations/')).map((r) => `${r.path}?model=${r.query.model}`)).toEqual([
			`/locations/${CONTACTS_DEMO.locationId}/customFields?model=contact`,
		]);
		expect(result.items[0].json).toMatchObject({ email: 'full@example.com', companyName: 'Acme', tags: ['vip', 'lead'] });
	});

	describe('update', () => {
		it('sends every UpdateContactDto field with PUT, formats custom fields and replaces the tags', async () => {
			const existing = seed({ firstName: 'Old', email: 'old@example.com', tags: ['lead', 'customer', 'newsletter'] });
			const result = await run({
				resource: 'contact',
				operation: 'update',
				contactId: { __rl: true, mode: 'id', value: existing.id },
				updateFields: {
					address1: '2 Side St',
					assignedTo: ALICE,
					city: 'Shelbyville',
					country: 'ca',
					customFields: {
						field: [
							{ id: CF.money, value: '42' },
							{ id: CF.multi, value: '["Billing"]' },
							{ id: CF.date, value: '2026-02-28' },
							{ id: CF.text, value: 'Green' },
						],
					},
					dateOfBirth: '1985-01-02',
					dnd: false,
					dndSettings: { Email: { status: 'permanent', code: 'x' } },
					email: 'new@example.com',
					firstName: 'New',
					inboundDndSettings: '{"all": {"status": "active"}}',
					lastName: 'Name',
					name: 'New Name',
					phone: '+1 415 555 0000',
					postalCode: 'K1A 0B1',
					source: 'import',
					state: 'ON',
					tags: ['vip'],
					timezone: 'America/Toronto',
					website: 'https://new.example.com',
				},
			});
			expect(result.error).toBeUndefined();
			const put = contactRequests();
			expect(put).toHaveLength(1);
			expect(put[0]).toMatchObject({ method: 'PUT', path: `/contacts/${existing.id}`, query: {} });
			const body = put[0].body as IDataObject;
			expect(body).not.toHaveProperty('locationId');
			expect(body).not.toHaveProperty('companyName');
			expect(body).toEqual({
				address1: '2 Side St',
				assignedTo: ALICE,
				city: 'Shelbyville',
				country: 'CA',
				customFields: [
					{ id: CF.money, field_value: 42 },
					{ id: CF.multi, field_value: ['Billing'] },
					{ id: CF.date, field_value: '2026-02-28' },
					{ id: CF.text, field_value: 'Green' },
				],
				dateOfBirth: '1985-01-02',
				dnd: false,
				dndSettings: { Email: { status: 'permanent', code: 'x' } },
				email: 'new@example.com',
				firstName: 'New',
				inboundDndSettings: { all: { status: 'active' } },
				lastName: 'Name',
				name: 'New Name',
				phone: '+14155550000',
				postalCode: 'K1A 0B1',
				source: 'import',
				state: 'ON',
				tags: ['vip'],
				timezone: 'America/Toronto',
				website: 'https://new.example.com',
			});
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({ id: existing.id, firstName: 'New', email: 'new@example.com', tags: ['vip'] });
			// PUT tags replace all: the three old tags are gone.
			expect(storeOf(sandbox).contacts.get(existing.id)?.tags).toEqual(['vip']);
			expect(storeOf(sandbox).contacts.get(existing.id)?.customFields).toEqual(
				expect.arrayContaining([{ id: CF.money, value: 42 }, { id: CF.multi, value: ['Billing'] }]),
			);
		});

		it('warns on the Tags field itself that it replaces all tags, with one one-sentence notice, and offers no companyName or gender on update', () => {
			const description = new TestNodeTypes().getByNameAndVersion(`${PACKAGE}.contactsApi`).description;
			const forUpdate = description.properties.filter((p) => p.displayOptions?.show?.operation?.includes('update') && p.displayOptions?.show?.resource?.includes('contact'));
			// The warning sits where it applies (the Tags field, shown once added), not before the first field.
			const notices = forUpdate.filter((p) => p.type === 'notice');
			expect(notices.map((n) => n.name)).toEqual(['clearNotice']);
			expect(notices[0].displayName).not.toMatch(/\.\s+\S/);
			const updateFields = forUpdate.find((p) => p.name === 'updateFields');
			const tags = (updateFields?.options ?? []).find((o) => (o as { name: string }).name === 'tags') as { description?: string } | undefined;
			expect(tags?.description).toMatch(/Replaces ALL tags of the contact/);
			const names = (updateFields?.options ?? []).map((o) => (o as { name: string }).name);
			expect(names).not.toContain('companyName');
			expect(names).not.toContain('gender');
			expect(names).toEqual(expect.arrayContaining(['tags', 'customFields', 'dndSettings', 'inboundDndSettings', 'dateOfBirth', 'assignedTo']));
		});

		it('needs no location when no custom fields are given', async () => {
			const existing = seed({ firstName: 'NoLoc' });
			const result = await run(
				{ resource: 'contact', operation: 'update', contactId: { __rl: true, mode: 'id', value: existing.id }, updateFields: { city: 'Paris' } },
				undefined,
				{ locationId: '' },
			);
			expect(result.error).toBeUndefined();
			expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /contacts/${existing.id}`]);
			expect(sandbox.requests[0].body).toEqual({ city: 'Paris' });
		});
	});

	it('deletes a contact', async () => {
		const existing = seed({ firstName: 'Gone' });
		const result = await run({ resource: 'contact', operation: 'delete', contactId: { __rl: true, mode: 'id', value: existing.id } });
		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0]).toMatchObject({ method: 'DELETE', path: `/contacts/${existing.id}`, query: {}, rawBody: '' });
		expect(result.items.map((i) => i.json)).toEqual([{ id: existing.id, deleted: true }]);
		expect(storeOf(sandbox).contacts.has(existing.id)).toBe(false);
	});

	describe('upsert', () => {
		it('creates, then updates the same contact (matched by email), reporting `new`', async () => {
			const params = {
				resource: 'contact',
				operation: 'upsert',
				additionalFields: { email: 'upsert@example.com', firstName: 'First', companyName: 'Up Co', gender: 'male', tags: ['lead'] },
			};
			const first = await run(params);
			expect(first.error).toBeUndefined();
			expect(first.items[0].json).toMatchObject({ new: true, email: 'upsert@example.com', firstName: 'First', companyName: 'Up Co' });
			const second = await run({ ...params, additionalFields: { ...params.additionalFields, firstName: 'Second' } });
			expect(second.items[0].json).toMatchObject({ new: false, id: first.items[0].json.id, firstName: 'Second' });

			const posts = sandbox.requests;
			expect(posts.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /contacts/upsert', 'POST /contacts/upsert']);
			expect(posts[1].body).toEqual({
				locationId: CONTACTS_DEMO.locationId,
				email: 'upsert@example.com',
				firstName: 'Second',
				companyName: 'Up Co',
				gender: 'male',
				tags: ['lead'],
			});
			expect([...storeOf(sandbox).contacts.values()].filter((c) => c.email === 'upsert@example.com')).toHaveLength(1);
		});

		it('sends createNewIfDuplicateAllowed, which creates a second contact where duplicates are allowed', async () => {
			const location = storeOf(sandbox).locations.get(CONTACTS_DEMO.locationId)!;
			location.allowDuplicates = true;
			try {
				seed({ phone: '+14155550199', firstName: 'Existing' });
				const result = await run({
					resource: 'contact',
					operation: 'upsert',
					additionalFields: { phone: '+1 415 555 0199', firstName: 'Twin' },
					options: { createNewIfDuplicateAllowed: true },
				});
				expect(result.error).toBeUndefined();
				expect(sandbox.requests[0].body).toEqual({
					locationId: CONTACTS_DEMO.locationId,
					phone: '+14155550199',
					firstName: 'Twin',
					createNewIfDuplicateAllowed: true,
				});
				expect(result.items[0].json).toMatchObject({ new: true, firstName: 'Twin' });
				expect([...storeOf(sandbox).contacts.values()].filter((c) => c.phone === '+14155550199')).toHaveLength(2);
			} finally {
				location.allowDuplicates = false;
			}
		});
	});

	describe('search', () => {
		beforeAll(() => {
			const base = { locationId: CONTACTS_DEMO.locationId };
			insertContact(sandbox, { ...base, firstName: 'Zed', lastName: 'Searchable', email: 'zed@search.test', city: 'Austin', tags: ['vip'] });
			insertContact(sandbox, { ...base, firstName: 'Amy', lastName: 'Searchable', email: 'amy@search.test', city: 'Austin', tags: ['lead'] });
			insertContact(sandbox, { ...base, firstName: 'Bob', lastName: 'Searchable', email: 'bob@search.test', city: 'Dallas', tags: ['vip'], dnd: true });
			insertContact(sandbox, { ...base, firstName: 'Cat', lastName: 'Searchable', email: 'cat@search.test', city: 'Austin', tags: [] });
		});

		it('sends query, filters and sort, and returns the matching contacts', async () => {
			const result = await run({
				resource: 'contact',
				operation: 'search',
				query: 'searchable',
				filters: {
					filter: [
						{ field: 'city', operator: 'eq', value: 'austin' },
						{ field: 'tags', operator: 'exists' },
					],
				},
				sort: { rule: [{ field: 'firstNameLowerCase', direction: 'asc' }] },
				returnAll: true,
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.firstName)).toEqual(['Amy', 'Zed']);
			expect(sandbox.requests).toHaveLength(1);
			expect(sandbox.requests[0]).toMatchObject({ method: 'POST', path: '/contacts/search', query: {} });
			expect(sandbox.requests[0].body).toEqual({
				locationId: CONTACTS_DEMO.locationId,
				query: 'searchable',
				filters: [
					{ field: 'city', operator: 'eq', value: 'austin' },
					{ field: 'tags', operator: 'exists' },
				],
				sort: [{ field: 'firstNameLowerCase', direction: 'asc' }],
				page: 1,
				pageLimit: 500,
			});
		});

		it('adds raw JSON filters (an OR group), converts DND to a boolean and honours Limit', async () => {
			const result = await run({
				resource: 'contact',
				operation: 'search',
				filters: { filter: [{ field: 'dnd', operator: 'not_eq', value: 'TRUE' }, { field: 'lastNameLowerCase', operator: 'contains', value: 'searchab' }] },
				sort: { rule: [{ field: 'email', direction: 'desc' }] },
				returnAll: false,
				limit: 1,
				options: {
					rawFilters: '[{"group": "OR", "filters": [{"field": "firstNameLowerCase", "operator": "eq", "value": "cat"}, {"field": "firstNameLowerCase", "operator": "eq", "value": "zed"}]}]',
				},
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.firstName)).toEqual(['Zed']);
			expect(sandbox.requests[0].body).toEqual({
				locationId: CONTACTS_DEMO.locationId,
				filters: [
					{ field: 'dnd', operator: 'not_eq', value: true },
					{ field: 'lastNameLowerCase', operator: 'contains', value: 'searchab' },
					{
						group: 'OR',
						filters: [
							{ field: 'firstNameLowerCase', operator: 'eq', value: 'cat' },
							{ field: 'firstNameLowerCase', operator: 'eq', value: 'zed' },
						],
					},
				],
				sort: [{ field: 'email', direction: 'desc' }],
				page: 1,
				pageLimit: 1,
			});
		});

		it('supports the not_contains and not_exists operators', async () => {
			const result = await run({
				resource: 'contact',
				operation: 'search',
				query: 'searchable',
				filters: { filter: [{ field: 'tags', operator: 'not_exists' }, { field: 'email', operator: 'not_contains', value: 'zed' }] },
				returnAll: true,
			});
			expect(result.items.map((i) => i.json.firstName)).toEqual(['Cat']);
		});
	});

	describe('find duplicate', () => {
		it('finds by email, by phone (sent as `number`), and reports when there is none', async () => {
			const dup = seed({ firstName: 'Dupe', email: 'dupe@example.com', phone: '+14155550777' });
			const byEmail = await run({ resource: 'contact', operation: 'findDuplicate', email: 'Dupe@Example.com' });
			expect(byEmail.items.map((i) => i.json)).toEqual([{ found: true, contact: expect.objectContaining({ id: dup.id }) }]);
			expect(sandbox.requests[0]).toMatchObject({
				method: 'GET',
				path: '/contacts/search/duplicate',
				query: { locationId: CONTACTS_DEMO.locationId, email: 'Dupe@Example.com' },
			});

			const byPhone = await run({ resource: 'contact', operation: 'findDuplicate', phone: '+1 (415) 555-0777' });
			expect(byPhone.items[0].json).toMatchObject({ found: true, contact: { id: dup.id } });
			expect(sandbox.requests[1].query).toEqual({ locationId: CONTACTS_DEMO.locationId, number: '+14155550777' });

			const none = await run({ resource: 'contact', operation: 'findDuplicate', email: 'nobody@example.com', phone: '+14155559999' });
			expect(none.items.map((i) => i.json)).toEqual([{ found: false, contact: null }]);
			expect(sandbox.requests[2].query).toEqual({ locationId: CONTACTS_DEMO.locationId, email: 'nobody@example.com', number: '+14155559999' });
		});
	});

	describe('get many by business', () => {
		const BUSINESS = 'biz_000000000000000001';
		beforeAll(() => {
			for (let i = 0; i < 5; i++) seed({ firstName: `Biz${i}`, lastName: i % 2 ? 'Odd' : 'Even', businessId: BUSINESS });
			seed({ firstName: 'Other', businessId: 'biz_other' });
		});

		it('returns the contacts of a business with Limit, query and location on the request', async () => {
			const result = await run({
				resource: 'contact',
				operation: 'getManyByBusiness',
				businessId: BUSINESS,
				returnAll: false,
				limit: 2,
				filters: { query: 'even' },
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.firstName)).toEqual(['Biz0', 'Biz2']);
			expect(sandbox.requests).toHaveLength(1);
			expect(sandbox.requests[0]).toMatchObject({
				method: 'GET',
				path: `/contacts/business/${BUSINESS}`,
				query: { locationId: CONTACTS_DEMO.locationId, query: 'even', skip: '0', limit: '2' },
			});
		});

		it('returns all of them with Return All', async () => {
			const result = await run({ resource: 'contact', operation: 'getManyByBusiness', businessId: BUSINESS, returnAll: true });
			expect(result.items.map((i) => i.json.firstName)).toEqual(['Biz0', 'Biz1', 'Biz2', 'Biz3', 'Biz4']);
			expect(sandbox.requests.map((r) => r.query)).toEqual([{ locationId: CONTACTS_DEMO.locationId, skip: '0', limit: '100' }]);
		});
	});

	it('gets many contacts with a query (GET /contacts/)', async () => {
		seed({ firstName: 'Listme', email: 'listme@example.com' });
		const result = await run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 5, filters: { query: 'listme' } });
		expect(result.items.map((i) => i.json.email)).toEqual(['listme@example.com']);
		expect(sandbox.requests[0]).toMatchObject({ method: 'GET', path: '/contacts/', query: { locationId: CONTACTS_DEMO.locationId, query: 'listme', limit: '5' } });
	});
});

describe('Contacts API node: description', () => {
	const nodeType = new TestNodeTypes().getByNameAndVersion(`${PACKAGE}.contactsApi`);

	it('lists the contact operations alphabetically, each with an action text', () => {
		const op = nodeType.description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'contact');
		const options = (op?.options ?? []) as Array<{ name: string; value: string; action?: string }>;
		expect(options.map((o) => o.value)).toEqual(['create', 'upsert', 'delete', 'findDuplicate', 'get', 'getAll', 'getManyByBusiness', 'search', 'update']);
		expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b)));
		for (const o of options) expect(o.action).toBeTruthy();
	});

	it('is usable as an AI tool: n8n-core builds a tool whose schema comes from $fromAI()', async () => {
		expect(nodeType.description.usableAsTool).toBe(true);
		const node: INode = {
			id: 'tool',
			name: 'Contacts Tool',
			type: `${PACKAGE}.contactsApi`,
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				resource: 'contact',
				operation: 'findDuplicate',
				email: "={{ $fromAI('email', 'Email address to look up', 'string') }}",
			},
		};
		const calls: IDataObject[] = [];
		const { response: tool } = createNodeAsTool({
			node,
			nodeType,
			handleToolInvocation: async (args: IDataObject) => {
				calls.push(args);
				return 'ok';
			},
		});
		expect(tool.name).toBe('Contacts_Tool');
		expect(Object.keys(tool.schema.shape)).toEqual(['email']);
		expect(typeof tool.description).toBe('string');
		await expect(tool.invoke({ email: 'a@b.co' })).resolves.toBe('ok');
		expect(calls).toEqual([{ email: 'a@b.co' }]);
	});
});
