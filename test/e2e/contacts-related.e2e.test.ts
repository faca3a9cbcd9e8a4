/**
 * The Contacts API node's contact-scoped resources inside n8n, a few multi-node workflows
 * against the sandbox: tasks and notes (create, update, complete, list, delete) with the
 * appointments of the contact; tags, followers, campaigns and workflows added and removed;
 * the bulk tag and business operations. Each run's outputs are compared with what the
 * sandbox holds afterwards.
 */
import type { IDataObject } from 'n8n-workflow';

import { CONTACTS_DEMO } from '../harness/sandboxes';
import { runWorkflowSteps, useContactsSandbox, type WorkflowStep } from './helpers/e2e';
import { byId, insertContact, jsonOf } from './helpers/workflows';

const ctx = useContactsSandbox();

const USERS = { alice: 'usr_alice_000000000001', bob: 'usr_bob_00000000000002' };

/** A Contacts API node on this file's credential. */
function step(name: string, parameters: IDataObject, extra: Partial<WorkflowStep> = {}): WorkflowStep {
	// typeVersion given: no look-up of the default version in /types/nodes.json.
	return { type: 'contactsApi', typeVersion: 1, name, credentials: { contactsApi: ctx.credentialId }, parameters: parameters as WorkflowStep['parameters'], ...extra };
}

/** The contact id of the workflow's input item, read by expression from any later node. */
const INPUT_CONTACT = byId("={{ $('Start').item.json.contactId }}");

function addAppointment(contactId: string, fields: IDataObject = {}): IDataObject {
	const event = {
		id: `evt_${Math.random().toString(36).slice(2, 12)}`,
		calendarId: 'cal_demo_00000000000001',
		title: 'Discovery call',
		status: 'booked',
		appointmentStatus: 'booked',
		assignedUserId: USERS.alice,
		startTime: '2026-12-01 11:00:00',
		endTime: '2026-12-01 11:30:00',
		locationId: CONTACTS_DEMO.locationId,
		contactId,
		users: [USERS.alice],
		...fields,
	};
	(ctx.sandbox.store.appointments as Map<string, IDataObject>).set(String(event.id), event);
	return event;
}

function calls(): string[] {
	return ctx.sandbox.requests.map((r) => `${r.method} ${r.path}`);
}

describe('Contacts API node in n8n: tasks, notes and appointments', () => {
	it('creates, updates, completes and lists a task, writes and edits a note as a user, lists appointments, then deletes task and note', async () => {
		const contact = insertContact(ctx.sandbox, { firstName: 'Tess', email: 'tess@example.com' });
		const contactId = String(contact.id);
		const event = addAppointment(contactId);
		addAppointment(String(insertContact(ctx.sandbox, { firstName: 'Other' }).id), { title: 'Not this contact' });

		const run = await runWorkflowSteps(
			[
				step('Create Task', {
					resource: 'task',
					operation: 'create',
					contactId: INPUT_CONTACT,
					title: 'Call back',
					dueDate: '2026-12-01T09:30:00Z',
					additionalFields: { body: 'About the quote', assignedTo: USERS.alice },
				}),
				step('Update Task', {
					resource: 'task',
					operation: 'update',
					contactId: INPUT_CONTACT,
					taskId: '={{ $json.id }}',
					updateFields: { title: 'Call back about the quote', dueDate: '2026-12-02T10:00:00+01:00' },
				}),
				step('Complete Task', { resource: 'task', operation: 'setCompleted', contactId: INPUT_CONTACT, taskId: '={{ $json.id }}', completed: true }),
				step('List Tasks', { resource: 'task', operation: 'getAll', contactId: INPUT_CONTACT, returnAll: true }),
				step('Create Note', {
					resource: 'note',
					operation: 'create',
					contactId: INPUT_CONTACT,
					body: '=Task "{{ $json.title }}" is done',
					additionalFields: { userId: USERS.bob, title: 'Follow-up' },
				}),
				step('Update Note', {
					resource: 'note',
					operation: 'update',
					contactId: INPUT_CONTACT,
					noteId: '={{ $json.id }}',
					updateFields: { body: 'Quote sent, task done', pinned: true },
				}),
				step('List Appointments', { resource: 'appointment', operation: 'getAll', contactId: INPUT_CONTACT, returnAll: true }),
			],
			[{ contactId }],
		);
		expect(run.error).toBeUndefined();

		const [task] = jsonOf(run.steps['Create Task']);
		const taskId = String(task.id);
		expect(task).toMatchObject({ title: 'Call back', body: 'About the quote', assignedTo: USERS.alice, completed: false, contactId });
		expect(jsonOf(run.steps['Update Task'])).toEqual([expect.objectContaining({ id: taskId, title: 'Call back about the quote', dueDate: '2026-12-02T09:00:00.000Z' })]);
		expect(jsonOf(run.steps['Complete Task'])).toEqual([expect.objectContaining({ id: taskId, completed: true })]);
		const storedTask = ctx.sandbox.store.tasks.get(taskId);
		expect(jsonOf(run.steps['List Tasks'])).toEqual([storedTask]);
		expect(storedTask).toMatchObject({ title: 'Call back about the quote', completed: true, body: 'About the quote', assignedTo: USERS.alice });

		const [note] = jsonOf(run.steps['Create Note']);
		const noteId = String(note.id);
		expect(note).toMatchObject({ body: 'Task "Call back about the quote" is done', userId: USERS.bob, title: 'Follow-up', contactId });
		expect(jsonOf(run.steps['Update Note'])).toEqual([ctx.sandbox.store.notes.get(noteId)]);
		expect(ctx.sandbox.store.notes.get(noteId)).toMatchObject({ body: 'Quote sent, task done', pinned: true, userId: USERS.bob });
		expect(run.items).toEqual([event]);

		const after = await runWorkflowSteps(
			[
				step('Delete Task', { resource: 'task', operation: 'delete', contactId: INPUT_CONTACT, taskId }),
				step('Delete Note', { resource: 'note', operation: 'delete', contactId: INPUT_CONTACT, noteId }),
			],
			[{ contactId }],
		);
		expect(after.error).toBeUndefined();
		expect(jsonOf(after.steps['Delete Task'])).toEqual([{ success: true, contactId, taskId }]);
		expect(jsonOf(after.steps['Delete Note'])).toEqual([{ success: true, contactId, noteId }]);
		expect(ctx.sandbox.store.tasks.has(taskId)).toBe(false);
		expect(ctx.sandbox.store.notes.has(noteId)).toBe(false);
	});
});

