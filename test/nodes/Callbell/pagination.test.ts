import { byId, DEMO, runCallbell, sent, useSandbox } from './helpers';

function pages(requests: Array<{ query: Record<string, string> }>): string[] {
	return requests.map((r) => r.query.page);
}

describe('pagination without meta (contacts, messages): page size 50, 120 contacts', () => {
	const sandbox = useSandbox({ contacts: 117, messages: 130 });

	it('Return All walks every page and stops at the first empty one: exactly 4 requests', async () => {
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(120);
		expect(new Set(result.items.map((i) => i.json.uuid)).size).toBe(120);
		expect(pages(sent(sandbox()))).toEqual(['1', '2', '3', '4']);
	});

	// Issue 20, kind 4: a page answered again ends the walk (a Callbell list may ignore
	// `page`), says why in an execution hint, and outputs nothing twice.
	it('Return All: page 2 answered like page 1 ends the walk with a hint, nothing output twice', async () => {
		sandbox().faults.inject({ kind: 'replay', method: 'GET', path: '/contacts', skip: 1 });
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(50);
		expect(new Set(result.items.map((i) => i.json.uuid)).size).toBe(50);
		expect(pages(sent(sandbox()))).toEqual(['1', '2']);
		const hints = (result.run.data.resultData.runData.Subject?.[0] as unknown as { hints?: Array<{ message: string }> }).hints ?? [];
		expect(hints.map((h) => h.message)).toEqual(['The list ended early: page 2 held only records already returned. 50 records were read before that, none output twice.']);
	});

	it('a Limit stops as soon as enough rows are in', async () => {
		const sixty = await runCallbell(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: false, limit: 60 });
		expect(sixty.items).toHaveLength(60);
		expect(pages(sent(sandbox()))).toEqual(['1', '2']);
		sandbox().clearRequests();
		const fifty = await runCallbell(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: false, limit: 50 });
		expect(fifty.items).toHaveLength(50);
		expect(pages(sent(sandbox()))).toEqual(['1']);
	});

	it('Start Page skips the first pages', async () => {
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: true, options: { page: 3 } });
		expect(result.items).toHaveLength(20);
		expect(result.items[0].json.name).toBe('Demo Contact 98');
		expect(pages(sent(sandbox()))).toEqual(['3', '4']);
	});

	it("walks a contact's 133 messages in 4 requests", async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'getMessages',
			contactUuid: byId(DEMO.contacts.john),
			returnAll: true,
		});
		expect(result.items).toHaveLength(133);
		expect(pages(sent(sandbox()))).toEqual(['1', '2', '3', '4']);
		const limited = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'getMessages',
			contactUuid: byId(DEMO.contacts.john),
			returnAll: false,
			limit: 3,
			options: { page: 2 },
		});
		expect(limited.items).toHaveLength(3);
		expect(pages(sent(sandbox()).slice(4))).toEqual(['2']);
	});
});

describe('pagination with meta (channels, teams, members, statuses): page size 2', () => {
	const sandbox = useSandbox({ contacts: 0, pageSize: 2 });

	it('stops at meta.pages without asking for an empty page', async () => {
		const channels = await runCallbell(sandbox(), { resource: 'channel', operation: 'getAll', returnAll: true });
		expect(channels.items).toHaveLength(4);
		expect(pages(sent(sandbox()))).toEqual(['1', '2']);
		sandbox().clearRequests();

		const teams = await runCallbell(sandbox(), { resource: 'team', operation: 'getAll', returnAll: true });
		expect(teams.items.map((i) => i.json.name)).toEqual(['Support', 'Sales', 'Billing']);
		expect(pages(sent(sandbox()))).toEqual(['1', '2']);
		sandbox().clearRequests();

		const statuses = await runCallbell(sandbox(), { resource: 'customStatus', operation: 'getAll', returnAll: true });
		expect(statuses.items).toHaveLength(2);
		expect(pages(sent(sandbox()))).toEqual(['1']);
		sandbox().clearRequests();

		const templates = await runCallbell(sandbox(), { resource: 'template', operation: 'getAll', returnAll: true });
		expect(templates.items).toHaveLength(6);
		expect(pages(sent(sandbox()))).toEqual(['1', '2', '3']);
	});

	it('pages through team members', async () => {
		const result = await runCallbell(sandbox(), { resource: 'team', operation: 'getMembers', teamUuid: byId(DEMO.teams.support), returnAll: true });
		expect(result.items).toHaveLength(3);
		expect(pages(sent(sandbox()))).toEqual(['1', '2']);
	});
});

describe('429 without rate-limit headers: exponential backoff with jitter', () => {
	const sandbox = useSandbox({ contacts: 117, pageSize: 5 });

	it('answers 429 without Retry-After or X-RateLimit headers, as documented', async () => {
		sandbox().limiter.configure({ max: 1, intervalMs: 60_000 });
		try {
			const headers = { Authorization: `Bearer ${DEMO.apiKey}`, Accept: 'application/json' };
			await fetch(`${sandbox().url}/plan`, { headers });
			const limited = await fetch(`${sandbox().url}/plan`, { headers });
			expect(limited.status).toBe(429);
			expect([...limited.headers.keys()].filter((h) => /retry-after|ratelimit/i.test(h))).toEqual([]);
		} finally {
			sandbox().limiter.configure({ max: 100_000, intervalMs: 1000 });
		}
	});

	it('Return All over 25 pages at 5 requests per second gets everything, each page once', async () => {
		// A window wide enough that even a slow, loaded machine sends more than 5 requests in it
		// (6 page requests within 1 s; at 300 ms a busy CI box sometimes never hit the limit).
		sandbox().limiter.configure({ max: 5, intervalMs: 1000 });
		try {
			const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(120);
			const answered = sent(sandbox()).filter((r) => r.status === 200);
			const limited = sent(sandbox()).filter((r) => r.status === 429);
			expect(limited.length).toBeGreaterThan(0);
			// 24 full pages and the empty 25th, each answered exactly once.
			expect(pages(answered)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1)));
		} finally {
			sandbox().limiter.configure({ max: 100_000, intervalMs: 1000 });
		}
	});
});
