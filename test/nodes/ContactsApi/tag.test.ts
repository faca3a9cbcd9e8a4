import { CONTACTS_DEMO, addContact, byId, calls, jsonOf, run, useSandbox, type RelatedSandbox } from './related.helpers';

const sandboxOf = useSandbox();
let sandbox: RelatedSandbox;
beforeEach(() => {
	sandbox = sandboxOf();
});

function tagsOf(contactId: string): string[] {
	return sandbox.store.contacts.get(contactId)!.tags;
}

describe('Contacts API node: tag', () => {
	describe('add', () => {
		it('adds the chosen tags and outputs the tags the contact has now', async () => {
			const contactId = addContact(sandbox, { tags: ['lead'] });
			const result = await run(sandbox, { resource: 'tag', operation: 'add', contactId: byId(contactId), tags: ['vip', 'customer'] });
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`POST /contacts/${contactId}/tags`]);
			expect(sandbox.requests[0].body).toEqual({ tags: ['vip', 'customer'] });
			expect(jsonOf(result)).toEqual([{ success: true, contactId, tagsAdded: ['vip', 'customer'], tags: ['lead', 'vip', 'customer'] }]);
			expect(tagsOf(contactId)).toEqual(['lead', 'vip', 'customer']);
		});

		it('accepts a comma-separated list or an array from an expression, without blanks or repeats', async () => {
			const contactId = addContact(sandbox);
			const input = [{ tags: ' hot , webinar,,hot ' }, { tags: ['from-array', 'webinar'] }, { tags: '["json", "list"]' }];
			const result = await run(sandbox, { resource: 'tag', operation: 'add', contactId: byId(contactId), tags: '={{ $json.tags }}' }, { input });
			expect(result.error).toBeUndefined();
			expect(sandbox.requests.map((r) => r.body)).toEqual([{ tags: ['hot', 'webinar'] }, { tags: ['from-array', 'webinar'] }, { tags: ['json', 'list'] }]);
			expect(tagsOf(contactId)).toEqual(['hot', 'webinar', 'from-array', 'json', 'list']);
		});

		it('rejects an empty tag list naming parameter and item, before any request', async () => {
			const contactId = addContact(sandbox);
			const result = await run(
				sandbox,
				{ resource: 'tag', operation: 'add', contactId: byId(contactId), tags: '={{ $json.tags }}' },
				{ input: [{ tags: 'ok' }, { tags: ' , ' }] },
			);
			expect(result.error?.message).toBe('Invalid Tags (tags) in item 1: give at least one value');
			// Nothing chosen in the dropdown: n8n itself refuses to run the required parameter.
			await expect(run(sandbox, { resource: 'tag', operation: 'add', contactId: byId(contactId), tags: [] })).rejects.toThrow(
				/Parameter "Tag Names or IDs" is required/,
			);
			const emptyArray = await run(sandbox, { resource: 'tag', operation: 'add', contactId: byId(contactId), tags: '={{ [] }}' });
			expect(emptyArray.error?.message).toBe('Invalid Tags (tags) in item 0: give at least one value');
			expect(sandbox.requests).toHaveLength(0);
		});

		it('is retried after a dropped connection, which cannot duplicate a tag', async () => {
			const contactId = addContact(sandbox);
			sandbox.faults.inject({ kind: 'reset-after', method: 'POST', path: `/contacts/${contactId}/tags` });
			const result = await run(sandbox, { resource: 'tag', operation: 'add', contactId: byId(contactId), tags: ['vip'] });
			expect(result.error).toBeUndefined();
			expect(sandbox.requests.map((r) => r.status)).toEqual(['reset-after', 201]);
			expect(tagsOf(contactId)).toEqual(['vip']);
			expect(result.items[0].json.tags).toEqual(['vip']);
		});

		it('names the missing scope for a read-only token', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, { resource: 'tag', operation: 'add', contactId: byId(contactId), tags: ['vip'] }, { token: CONTACTS_DEMO.tokens.readonly });
			expect(result.error?.message).toMatch(/lacks contacts\.write/);
			expect(tagsOf(contactId)).toEqual([]);
		});
	});

	describe('remove', () => {
		it('sends the tags as a JSON body on DELETE and outputs the tags left', async () => {
			const contactId = addContact(sandbox, { tags: ['lead', 'vip', 'customer'] });
			const result = await run(sandbox, { resource: 'tag', operation: 'remove', contactId: byId(contactId), tags: ['vip', 'lead'] });
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`DELETE /contacts/${contactId}/tags`]);
			expect(sandbox.requests[0].headers['content-type']).toMatch(/application\/json/);
			expect(sandbox.requests[0].body).toEqual({ tags: ['vip', 'lead'] });
			expect(jsonOf(result)).toEqual([{ success: true, contactId, tagsRemoved: ['vip', 'lead'], tags: ['customer'] }]);
			expect(tagsOf(contactId)).toEqual(['customer']);
		});

		it('rejects an empty list and reports a missing contact clearly', async () => {
			const contactId = addContact(sandbox, { tags: ['lead'] });
			const empty = await run(sandbox, { resource: 'tag', operation: 'remove', contactId: byId(contactId), tags: '={{ "" }}' });
			expect(empty.error?.message).toBe('Invalid Tags (tags) in item 0: give at least one value');
			expect(sandbox.requests).toHaveLength(0);
			const missing = await run(sandbox, { resource: 'tag', operation: 'remove', contactId: byId('ct_missing'), tags: ['lead'] });
			expect(missing.error?.message).toBe('Not found: Contact not found (contact ID "ct_missing")');
		});
	});

	it('Continue On Fail: one error item per failed item, the rest applied once', async () => {
		const a = addContact(sandbox);
		const b = addContact(sandbox);
		const input = [{ contact: a, tags: 'x' }, { contact: b, tags: '' }, { contact: 'ct_missing', tags: 'x' }, { contact: b, tags: 'y' }];
		const result = await run(
			sandbox,
			{ resource: 'tag', operation: 'add', contactId: byId('={{ $json.contact }}'), tags: '={{ $json.tags }}' },
			{ input, continueOnFail: true },
		);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		const out = jsonOf(result);
		expect(out[0]).toEqual({ success: true, contactId: a, tagsAdded: ['x'], tags: ['x'] });
		expect(out[1].error).toBe('Invalid Tags (tags) in item 1: give at least one value');
		expect(out[2].error).toMatch(/^Not found: Contact not found/);
		expect(out[3]).toEqual({ success: true, contactId: b, tagsAdded: ['y'], tags: ['y'] });
		expect(calls(sandbox)).toEqual([`POST /contacts/${a}/tags`, 'POST /contacts/ct_missing/tags', `POST /contacts/${b}/tags`]);
	});
});
