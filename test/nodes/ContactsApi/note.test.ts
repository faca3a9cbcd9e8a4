import type { IDataObject } from 'n8n-workflow';

import { CONTACTS_DEMO, USERS, addContact, byId, calls, jsonOf, run, useSandbox, type RelatedSandbox } from './related.helpers';

const sandboxOf = useSandbox();
let sandbox: RelatedSandbox;
beforeEach(() => {
	sandbox = sandboxOf();
});

function addNote(contactId: string, fields: IDataObject = {}): string {
	const id = (fields.id as string) ?? `note_${Math.random().toString(36).slice(2, 12)}`;
	sandbox.store.notes.set(id, {
		id,
		body: 'Called, no answer',
		userId: null,
		title: null,
		color: null,
		pinned: false,
		contactId,
		dateAdded: '2026-01-01T00:00:00.000Z',
		...fields,
	});
	return id;
}

describe('Contacts API node: note', () => {
	describe('create', () => {
		it('sends body, user, title, color and pinned, and outputs the note without its envelope', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, {
				resource: 'note',
				operation: 'create',
				contactId: byId(contactId),
				body: 'Prefers email after 5pm',
				additionalFields: { userId: USERS.alice, title: 'Preferences', color: '#FFAA00', pinned: true },
			});
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`POST /contacts/${contactId}/notes`]);
			expect(sandbox.requests[0].body).toEqual({
				body: 'Prefers email after 5pm',
				userId: USERS.alice,
				title: 'Preferences',
				color: '#FFAA00',
				pinned: true,
			});
			const note = result.items[0].json;
			expect(note).toMatchObject({ body: 'Prefers email after 5pm', userId: USERS.alice, pinned: true, contactId });
			expect(note).not.toHaveProperty('note');
			expect(sandbox.store.notes.get(String(note.id))).toMatchObject({ title: 'Preferences', color: '#FFAA00' });
		});

		it('sends the user ID, never the location ID, and nothing it was not given', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, { resource: 'note', operation: 'create', contactId: byId(contactId), body: 'Plain' });
			expect(result.error).toBeUndefined();
			expect(sandbox.requests[0].body).toEqual({ body: 'Plain' });
			expect(sandbox.requests[0].rawBody).not.toContain(CONTACTS_DEMO.locationId);

			const withUser = await run(
				sandbox,
				{ resource: 'note', operation: 'create', contactId: byId(contactId), body: 'By Bob', additionalFields: { userId: '={{ $json.author }}' } },
				{ input: [{ author: USERS.bob }] },
			);
			expect(withUser.items[0].json.userId).toBe(USERS.bob);
		});

		it('rejects an empty body naming parameter and item, before any request', async () => {
			const contactId = addContact(sandbox);
			const result = await run(
				sandbox,
				{ resource: 'note', operation: 'create', contactId: byId(contactId), body: '={{ $json.text }}' },
				{ input: [{ text: 'fine' }, { text: '  ' }] },
			);
			expect(result.error?.message).toBe('Invalid Body (body) in item 1: it must not be empty');
			const badUser = await run(sandbox, {
				resource: 'note',
				operation: 'create',
				contactId: byId(contactId),
				body: 'x',
				additionalFields: { userId: 'usr with space' },
			});
			expect(badUser.error?.message).toMatch(/^Invalid User \(userId\) in item 0/);
			expect(sandbox.requests).toHaveLength(0);
		});

		it('is never retried after an ambiguous failure', async () => {
			const contactId = addContact(sandbox);
			sandbox.faults.inject({ kind: 'reset-after', method: 'POST', path: `/contacts/${contactId}/notes` });
			const result = await run(sandbox, { resource: 'note', operation: 'create', contactId: byId(contactId), body: 'Once' });
			expect(result.error?.description).toMatch(/not retried/);
			expect(sandbox.requests).toHaveLength(1);
			expect([...sandbox.store.notes.values()].filter((n) => n.contactId === contactId)).toHaveLength(1);
		});
	});

	describe('get', () => {
		it('gets one note', async () => {
			const contactId = addContact(sandbox);
			const noteId = addNote(contactId, { title: 'Hello' });
			const result = await run(sandbox, { resource: 'note', operation: 'get', contactId: byId(contactId), noteId });
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`GET /contacts/${contactId}/notes/${noteId}`]);
			expect(jsonOf(result)).toEqual([sandbox.store.notes.get(noteId)]);
		});

		it('says clearly which note was not found', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, { resource: 'note', operation: 'get', contactId: byId(contactId), noteId: 'note_missing' });
			expect(result.error?.message).toBe(`Not found: Note not found (note ID "note_missing", contact ID "${contactId}")`);
		});

		it('path-encodes a note ID with + and =', async () => {
			const contactId = addContact(sandbox);
			const noteId = addNote(contactId, { id: 'n+1=' });
			const result = await run(sandbox, { resource: 'note', operation: 'get', contactId: byId(contactId), noteId });
			expect(result.error).toBeUndefined();
			expect(sandbox.requests[0].path).toBe(`/contacts/${contactId}/notes/n%2B1%3D`);
			expect(result.items[0].json.id).toBe('n+1=');
		});
	});

	describe('getAll', () => {
		it('outputs one item per note, all or up to the limit', async () => {
			const contactId = addContact(sandbox);
			const ids = [addNote(contactId), addNote(contactId), addNote(contactId)];
			addNote(addContact(sandbox));
			const all = await run(sandbox, { resource: 'note', operation: 'getAll', contactId: byId(contactId), returnAll: true });
			expect(jsonOf(all).map((n) => n.id)).toEqual(ids);
			expect(calls(sandbox)).toEqual([`GET /contacts/${contactId}/notes`]);
			const one = await run(sandbox, { resource: 'note', operation: 'getAll', contactId: byId(contactId), returnAll: false, limit: 1 });
			expect(jsonOf(one).map((n) => n.id)).toEqual([ids[0]]);
		});
	});

	describe('update', () => {
		it('sends only the fields set and outputs the updated note', async () => {
			const contactId = addContact(sandbox);
			const noteId = addNote(contactId);
			const result = await run(sandbox, {
				resource: 'note',
				operation: 'update',
				contactId: byId(contactId),
				noteId,
				updateFields: { body: 'Answered on 2nd try', userId: USERS.bob, title: 'Call log', color: '#00FF00', pinned: true },
			});
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`PUT /contacts/${contactId}/notes/${noteId}`]);
			expect(sandbox.requests[0].body).toEqual({ body: 'Answered on 2nd try', userId: USERS.bob, title: 'Call log', color: '#00FF00', pinned: true });
			expect(jsonOf(result)).toEqual([sandbox.store.notes.get(noteId)]);

			const unpin = await run(sandbox, { resource: 'note', operation: 'update', contactId: byId(contactId), noteId, updateFields: { pinned: false } });
			expect(sandbox.requests[1].body).toEqual({ pinned: false });
			expect(unpin.items[0].json).toMatchObject({ pinned: false, body: 'Answered on 2nd try' });
		});

		it('requires at least one field and a non-empty body, before any request', async () => {
			const contactId = addContact(sandbox);
			const noteId = addNote(contactId);
			const base = { resource: 'note', operation: 'update', contactId: byId(contactId), noteId };
			const nothing = await run(sandbox, { ...base, updateFields: { title: '', color: '' } });
			expect(nothing.error?.message).toBe('Invalid Update Fields (updateFields) in item 0: add at least one field to update');
			// A blank body is unset like any empty field; clearing it on purpose is refused.
			const blank = await run(sandbox, { ...base, updateFields: { body: ' ' } });
			expect(blank.error?.message).toBe('Invalid Update Fields (updateFields) in item 0: add at least one field to update');
			const cleared = await run(sandbox, { ...base, updateFields: { body: '={{ null }}' } });
			expect(cleared.error?.message).toMatch(/^Invalid Body \(body\) in item 0: a note must keep its text/);
			expect(sandbox.requests).toHaveLength(0);
		});

		it('reports a missing note clearly', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, { resource: 'note', operation: 'update', contactId: byId(contactId), noteId: 'gone', updateFields: { title: 'x' } });
			expect(result.error?.message).toBe(`Not found: Note not found (note ID "gone", contact ID "${contactId}")`);
		});
	});

	describe('delete', () => {
		it('deletes the note and outputs what the API confirmed', async () => {
			const contactId = addContact(sandbox);
			const noteId = addNote(contactId);
			const result = await run(sandbox, { resource: 'note', operation: 'delete', contactId: byId(contactId), noteId });
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`DELETE /contacts/${contactId}/notes/${noteId}`]);
			expect(jsonOf(result)).toEqual([{ success: true, contactId, noteId }]);
			expect(sandbox.store.notes.has(noteId)).toBe(false);
		});
	});

	describe('Continue On Fail', () => {
		it('yields one error item per failed item and creates the rest once each', async () => {
			const contactId = addContact(sandbox);
			const input = [{ contact: contactId, text: 'one' }, { contact: contactId, text: '' }, { contact: 'ct_missing', text: 'lost' }, { contact: contactId, text: 'four' }];
			const result = await run(
				sandbox,
				{ resource: 'note', operation: 'create', contactId: byId('={{ $json.contact }}'), body: '={{ $json.text }}' },
				{ input, continueOnFail: true },
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			const out = jsonOf(result);
			expect(out[0]).toMatchObject({ body: 'one' });
			expect(out[1].error).toBe('Invalid Body (body) in item 1: it must not be empty');
			expect(out[2].error).toBe('Not found: Contact not found (contact ID "ct_missing")');
			expect(out[3]).toMatchObject({ body: 'four' });
			expect(calls(sandbox)).toEqual([`POST /contacts/${contactId}/notes`, 'POST /contacts/ct_missing/notes', `POST /contacts/${contactId}/notes`]);
			expect([...sandbox.store.notes.values()].filter((n) => n.contactId === contactId).map((n) => n.body)).toEqual(['one', 'four']);
		});
	});
});