describe('Contacts API node in n8n: tags, followers, campaigns, workflows and bulk operations', () => {
	it('adds and removes tags, followers, campaigns and workflows of a contact', async () => {
		const contactId = String(insertContact(ctx.sandbox, { firstName: 'Mia', email: 'mia@example.com', tags: ['lead'] }).id);
		const campaigns = ['camp_e2e_0000000000001', 'camp_e2e_0000000000002'];
		for (const c of campaigns) (ctx.sandbox.store.campaigns as Set<string>).add(c);
		const workflows = ['wf_e2e_00000000000001', 'wf_e2e_00000000000002'];
		for (const w of workflows) (ctx.sandbox.store.workflows as Set<string>).add(w);

		const run = await runWorkflowSteps(
			[
				step('Add Tags', { resource: 'tag', operation: 'add', contactId: INPUT_CONTACT, tags: ['vip', 'newsletter'] }),
				step('Remove Tag', { resource: 'tag', operation: 'remove', contactId: INPUT_CONTACT, tags: '={{ ["newsletter"] }}' }),
				step('Add Followers', { resource: 'follower', operation: 'add', contactId: INPUT_CONTACT, followers: [USERS.alice, USERS.bob] }),
				step('Remove Follower', { resource: 'follower', operation: 'remove', contactId: INPUT_CONTACT, followers: [USERS.bob] }),
				step('Add Campaign 1', { resource: 'campaign', operation: 'add', contactId: INPUT_CONTACT, campaignId: campaigns[0] }),
				step('Add Campaign 2', { resource: 'campaign', operation: 'add', contactId: INPUT_CONTACT, campaignId: campaigns[1] }),
				step('Remove Campaign 1', { resource: 'campaign', operation: 'remove', contactId: INPUT_CONTACT, campaignId: campaigns[0] }),
				step('Add Workflow 1', { resource: 'workflow', operation: 'add', contactId: INPUT_CONTACT, workflowId: workflows[0] }),
				step('Add Workflow 2', {
					resource: 'workflow',
					operation: 'add',
					contactId: INPUT_CONTACT,
					workflowId: workflows[1],
					additionalFields: { eventStartTime: '2026-12-24T18:00:00Z' },
				}),
				step('Remove Workflow 1', { resource: 'workflow', operation: 'remove', contactId: INPUT_CONTACT, workflowId: workflows[0] }),
			],
			[{ contactId }],
			{ name: 'e2e Contacts API tags, followers, campaigns, workflows' },
		);
		expect(run.error).toBeUndefined();

		expect(jsonOf(run.steps['Add Tags'])).toEqual([{ success: true, contactId, tagsAdded: ['vip', 'newsletter'], tags: ['lead', 'vip', 'newsletter'] }]);
		expect(jsonOf(run.steps['Remove Tag'])).toEqual([{ success: true, contactId, tagsRemoved: ['newsletter'], tags: ['lead', 'vip'] }]);
		expect(jsonOf(run.steps['Add Followers'])).toEqual([{ success: true, contactId, followers: [USERS.alice, USERS.bob], followersAdded: [USERS.alice, USERS.bob] }]);
		expect(jsonOf(run.steps['Remove Follower'])).toEqual([expect.objectContaining({ success: true, contactId, followers: [USERS.alice] })]);
		for (const name of ['Add Campaign 1', 'Add Campaign 2', 'Remove Campaign 1']) expect(jsonOf(run.steps[name])).toEqual([expect.objectContaining({ success: true, contactId })]);
		expect(jsonOf(run.steps['Add Workflow 2'])).toEqual([{ success: true, contactId, workflowId: workflows[1], eventStartTime: '2026-12-24T18:00:00.000Z' }]);
		expect(run.items).toEqual([{ success: true, contactId, workflowId: workflows[0] }]);

		const stored = ctx.sandbox.store.contacts.get(contactId)!;
		expect(stored.tags).toEqual(['lead', 'vip']);
		expect(stored.followers).toEqual([USERS.alice]);
		expect([...(ctx.sandbox.store.campaignMembers as Map<string, Set<string>>).get(contactId)!]).toEqual([campaigns[1]]);
		expect([...(ctx.sandbox.store.workflowMembers as Map<string, Map<string, string | null>>).get(contactId)!]).toEqual([
			[workflows[1], '2026-12-24T18:00:00.000Z'],
		]);
		// The campaign and workflow calls carry the JSON body the spec requires, even when empty.
		const workflowAdd = ctx.sandbox.requests.find((r) => r.method === 'POST' && r.path === `/contacts/${contactId}/workflow/${workflows[0]}`)!;
		expect(workflowAdd.rawBody).toBe('{}');
		expect(workflowAdd.headers['content-type']).toMatch(/application\/json/);
	});

	it('removes the contact from every campaign, then updates tags and the business of many contacts at once', async () => {
		const a = String(insertContact(ctx.sandbox, { firstName: 'Bulk A', tags: ['lead', 'vip'] }).id);
		const b = String(insertContact(ctx.sandbox, { firstName: 'Bulk B', tags: ['lead'] }).id);
		(ctx.sandbox.store.campaignMembers as Map<string, Set<string>>).set(a, new Set(['camp_demo_000000000001']));
		const business = 'biz_e2e_00000000000001';

		const run = await runWorkflowSteps(
			[
				step('Remove From All Campaigns', { resource: 'campaign', operation: 'removeAll', contactId: byId("={{ $json.ids[0] }}") }),
				step('Add Tag To Both', {
					resource: 'bulk',
					operation: 'updateTags',
					tagAction: 'add',
					contactIds: "={{ $('Start').item.json.ids }}",
					tags: ['customer'],
				}),
				step('Remove Lead From Both', {
					resource: 'bulk',
					operation: 'updateTags',
					tagAction: 'remove',
					contactIds: "={{ $('Start').item.json.ids.join(', ') }}",
					tags: ['lead'],
				}),
				step('Assign Business', {
					resource: 'bulk',
					operation: 'assignBusiness',
					businessAction: 'add',
					businessId: business,
					contactIds: "={{ $('Start').item.json.ids }}",
				}),
				step('Unassign B', { resource: 'bulk', operation: 'assignBusiness', businessAction: 'remove', contactIds: "={{ $('Start').item.json.ids[1] }}" }),
			],
			[{ ids: [a, b] }],
		);
		expect(run.error).toBeUndefined();

		expect(jsonOf(run.steps['Remove From All Campaigns'])).toEqual([{ success: true, contactId: a }]);
		expect(jsonOf(run.steps['Add Tag To Both'])).toEqual([expect.objectContaining({ succeded: true, errorCount: 0 })]);
		expect(jsonOf(run.steps['Assign Business'])).toEqual([{ success: true, ids: [a, b] }]);
		expect(run.items).toEqual([{ success: true, ids: [b] }]);

		expect([...(ctx.sandbox.store.campaignMembers as Map<string, Set<string>>).get(a)!]).toEqual([]);
		expect(ctx.sandbox.store.contacts.get(a)).toMatchObject({ tags: ['vip', 'customer'], businessId: business });
		expect(ctx.sandbox.store.contacts.get(b)).toMatchObject({ tags: ['customer'], businessId: null });
		expect(calls().filter((c) => c.startsWith('POST /contacts/bulk/'))).toEqual([
			'POST /contacts/bulk/tags/update/add',
			'POST /contacts/bulk/tags/update/remove',
			'POST /contacts/bulk/business',
			'POST /contacts/bulk/business',
		]);
		const [add] = ctx.sandbox.requests.filter((r) => r.path === '/contacts/bulk/tags/update/add');
		expect(add.body).toEqual({ locationId: CONTACTS_DEMO.locationId, contacts: [a, b], tags: ['customer'] });
	});
});
