'use strict';
// Tasks, notes, appointments, tags, followers, campaigns and workflows of one contact.
const { HttpError } = require('../../core');
const { newId, tick, normalizeTags } = require('../store');
const { validateTask, unprocessable } = require('../validate');
const { getContact } = require('./contacts');

const READ = 'contacts.readonly';
const WRITE = 'contacts.write';

function childOf(ctx, map, id, label) {
	const contact = getContact(ctx, ctx.params.contactId);
	const row = map.get(id);
	if (!row || row.contactId !== contact.id) throw new HttpError(404, { statusCode: 404, message: `${label} not found` });
	return row;
}

function listOf(map, contactId) {
	return [...map.values()].filter((r) => r.contactId === contactId);
}

function requireStringArray(value, field) {
	if (!Array.isArray(value) || value.length === 0) unprocessable([`${field} should not be empty`]);
	if (value.some((v) => typeof v !== 'string' || !v)) unprocessable([`each value in ${field} must be a string`]);
}

function validateNote(body, { partial }) {
	const m = [];
	if (!partial && (typeof body.body !== 'string' || !body.body)) m.push('body should not be empty');
	if (partial && body.body !== undefined && typeof body.body !== 'string') m.push('body must be a string');
	if (body.pinned !== undefined && typeof body.pinned !== 'boolean') m.push('pinned must be a boolean value');
	unprocessable(m);
}

function requireUser(ctx, contact, userId, field) {
	if (!userId) return;
	const users = ctx.store.users.get(contact.locationId) || [];
	if (!users.some((u) => u.id === userId)) unprocessable([`${field} must be a valid user id`]);
}

