/**
 * Issue 20, kind 4: an API that repeats itself (the next page answered with the previous
 * page's cursor, or a page of contacts already returned) never makes a Return All output a
 * contact twice: every paginated operation stops with an error naming the page, before any
 * contact is output again. The sandbox's 'replay' fault answers a request with the exact
 * answer the same method and path got last time, cursor included.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { insertContact } from '../../harness/contactsStore';
import { runNode } from '../../harness/engine';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

let sandbox: Sandbox;
// Search pages hold 500: enough contacts for three search pages and a dozen Get Many pages.
const TOTAL = 1_200;
const BUSINESS = 'biz_repeat_0001';

useContactsSandbox((started) => (sandbox = started));

beforeAll(() => {
	for (let i = 0; i < TOTAL; i++) {
		insertContact(sandbox, { locationId: CONTACTS_DEMO.locationId, firstName: `Loop${i}`, lastName: 'Hay', email: `loop${i}@example.com`, businessId: BUSINESS });
	}
});

async function run(parameters: INodeParameters, continueOnFail = false) {
	return await runNode({ type: 'contactsApi', parameters, credentials: contactsCredential(sandbox), continueOnFail });
}

const OPERATIONS: Array<[string, string, string | RegExp, INodeParameters]> = [
	['Get Many (startAfterId cursor)', 'GET', '/contacts/', { resource: 'contact', operation: 'getAll', returnAll: true }],
	['Search (page numbers)', 'POST', '/contacts/search', { resource: 'contact', operation: 'search', returnAll: true, filters: { filter: [{ field: 'lastNameLowerCase', operator: 'exists' }] }, options: {} }],
	['Get Many by Business (skip/limit)', 'GET', `/contacts/business/${BUSINESS}`, { resource: 'contact', operation: 'getManyByBusiness', businessId: BUSINESS, returnAll: true }],
];

describe('Contacts API node: a page or cursor that repeats', () => {
	it.each(OPERATIONS)('%s: without faults, every contact once', async (_name, method, path, parameters) => {
		const result = await run(parameters);
		expect(result.error).toBeUndefined();
		const ids = result.items.map((i) => i.json.id);
		expect(ids.length).toBeGreaterThanOrEqual(TOTAL);
		expect(new Set(ids).size).toBe(ids.length);
		expect(sandbox.requests.filter((r) => r.method === method).length).toBeGreaterThan(1);
		void path;
	});

	it.each(OPERATIONS)('%s: page 2 answered like page 1 stops with an error, nothing output twice', async (_name, method, path, parameters) => {
		sandbox.faults.inject({ kind: 'replay', method, path, skip: 1 });
		const result = await run(parameters);
		expect(result.error?.message).toMatch(/^The list stopped: (the API answered page 2 with a (cursor|page number|searchAfter cursor) it had already given|page 2 held only contacts already returned)/);
		expect(result.error?.description).toMatch(/contacts were read before that, none output twice\. The API repeated itself/);
		// Two requests: the page and its repeat; nothing after the repeat.
		expect(sandbox.requests.filter((r) => r.method === method)).toHaveLength(2);
	});

	it('Get Many: page 2 answered like page 1 (same cursor) stops there, and Continue On Fail yields one error item', async () => {
		sandbox.faults.inject({ kind: 'replay', method: 'GET', path: '/contacts/', skip: 1 });
		const result = await run({ resource: 'contact', operation: 'getAll', returnAll: true }, true);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe('The list stopped: page 2 held only contacts already returned');
	});

	it('Get Many: a cursor repeated later in the walk (page 3 answered like page 2) also stops it', async () => {
		sandbox.faults.inject({ kind: 'replay', method: 'GET', path: '/contacts/', skip: 2 });
		const result = await run({ resource: 'contact', operation: 'getAll', returnAll: true });
		expect(result.error?.message).toBe('The list stopped: page 3 held only contacts already returned');
		expect(result.error?.description).toMatch(/^200 contacts were read before that, none output twice/);
		expect(sandbox.requests.map((r) => r.query.startAfterId ?? null).slice(1)).toEqual([expect.any(String), expect.any(String)]);
	});

	it('Search with a Limit: a repeated page stops it too, nothing output twice', async () => {
		sandbox.faults.inject({ kind: 'replay', method: 'POST', path: '/contacts/search', skip: 1 });
		const result = await run({ resource: 'contact', operation: 'search', returnAll: false, limit: 1_100, filters: { filter: [{ field: 'lastNameLowerCase', operator: 'exists' }] }, options: {} });
		expect(result.error?.message).toMatch(/^The list stopped: page 2 held only contacts already returned/);
		const bodies = sandbox.requests.map((r) => r.body as IDataObject);
		expect(bodies.map((b) => b.page)).toEqual([1, 2]);
	});
});
