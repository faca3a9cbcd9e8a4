import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { insertContact } from '../../harness/contactsStore';
import { runNode } from '../../harness/engine';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

let sandbox: Sandbox;
const TOTAL = 10_000;
const NEEDLES = 250;

useContactsSandbox((started) => (sandbox = started));

beforeAll(() => {
	for (let i = 0; i < TOTAL; i++) {
		insertContact(sandbox, {
			locationId: CONTACTS_DEMO.locationId,
			firstName: `Page${i}`,
			lastName: i % 40 === 0 ? 'Needle' : 'Hay',
			email: `page${i}@example.com`,
		});
	}
});

async function run(parameters: INodeParameters) {
	const result = await runNode({ type: 'contactsApi', parameters, credentials: contactsCredential(sandbox) });
	expect(result.error).toBeUndefined();
	return result;
}

function expectUnique(ids: unknown[], count: number) {
	expect(ids).toHaveLength(count);
	expect(new Set(ids).size).toBe(count);
}

describe('Contacts API node: pagination', () => {
	describe('get many (GET /contacts/, startAfterId cursor)', () => {
		it('returns all 10,000 contacts in exactly 100 pages, with locationId on every page', async () => {
			const result = await run({ resource: 'contact', operation: 'getAll', returnAll: true });
			expectUnique(result.items.map((i) => i.json.id), TOTAL);
			expect(result.items.every((i) => i.json.locationId === CONTACTS_DEMO.locationId)).toBe(true);
			expect(sandbox.requests).toHaveLength(100);
			for (const [n, r] of sandbox.requests.entries()) {
				expect(r.method).toBe('GET');
				expect(r.path).toBe('/contacts/');
				expect(r.status).toBe(200);
				expect(r.query.locationId).toBe(CONTACTS_DEMO.locationId);
				expect(r.query.limit).toBe('100');
				if (n === 0) expect(r.query.startAfterId).toBeUndefined();
				else expect(r.query.startAfterId).toBe(result.items[n * 100 - 1].json.id);
			}
			expect(result.items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		});

		it('keeps the query (and locationId) on every page', async () => {
			const result = await run({ resource: 'contact', operation: 'getAll', returnAll: true, filters: { query: 'needle' } });
			expectUnique(result.items.map((i) => i.json.id), NEEDLES);
			expect(result.items.every((i) => i.json.lastName === 'Needle')).toBe(true);
			expect(sandbox.requests).toHaveLength(3);
			for (const r of sandbox.requests) {
				expect(r.query).toMatchObject({ locationId: CONTACTS_DEMO.locationId, query: 'needle' });
			}
		});

		it('asks only for what Limit needs', async () => {
			const result = await run({ resource: 'contact', operation: 'getAll', returnAll: false, limit: 250 });
			expectUnique(result.items.map((i) => i.json.id), 250);
			expect(sandbox.requests.map((r) => r.query.limit)).toEqual(['100', '100', '50']);
		});
	});

	describe('search (POST /contacts/search, page then searchAfter)', () => {
		it('pages with page/pageLimit up to 10,000 results, then continues with searchAfter', async () => {
			for (let i = 0; i < 700; i++) {
				insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: `Extra${i}`, lastName: 'Hay' });
			}
			const result = await run({
				resource: 'contact',
				operation: 'search',
				filters: { filter: [{ field: 'lastNameLowerCase', operator: 'exists' }] },
				returnAll: true,
			});
			expectUnique(result.items.map((i) => i.json.id), TOTAL + 700);
			const bodies = sandbox.requests.map((r) => r.body as IDataObject);
			expect(bodies).toHaveLength(22);
			for (const [n, body] of bodies.entries()) {
				expect(body.locationId).toBe(CONTACTS_DEMO.locationId);
				expect(body.filters).toEqual([{ field: 'lastNameLowerCase', operator: 'exists' }]);
				expect(body.pageLimit).toBe(500);
				if (n < 20) {
					// 20 × 500 = 10,000: the last page the API serves by number.
					expect(body.page).toBe(n + 1);
					expect(body).not.toHaveProperty('searchAfter');
				} else {
					expect(body).not.toHaveProperty('page');
					expect(body.searchAfter).toEqual(result.items[n * 500 - 1].json.searchAfter);
				}
			}
		});

		it('keeps query and sort on every page and stops at Limit', async () => {
			const result = await run({
				resource: 'contact',
				operation: 'search',
				query: 'needle',
				sort: { rule: [{ field: 'dateAdded', direction: 'desc' }] },
				returnAll: false,
				limit: 120,
			});
			expectUnique(result.items.map((i) => i.json.id), 120);
			expect(result.items.every((i) => i.json.lastName === 'Needle')).toBe(true);
			expect(sandbox.requests).toHaveLength(1);
			expect(sandbox.requests[0].body).toEqual({
				locationId: CONTACTS_DEMO.locationId,
				query: 'needle',
				sort: [{ field: 'dateAdded', direction: 'desc' }],
				page: 1,
				pageLimit: 120,
			});
		});
	});

	describe('get many by business (skip/limit)', () => {
		it('pages with skip until the count is reached, locationId and query on every page', async () => {
			for (let i = 0; i < 230; i++) {
				insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: `Biz${i}`, lastName: 'Member', businessId: 'biz_big' });
			}
			const result = await run({
				resource: 'contact',
				operation: 'getManyByBusiness',
				businessId: 'biz_big',
				returnAll: true,
				filters: { query: 'member' },
			});
			expectUnique(result.items.map((i) => i.json.id), 230);
			expect(sandbox.requests.map((r) => r.query)).toEqual([0, 100, 200].map((skip) => ({
				locationId: CONTACTS_DEMO.locationId,
				query: 'member',
				skip: String(skip),
				limit: '100',
			})));
		});
	});
});