module.exports = [
	// Tasks
	{ method: 'GET', path: '/contacts/:contactId/tasks', scope: READ, handler: (ctx) => ({ body: { tasks: listOf(ctx.store.tasks, getContact(ctx, ctx.params.contactId).id) } }) },
	{
		method: 'POST', path: '/contacts/:contactId/tasks', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			validateTask(ctx.body, { partial: false });
			requireUser(ctx, contact, ctx.body.assignedTo, 'assignedTo');
			const { title, body, dueDate, completed, assignedTo } = ctx.body;
			const task = { id: newId(), title, body: body ?? null, dueDate, completed, assignedTo: assignedTo ?? null, contactId: contact.id, dateAdded: new Date(tick(ctx.store)).toISOString() };
			ctx.store.tasks.set(task.id, task);
			return { status: 201, body: { task } };
		},
	},
	{ method: 'GET', path: '/contacts/:contactId/tasks/:taskId', scope: READ, handler: (ctx) => ({ body: { task: childOf(ctx, ctx.store.tasks, ctx.params.taskId, 'Task') } }) },
	{
		method: 'PUT', path: '/contacts/:contactId/tasks/:taskId', scope: WRITE,
		handler(ctx) {
			const task = childOf(ctx, ctx.store.tasks, ctx.params.taskId, 'Task');
			validateTask(ctx.body, { partial: true });
			requireUser(ctx, getContact(ctx, ctx.params.contactId), ctx.body.assignedTo, 'assignedTo');
			Object.assign(task, ctx.body);
			return { body: { task } };
		},
	},
	{
		method: 'PUT', path: '/contacts/:contactId/tasks/:taskId/completed', scope: WRITE,
		handler(ctx) {
			const task = childOf(ctx, ctx.store.tasks, ctx.params.taskId, 'Task');
			if (typeof ctx.body.completed !== 'boolean') unprocessable(['completed must be a boolean value']);
			task.completed = ctx.body.completed;
			return { body: { task } };
		},
	},
	{
		method: 'DELETE', path: '/contacts/:contactId/tasks/:taskId', scope: WRITE,
		handler(ctx) {
			const task = childOf(ctx, ctx.store.tasks, ctx.params.taskId, 'Task');
			ctx.store.tasks.delete(task.id);
			return { body: { succeded: true } };
		},
	},
	// Notes
	{ method: 'GET', path: '/contacts/:contactId/notes', scope: READ, handler: (ctx) => ({ body: { notes: listOf(ctx.store.notes, getContact(ctx, ctx.params.contactId).id) } }) },
	{
		method: 'POST', path: '/contacts/:contactId/notes', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			validateNote(ctx.body, { partial: false });
			requireUser(ctx, contact, ctx.body.userId, 'userId');
			const { body, userId, title, color, pinned } = ctx.body;
			const note = { id: newId(), body, userId: userId ?? null, title: title ?? null, color: color ?? null, pinned: pinned ?? false, contactId: contact.id, dateAdded: new Date(tick(ctx.store)).toISOString() };
			ctx.store.notes.set(note.id, note);
			return { status: 201, body: { note } };
		},
	},
	{ method: 'GET', path: '/contacts/:contactId/notes/:id', scope: READ, handler: (ctx) => ({ body: { note: childOf(ctx, ctx.store.notes, ctx.params.id, 'Note') } }) },
	{
		method: 'PUT', path: '/contacts/:contactId/notes/:id', scope: WRITE,
		handler(ctx) {
			const note = childOf(ctx, ctx.store.notes, ctx.params.id, 'Note');
			validateNote(ctx.body, { partial: true });
			requireUser(ctx, getContact(ctx, ctx.params.contactId), ctx.body.userId, 'userId');
			Object.assign(note, ctx.body);
			return { body: { note } };
		},
	},
	{
		method: 'DELETE', path: '/contacts/:contactId/notes/:id', scope: WRITE,
		handler(ctx) {
			const note = childOf(ctx, ctx.store.notes, ctx.params.id, 'Note');
			ctx.store.notes.delete(note.id);
			return { body: { succeded: true } };
		},
	},
	// Appointments (read only through the Contacts API)
	{ method: 'GET', path: '/contacts/:contactId/appointments', scope: READ, handler: (ctx) => ({ body: { events: listOf(ctx.store.appointments, getContact(ctx, ctx.params.contactId).id) } }) },
	// Tags
	{
		method: 'POST', path: '/contacts/:contactId/tags', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			requireStringArray(ctx.body.tags, 'tags');
			contact.tags = normalizeTags([...contact.tags, ...ctx.body.tags]);
			return { status: 201, body: { tags: contact.tags } };
		},
	},
	{
		method: 'DELETE', path: '/contacts/:contactId/tags', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			requireStringArray(ctx.body.tags, 'tags');
			const remove = normalizeTags(ctx.body.tags);
			contact.tags = contact.tags.filter((t) => !remove.includes(t));
			return { body: { tags: contact.tags } };
		},
	},
	// Followers
	{
		method: 'POST', path: '/contacts/:contactId/followers', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			requireStringArray(ctx.body.followers, 'followers');
			for (const f of ctx.body.followers) requireUser(ctx, contact, f, 'followers');
			const added = ctx.body.followers.filter((f) => !contact.followers.includes(f));
			contact.followers.push(...added);
			return { status: 201, body: { followers: [...contact.followers], followersAdded: added } };
		},
	},
	{
		method: 'DELETE', path: '/contacts/:contactId/followers', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			requireStringArray(ctx.body.followers, 'followers');
			const removed = contact.followers.filter((f) => ctx.body.followers.includes(f));
			contact.followers = contact.followers.filter((f) => !removed.includes(f));
			return { body: { followers: [...contact.followers], followersRemoved: removed } };
		},
	},
	// Campaigns
	{
		method: 'DELETE', path: '/contacts/:contactId/campaigns/removeAll', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			ctx.store.campaignMembers.set(contact.id, new Set());
			return { body: { succeded: true } };
		},
	},
	{
		method: 'POST', path: '/contacts/:contactId/campaigns/:campaignId', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			if (!ctx.store.campaigns.has(ctx.params.campaignId)) throw new HttpError(404, { statusCode: 404, message: 'Campaign not found' });
			const set = ctx.store.campaignMembers.get(contact.id) || new Set();
			set.add(ctx.params.campaignId);
			ctx.store.campaignMembers.set(contact.id, set);
			return { status: 201, body: { succeded: true } };
		},
	},
	{
		method: 'DELETE', path: '/contacts/:contactId/campaigns/:campaignId', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			const set = ctx.store.campaignMembers.get(contact.id) || new Set();
			set.delete(ctx.params.campaignId);
			return { body: { succeded: true } };
		},
	},
	// Workflows
	{
		method: 'POST', path: '/contacts/:contactId/workflow/:workflowId', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			if (!ctx.store.workflows.has(ctx.params.workflowId)) throw new HttpError(404, { statusCode: 404, message: 'Workflow not found' });
			const { eventStartTime } = ctx.body;
			if (eventStartTime !== undefined && (typeof eventStartTime !== 'string' || Number.isNaN(Date.parse(eventStartTime)))) unprocessable(['eventStartTime must be a valid ISO 8601 date string']);
			const map = ctx.store.workflowMembers.get(contact.id) || new Map();
			map.set(ctx.params.workflowId, eventStartTime ?? null);
			ctx.store.workflowMembers.set(contact.id, map);
			return { body: { succeded: true } };
		},
	},
	{
		method: 'DELETE', path: '/contacts/:contactId/workflow/:workflowId', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			const map = ctx.store.workflowMembers.get(contact.id) || new Map();
			map.delete(ctx.params.workflowId);
			return { body: { succeded: true } };
		},
	},
];
