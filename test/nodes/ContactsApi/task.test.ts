import type { IDataObject } from 'n8n-workflow';

import { CONTACTS_DEMO, USERS, addContact, byId, calls, jsonOf, run, useSandbox, type RelatedSandbox } from './related.helpers';

const sandboxOf = useSandbox();
let sandbox: RelatedSandbox;
beforeEach(() => {
	sandbox = sandboxOf();
});

function addTask(contactId: string, fields: IDataObject = {}): string {
	const id = (fields.id as string) ?? `task_${Math.random().toString(36).slice(2, 12)}`;
	sandbox.store.tasks.set(id, {
		id,
		title: 'Call back',
		body: null,
		dueDate: '2026-05-01T09:00:00.000Z',
		completed: false,
		assignedTo: null,
		contactId,
		...fields,
	});
	return id;
}

describe('Contacts API node: task', () => {
	describe('create', () => {
		it('sends every field of the spec and outputs the task without its envelope', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, {
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Send the quote',
				dueDate: '2026-05-01T09:30:00Z',
				additionalFields: { body: 'Two options, both with VAT', assignedTo: USERS.alice, completed: true },
			});
			expect(result.error).toBeUndefined();

			expect(calls(sandbox)).toEqual([`POST /contacts/${contactId}/tasks`]);
			expect(sandbox.requests[0].body).toEqual({
				title: 'Send the quote',
				dueDate: '2026-05-01T09:30:00.000Z',
				completed: true,
				body: 'Two options, both with VAT',
				assignedTo: USERS.alice,
			});

			expect(result.items).toHaveLength(1);
			const task = result.items[0].json;
			expect(task).toMatchObject({ title: 'Send the quote', contactId, assignedTo: USERS.alice, completed: true });
			expect(task).not.toHaveProperty('task');
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
			expect(sandbox.store.tasks.get(String(task.id))).toMatchObject({ title: 'Send the quote', body: 'Two options, both with VAT' });
		});

		it('defaults Completed to false and converts an explicit offset to UTC', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, {
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Follow up',
				dueDate: '2026-05-01T09:30:00+02:00',
			});
			expect(result.error).toBeUndefined();
			expect(sandbox.requests[0].body).toEqual({ title: 'Follow up', dueDate: '2026-05-01T07:30:00.000Z', completed: false });
			expect(sandbox.store.tasks.get(String(result.items[0].json.id))?.completed).toBe(false);
		});

		it("reads a due date without offset (the date picker's format) in the workflow's time zone", async () => {
			// The test workflows have no time zone setting, so n8n's default applies: America/New_York.
			const contactId = addContact(sandbox);
			const input = [
				{ due: '2026-05-01T09:30:00' }, // EDT, UTC-4
				{ due: '2026-01-15T09:00:00' }, // EST, UTC-5
				{ due: '2026-05-01' }, // a plain date: midnight there
			];
			const result = await run(
				sandbox,
				{ resource: 'task', operation: 'create', contactId: byId(contactId), title: 'Due', dueDate: '={{ $json.due }}' },
				{ input },
			);
			expect(result.error).toBeUndefined();
			expect(sandbox.requests.map((r) => (r.body as IDataObject).dueDate)).toEqual([
				'2026-05-01T13:30:00.000Z',
				'2026-01-15T14:00:00.000Z',
				'2026-05-01T04:00:00.000Z',
			]);
		});

		it('accepts a Luxon DateTime from an expression, keeping its own zone', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, {
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Luxon',
				dueDate: "={{ DateTime.fromISO('2026-05-01T09:30:00', { zone: 'Europe/Berlin' }) }}",
			});
			expect(result.error).toBeUndefined();
			expect((sandbox.requests[0].body as IDataObject).dueDate).toBe('2026-05-01T07:30:00.000Z');
		});

		it('takes the assignee from an expression, and reports the API rejecting an unknown user', async () => {
			const contactId = addContact(sandbox);
			const ok = await run(
				sandbox,
				{
					resource: 'task',
					operation: 'create',
					contactId: byId('={{ $json.contact }}'),
					title: '={{ $json.title }}',
					dueDate: '2026-05-01T10:00:00Z',
					additionalFields: { assignedTo: '={{ $json.owner }}' },
				},
				{ input: [{ contact: contactId, title: 'From expression', owner: USERS.bob }] },
			);
			expect(ok.error).toBeUndefined();
			expect(sandbox.requests[0].body).toMatchObject({ title: 'From expression', assignedTo: USERS.bob });

			sandbox.clearRequests();
			const rejected = await run(sandbox, {
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Nobody',
				dueDate: '2026-05-01T10:00:00Z',
				additionalFields: { assignedTo: 'usr_unknown' },
			});
			expect(rejected.error?.message).toBe('The API rejected the input: assignedTo must be a valid user id');
			expect(sandbox.requests).toHaveLength(1);
		});

		it('rejects a bad due date or an empty title naming parameter and item, before any request', async () => {
			const contactId = addContact(sandbox);
			const badDate = await run(
				sandbox,
				{ resource: 'task', operation: 'create', contactId: byId(contactId), title: 'T', dueDate: '={{ $json.due }}' },
				{ input: [{ due: '2026-05-01T10:00:00Z' }, { due: 'next tuesday' }] },
			);
			expect(badDate.error?.message).toBe('Invalid Due Date (dueDate) in item 1: "next tuesday" is not an ISO 8601 date-time');

			const impossibleDate = await run(sandbox, { resource: 'task', operation: 'create', contactId: byId(contactId), title: 'T', dueDate: '2026-02-30T10:00:00' });
			expect(impossibleDate.error?.message).toMatch(/^Invalid Due Date \(dueDate\) in item 0: "2026-02-30T10:00:00"/);

			const emptyTitle = await run(sandbox, { resource: 'task', operation: 'create', contactId: byId(contactId), title: '   ', dueDate: '2026-05-01T10:00:00Z' });
			expect(emptyTitle.error?.message).toBe('Invalid Title (title) in item 0: it must not be empty');

			// A literal empty required field is caught by n8n itself; one from an expression by the node.
			await expect(run(sandbox, { resource: 'task', operation: 'create', contactId: byId(contactId), title: 'T', dueDate: '' })).rejects.toThrow(
				/Parameter "Due Date" is required/,
			);
			const noDate = await run(
				sandbox,
				{ resource: 'task', operation: 'create', contactId: byId(contactId), title: 'T', dueDate: '={{ $json.due }}' },
				{ input: [{ due: '' }] },
			);
			expect(noDate.error?.message).toMatch(/^Invalid Due Date \(dueDate\) in item 0: "" is not an ISO 8601 date-time/);

			expect(sandbox.requests).toHaveLength(0);
		});

		it('is never retried after an ambiguous failure (the server may have created it)', async () => {
			const contactId = addContact(sandbox);
			sandbox.faults.inject({ kind: 'reset-after', method: 'POST', path: `/contacts/${contactId}/tasks` });
			const result = await run(sandbox, {
				resource: 'task',
				operation: 'create',
				contactId: byId(contactId),
				title: 'Only once',
				dueDate: '2026-05-01T10:00:00Z',
			});
			expect(result.error?.message).toMatch(/Could not reach the Contacts API/);
			expect(result.error?.description).toMatch(/not retried/);
			expect(calls(sandbox)).toEqual([`POST /contacts/${contactId}/tasks`]);
			const created = [...sandbox.store.tasks.values()].filter((t) => t.contactId === contactId);
			expect(created).toHaveLength(1);
		});

		it('names the missing scope when the token is read-only', async () => {
			const contactId = addContact(sandbox);
			const result = await run(
				sandbox,
				{ resource: 'task', operation: 'create', contactId: byId(contactId), title: 'T', dueDate: '2026-05-01T10:00:00Z' },
				{ token: CONTACTS_DEMO.tokens.readonly },
			);
			expect(result.error?.message).toMatch(/lacks contacts\.write/);
			expect([...sandbox.store.tasks.values()].filter((t) => t.contactId === contactId)).toHaveLength(0);
		});
	});

	describe('get', () => {
		it('gets one task, with a read-only token', async () => {
			const contactId = addContact(sandbox);
			const taskId = addTask(contactId, { title: 'Read me' });
			const result = await run(
				sandbox,
				{ resource: 'task', operation: 'get', contactId: byId(contactId), taskId },
				{ token: CONTACTS_DEMO.tokens.readonly },
			);
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`GET /contacts/${contactId}/tasks/${taskId}`]);
			expect(sandbox.requests[0].rawBody).toBe('');
			expect(jsonOf(result)).toEqual([sandbox.store.tasks.get(taskId)]);
		});

		it('retries a read after a 500', async () => {
			const contactId = addContact(sandbox);
			const taskId = addTask(contactId);
			sandbox.faults.inject({ kind: '500', method: 'GET' });
			const result = await run(sandbox, { resource: 'task', operation: 'get', contactId: byId(contactId), taskId });
			expect(result.error).toBeUndefined();
			expect(sandbox.requests.map((r) => r.status)).toEqual([500, 200]);
			expect(result.items[0].json.id).toBe(taskId);
		});

		it('says clearly which task was not found', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, { resource: 'task', operation: 'get', contactId: byId(contactId), taskId: 'task_missing' });
			expect(result.error?.message).toBe(`Not found: Task not found (task ID "task_missing", contact ID "${contactId}")`);
			expect(result.error?.httpCode).toBe('404');
			expect(sandbox.requests).toHaveLength(1);
		});

		it('does not find a task of another contact', async () => {
			const owner = addContact(sandbox);
			const other = addContact(sandbox);
			const taskId = addTask(owner);
			const result = await run(sandbox, { resource: 'task', operation: 'get', contactId: byId(other), taskId });
			expect(result.error?.message).toMatch(/^Not found: Task not found/);
		});

		it('path-encodes IDs that pass validation and rejects IDs with spaces, slashes or escapes', async () => {
			const contactId = addContact(sandbox, { id: 'ct:50+x' });
			const taskId = addTask(contactId, { id: 'tk+1@2' });
			const result = await run(sandbox, { resource: 'task', operation: 'get', contactId: byId(contactId), taskId });
			expect(result.error).toBeUndefined();
			// ':', '+' and '@' are sent encoded, so the server sees the IDs exactly as given.
			expect(sandbox.requests[0].path).toBe('/contacts/ct%3A50%2Bx/tasks/tk%2B1%402');
			expect(result.items[0].json).toMatchObject({ id: 'tk+1@2', contactId: 'ct:50+x' });

			sandbox.clearRequests();
			// Typed in "By ID" mode, the node refuses it before sending...
			const typed = await run(sandbox, { resource: 'task', operation: 'get', contactId: byId('a b'), taskId });
			expect(typed.error?.message).toMatch(/Invalid Contact \(contactId\) in item 0/);
			expect(sandbox.requests).toHaveLength(0);
			// ...and from an expression too.
			const spaced = await run(
				sandbox,
				{ resource: 'task', operation: 'get', contactId: byId('={{ $json.contact }}'), taskId },
				{ input: [{ contact: 'a b' }] },
			);
			expect(spaced.error?.message).toMatch(/^Invalid Contact \(contactId\) in item 0: "a b" is not a valid ID: IDs contain only letters, digits/);
			const slashed = await run(sandbox, { resource: 'task', operation: 'get', contactId: byId(contactId), taskId: '../notes' });
			expect(slashed.error?.message).toMatch(/^Invalid Task ID \(taskId\) in item 0: "\.\.\/notes" is not a valid ID/);
			const empty = await run(
				sandbox,
				{ resource: 'task', operation: 'get', contactId: byId(contactId), taskId: '={{ $json.task }}' },
				{ input: [{ task: '  ' }] },
			);
			expect(empty.error?.message).toBe('Invalid Task ID (taskId) in item 0: it must not be empty');
			expect(sandbox.requests).toHaveLength(0);
		});
	});

	describe('getAll', () => {
		it('outputs one item per task, all of them or up to the limit, from one request', async () => {
			const contactId = addContact(sandbox);
			const other = addContact(sandbox);
			const ids = [addTask(contactId, { title: 'A' }), addTask(contactId, { title: 'B' }), addTask(contactId, { title: 'C' })];
			addTask(other, { title: 'Not mine' });

			const all = await run(sandbox, { resource: 'task', operation: 'getAll', contactId: byId(contactId), returnAll: true });
			expect(all.error).toBeUndefined();
			expect(jsonOf(all).map((t) => t.id)).toEqual(ids);
			expect(all.items.every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
			expect(calls(sandbox)).toEqual([`GET /contacts/${contactId}/tasks`]);
			expect(sandbox.requests[0].query).toEqual({});

			sandbox.clearRequests();
			const limited = await run(sandbox, { resource: 'task', operation: 'getAll', contactId: byId(contactId), returnAll: false, limit: 2 });
			expect(jsonOf(limited).map((t) => t.title)).toEqual(['A', 'B']);
			expect(sandbox.requests).toHaveLength(1);
		});

		it('outputs nothing for a contact without tasks, and fails clearly for an unknown contact', async () => {
			const contactId = addContact(sandbox);
			const none = await run(sandbox, { resource: 'task', operation: 'getAll', contactId: byId(contactId), returnAll: true });
			expect(none.error).toBeUndefined();
			expect(none.items).toHaveLength(0);

			const missing = await run(sandbox, { resource: 'task', operation: 'getAll', contactId: byId('ct_missing'), returnAll: true });
			expect(missing.error?.message).toBe('Not found: Contact not found (contact ID "ct_missing")');
		});

		it('rejects a limit below 1 before any request', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, { resource: 'task', operation: 'getAll', contactId: byId(contactId), returnAll: false, limit: 0 });
			expect(result.error?.message).toMatch(/^Invalid Limit \(limit\) in item 0/);
			expect(sandbox.requests).toHaveLength(0);
		});
	});

	describe('update', () => {
		it('sends only the fields set and outputs the updated task', async () => {
			const contactId = addContact(sandbox);
			const taskId = addTask(contactId, { body: 'keep me' });
			const result = await run(sandbox, {
				resource: 'task',
				operation: 'update',
				contactId: byId(contactId),
				taskId,
				updateFields: { title: 'Renamed', dueDate: '2026-06-01T08:00:00Z', completed: true, assignedTo: USERS.bob, body: '' },
			});
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`PUT /contacts/${contactId}/tasks/${taskId}`]);
			// An empty Body means "not set": it must not blank the stored text.
			expect(sandbox.requests[0].body).toEqual({ title: 'Renamed', dueDate: '2026-06-01T08:00:00.000Z', completed: true, assignedTo: USERS.bob });
			expect(jsonOf(result)).toEqual([sandbox.store.tasks.get(taskId)]);
			expect(sandbox.store.tasks.get(taskId)).toMatchObject({ title: 'Renamed', body: 'keep me', completed: true, assignedTo: USERS.bob });
		});

		it('changes just the body', async () => {
			const contactId = addContact(sandbox);
			const taskId = addTask(contactId);
			const result = await run(sandbox, { resource: 'task', operation: 'update', contactId: byId(contactId), taskId, updateFields: { body: 'New details' } });
			expect(result.error).toBeUndefined();
			expect(sandbox.requests[0].body).toEqual({ body: 'New details' });
			expect(sandbox.store.tasks.get(taskId)).toMatchObject({ body: 'New details', title: 'Call back' });
		});

		it('requires at least one field, a non-empty title and a valid due date, before any request', async () => {
			const contactId = addContact(sandbox);
			const taskId = addTask(contactId);
			const base = { resource: 'task', operation: 'update', contactId: byId(contactId), taskId };
			const nothing = await run(sandbox, { ...base, updateFields: {} });
			expect(nothing.error?.message).toBe('Invalid Update Fields (updateFields) in item 0: add at least one field to update');
			const onlyBlank = await run(sandbox, { ...base, updateFields: { body: '', assignedTo: '' } });
			expect(onlyBlank.error?.message).toMatch(/^Invalid Update Fields \(updateFields\) in item 0/);
			const blankTitle = await run(sandbox, { ...base, updateFields: { title: '={{ null }}' } });
			expect(blankTitle.error?.message).toMatch(/^Invalid Title \(title\) in item 0: a task must keep a title/);
			const badDate = await run(sandbox, { ...base, updateFields: { dueDate: '31/12/2026' } });
			expect(badDate.error?.message).toMatch(/^Invalid Due Date \(dueDate\) in item 0: "31\/12\/2026"/);
			expect(sandbox.requests).toHaveLength(0);
		});

		it('reports a missing task clearly', async () => {
			const contactId = addContact(sandbox);
			const result = await run(sandbox, { resource: 'task', operation: 'update', contactId: byId(contactId), taskId: 'gone', updateFields: { title: 'X' } });
			expect(result.error?.message).toBe(`Not found: Task not found (task ID "gone", contact ID "${contactId}")`);
		});
	});

	describe('setCompleted', () => {
		it('marks a task completed and open again', async () => {
			const contactId = addContact(sandbox);
			const taskId = addTask(contactId);
			const done = await run(sandbox, { resource: 'task', operation: 'setCompleted', contactId: byId(contactId), taskId, completed: true });
			expect(done.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`PUT /contacts/${contactId}/tasks/${taskId}/completed`]);
			expect(sandbox.requests[0].body).toEqual({ completed: true });
			expect(done.items[0].json).toMatchObject({ id: taskId, completed: true });
			expect(sandbox.store.tasks.get(taskId)?.completed).toBe(true);

			const reopened = await run(sandbox, { resource: 'task', operation: 'setCompleted', contactId: byId(contactId), taskId, completed: false });
			expect(sandbox.requests[1].body).toEqual({ completed: false });
			expect(reopened.items[0].json).toMatchObject({ id: taskId, completed: false });
			expect(sandbox.store.tasks.get(taskId)?.completed).toBe(false);
		});

		it('rejects a Completed value that is not a boolean', async () => {
			const contactId = addContact(sandbox);
			const taskId = addTask(contactId);
			const result = await run(
				sandbox,
				{ resource: 'task', operation: 'setCompleted', contactId: byId(contactId), taskId, completed: '={{ $json.done }}' },
				{ input: [{ done: 'maybe' }] },
			);
			expect(result.error?.message).toBe('Invalid Completed (completed) in item 0: "maybe" is not true or false');
			expect(sandbox.requests).toHaveLength(0);
		});
	});

	describe('delete', () => {
		it("deletes the task and outputs what the API confirmed", async () => {
			const contactId = addContact(sandbox);
			const taskId = addTask(contactId);
			const result = await run(sandbox, { resource: 'task', operation: 'delete', contactId: byId(contactId), taskId });
			expect(result.error).toBeUndefined();
			expect(calls(sandbox)).toEqual([`DELETE /contacts/${contactId}/tasks/${taskId}`]);
			expect(jsonOf(result)).toEqual([{ success: true, contactId, taskId }]);
			expect(sandbox.store.tasks.has(taskId)).toBe(false);

			const again = await run(sandbox, { resource: 'task', operation: 'delete', contactId: byId(contactId), taskId });
			expect(again.error?.message).toBe(`Not found: Task not found (task ID "${taskId}", contact ID "${contactId}")`);
		});
	});

	describe('Continue On Fail', () => {
		it('yields one error item per failed item and runs the others exactly once', async () => {
			const contactId = addContact(sandbox);
			const first = addTask(contactId);
			const last = addTask(contactId);
			const input = [{ task: first }, { task: 'bad id' }, { task: 'task_missing' }, { task: last }];
			const result = await run(
				sandbox,
				{ resource: 'task', operation: 'setCompleted', contactId: byId(contactId), taskId: '={{ $json.task }}', completed: true },
				{ input, continueOnFail: true },
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			const [ok0, bad, missing, ok3] = jsonOf(result);
			expect(ok0).toMatchObject({ id: first, completed: true });
			expect(bad.error).toMatch(/^Invalid Task ID \(taskId\) in item 1: "bad id" is not a valid ID: IDs contain only letters, digits/);
			expect(missing.error).toBe(`Not found: Task not found (task ID "task_missing", contact ID "${contactId}")`);
			expect(missing.httpCode).toBe('404');
			expect(ok3).toMatchObject({ id: last, completed: true });
			// Item 1 never reached the API; the others went out once each, in order.
			expect(calls(sandbox)).toEqual([
				`PUT /contacts/${contactId}/tasks/${first}/completed`,
				`PUT /contacts/${contactId}/tasks/task_missing/completed`,
				`PUT /contacts/${contactId}/tasks/${last}/completed`,
			]);
			expect(sandbox.store.tasks.get(first)?.completed).toBe(true);
			expect(sandbox.store.tasks.get(last)?.completed).toBe(true);
		});

		it('without Continue On Fail, a bad item stops the node before any request', async () => {
			const contactId = addContact(sandbox);
			const taskId = addTask(contactId);
			const result = await run(
				sandbox,
				{ resource: 'task', operation: 'delete', contactId: byId(contactId), taskId: '={{ $json.task }}' },
				{ input: [{ task: taskId }, { task: '' }] },
			);
			expect(result.error?.message).toBe('Invalid Task ID (taskId) in item 1: it must not be empty');
			expect(sandbox.requests).toHaveLength(0);
			expect(sandbox.store.tasks.has(taskId)).toBe(true);
		});
	});
});
