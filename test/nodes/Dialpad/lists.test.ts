import { callMethod, DEMO, runDialpad, sent, useSandbox } from './helpers';

const sandbox = useSandbox({ pageSize: 2 });

interface SearchResult {
	results: Array<{ name: string; value: string }>;
	paginationToken?: string;
}

describe('Dialpad node: users, offices, numbers and the pickers', () => {
	it('user, office and number Get Many walk every page', async () => {
		const users = await runDialpad(sandbox(), { resource: 'user', operation: 'getAll', returnAll: true });
		expect(users.items.map((i) => i.json.id)).toEqual(Object.values(DEMO.users).map((u) => u.id));
		const offices = await runDialpad(sandbox(), { resource: 'office', operation: 'getAll', returnAll: true, filters: { activeOnly: true } });
		expect(offices.items.map((i) => i.json.name)).toEqual(['Main Office']);
		const numbers = await runDialpad(sandbox(), { resource: 'number', operation: 'getAll', returnAll: false, limit: 3 });
		expect(numbers.items).toHaveLength(3);
		expect(sent(sandbox(), 'GET', '/users')).toHaveLength(2);
		expect(sent(sandbox(), 'GET', '/offices')[0].query).toEqual({ active_only: 'true' });
	});

	it('filters users by email (validated first)', async () => {
		const bad = await runDialpad(sandbox(), { resource: 'user', operation: 'getAll', returnAll: true, filters: { email: 'not-an-email' } });
		expect(bad.error?.message).toBe('Invalid Email (email) in item 0: "not-an-email" is not an email address');
		const one = await runDialpad(sandbox(), { resource: 'user', operation: 'getAll', returnAll: true, filters: { email: DEMO.users.bob.email } });
		expect(one.items.map((i) => i.json.id)).toEqual([DEMO.users.bob.id]);
	});

	it('the user picker pages with the API cursor and filters each page', async () => {
		const first = await callMethod<SearchResult>(sandbox(), 'listSearch', 'searchUsers', ['']);
		expect(first.results).toEqual([
			{ name: `Alice Agent (${DEMO.users.alice.email})`, value: DEMO.users.alice.id },
			{ name: `Bob Builder (${DEMO.users.bob.email})`, value: DEMO.users.bob.id },
		]);
		const second = await callMethod<SearchResult>(sandbox(), 'listSearch', 'searchUsers', ['', first.paginationToken]);
		expect(second.results.map((r) => r.value)).toEqual([DEMO.users.carla.id]);
		expect(second.paginationToken).toBeUndefined();
		const filtered = await callMethod<SearchResult>(sandbox(), 'listSearch', 'searchUsers', ['bob']);
		expect(filtered.results.map((r) => r.value)).toEqual([DEMO.users.bob.id]);
	});

	it('office, number and contact pickers', async () => {
		const offices = await callMethod<SearchResult>(sandbox(), 'listSearch', 'searchOffices', ['berlin']);
		expect(offices.results).toEqual([{ name: 'Berlin Office', value: DEMO.offices.berlin }]);
		const numbers = await callMethod<SearchResult>(sandbox(), 'listSearch', 'searchNumbers', ['office']);
		expect(numbers.results).toEqual([{ name: `${DEMO.officeNumber} (office)`, value: DEMO.officeNumber }]);
		const contacts = await callMethod<SearchResult>(sandbox(), 'listSearch', 'searchContacts', ['ada']);
		expect(contacts.results).toEqual([{ name: 'Ada Lovelace · +14155550123', value: DEMO.contacts.ada }]);
	});

	// Issue 20, kind 4: a page answered again (same cursor, same records) stops the walk with
	// an error naming the page; no record is output twice (it used to end silently).
	it.each([
		['user', '/users', { resource: 'user', operation: 'getAll', returnAll: true }],
		['number', '/numbers', { resource: 'number', operation: 'getAll', returnAll: true }],
		['call', '/call', { resource: 'call', operation: 'getAll', returnAll: true }],
	])('%s Get Many: page 2 answered like page 1 stops with an error, nothing output twice', async (_what, path, parameters) => {
		const at = new RegExp(`^/api/v2${path}$`);
		sandbox().faults.inject({ kind: 'replay', method: 'GET', path: at, skip: 1 });
		const result = await runDialpad(sandbox(), parameters, { continueOnFail: true });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe('The list stopped: page 2 held only records already returned');
		expect(sent(sandbox(), 'GET', path)).toHaveLength(2);
	});
});
