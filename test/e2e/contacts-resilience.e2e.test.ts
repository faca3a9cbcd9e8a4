/**
 * Item-level failure handling and rate limits of the Contacts API node inside n8n:
 * "On Error: Continue" turns a bad item in the middle into one error item while the others
 * go through (nothing sent for the bad one, nothing sent twice); "Continue (using error
 * output)" sends failed items to the error output instead; a burst of creates against
 * a small rate limit is slowed down by 429s yet creates every contact exactly once.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflowSteps, useContactsSandbox } from './helpers/e2e';
import { jsonOf } from './helpers/workflows';

const ctx = useContactsSandbox();

function create(name: string, extra: IDataObject = {}) {
	return {
		type: 'contactsApi',
		typeVersion: 1,
		name,
		credentials: { contactsApi: ctx.credentialId },
		parameters: { resource: 'contact', operation: 'create', additionalFields: { firstName: '={{ $json.name }}', email: '={{ $json.email }}' } },
		...extra,
	};
}

describe('Contacts API node in n8n: Continue On Fail and rate limits', () => {
	it('with On Error: Continue, a bad item in the middle becomes one error item and the others are created once', async () => {
		const input = [
			{ name: 'First', email: 'first.cof@example.com' },
			{ name: 'Broken', email: 'not-an-email' },
			{ name: 'Third', email: 'third.cof@example.com' },
		];
		const run = await runWorkflowSteps([create('Create', { continueOnFail: true })], input);
		expect(run.status).toBe('success');
		expect(run.error).toBeUndefined();

		const out = run.steps.Create.items;
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ firstName: 'First', email: 'first.cof@example.com' });
		expect(out[2].json).toMatchObject({ firstName: 'Third', email: 'third.cof@example.com' });
		expect(out[1].json.error).toMatch(/Email \(email\)/);
		expect(`${out[1].json.error} ${out[1].json.description ?? ''}`).toContain('not-an-email');
		expect(out[1].json.id).toBeUndefined();

		// The bad item never reached the API; each good one was sent exactly once.
		const posts = ctx.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/contacts/');
		expect(posts.map((r) => (r.body as IDataObject).email)).toEqual(['first.cof@example.com', 'third.cof@example.com']);
		const stored = [...ctx.sandbox.store.contacts.values()].map((c) => c.email);
		expect(stored).toEqual(['first.cof@example.com', 'third.cof@example.com']);
	});

	it('with On Error: Continue (using error output), failed items leave on the error output with the input data and details', async () => {
		const existing = [...ctx.sandbox.store.contacts.values()].map((c) => String(c.id));
		const input = [
			{ id: existing[0] },
			{ id: 'doesNotExist00000000' }, // the API answers 404
			{ id: 'has space' }, // refused before any request
			{ id: existing[1] },
		];
		const run = await runWorkflowSteps(
			[
				{
					type: 'contactsApi',
					typeVersion: 1,
					name: 'Get',
					credentials: { contactsApi: ctx.credentialId },
					parameters: { resource: 'contact', operation: 'get', contactId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
					settings: { onError: 'continueErrorOutput' },
				},
			],
			input,
		);
		expect(run.status).toBe('success');
		const [success, failed] = run.steps.Get.outputs;
		expect(success.map((i) => [i.json.id, i.pairedItem])).toEqual([
			[existing[0], { item: 0 }],
			[existing[1], { item: 3 }],
		]);
		expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		// n8n adds the input item's fields to an error-output item.
		expect(failed[0].json).toMatchObject({ id: 'doesNotExist00000000', details: expect.objectContaining({ httpCode: '404' }) });
		expect(failed[0].json.error).toMatch(/not found/i);
		expect(failed[1].json).toMatchObject({ id: 'has space' });
		expect(failed[1].json.error).toMatch(/Contact \(contactId\)/);
		expect(ctx.sandbox.requests.map((r) => r.path)).toEqual([`/contacts/${existing[0]}`, '/contacts/doesNotExist00000000', `/contacts/${existing[1]}`]);
	});

	it('without it, the same bad item stops the node before any request', async () => {
		const run = await runWorkflowSteps([create('Create')], [
			{ name: 'Fine', email: 'fine.stop@example.com' },
			{ name: 'Broken', email: 'still-not-an-email' },
		]);
		expect(run.status).toBe('error');
		expect(run.failedNode).toBe('Create');
		expect(run.error?.message).toMatch(/Email \(email\)/);
		expect(ctx.sandbox.requests).toEqual([]);
	});

	it('a burst of creates against a small rate limit yields every item once, in order', async () => {
		// 5 requests per second: 24 creates hit the limit several times, however loaded the machine.
		ctx.sandbox.limiter.configure({ max: 5, intervalMs: 1000 });
		try {
			const input = Array.from({ length: 24 }, (_, i) => ({ name: `Burst${i}`, email: `burst${i}@example.com` }));
			const run = await runWorkflowSteps([create('Create')], input);
			expect(run.error).toBeUndefined();
			expect(run.items.map((c) => c.email)).toEqual(input.map((i) => i.email));
			expect(jsonOf(run.steps.Create).every((c) => typeof c.id === 'string')).toBe(true);

			const statuses = ctx.sandbox.requests.filter((r) => r.path === '/contacts/').map((r) => r.status);
			expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
			expect(statuses.filter((s) => s === 201)).toHaveLength(24);
			// Each contact exists once: a refused (429) create is safe to send again.
			const emails = [...ctx.sandbox.store.contacts.values()].map((c) => String(c.email)).filter((e) => e.startsWith('burst'));
			expect(emails.sort()).toEqual(input.map((i) => i.email).sort());
		} finally {
			ctx.sandbox.limiter.configure({ max: 100000, intervalMs: 10000 });
		}
	});
});
