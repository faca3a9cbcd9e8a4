'use strict';
// Contacts (SPEC: /contacts). Create needs first_name and last_name; owner_id makes the
// contact local to that user; PUT /contacts is the create-or-update keyed by `uid` (company
// shared contacts only; the uid is embedded in the generated id); DELETE answers with the
// deleted contact. Create and upsert are limited to 100 per minute.
const { page } = require('../paging');
const { onlyQuery } = require('./account');
const { bad, notFound, onlyFields, requireString, optionalString, phones, emails, stringList, int64 } = require('../validate');

const DETAIL_FIELDS = ['phones', 'emails', 'company_name', 'job_title', 'extension', 'urls', 'trunk_group'];
const CREATE_FIELDS = ['first_name', 'last_name', 'owner_id', ...DETAIL_FIELDS];
const UPSERT_FIELDS = ['uid', 'first_name', 'last_name', ...DETAIL_FIELDS];
const UPDATE_FIELDS = ['first_name', 'last_name', ...DETAIL_FIELDS];

let localSequence = 0;

/** Applies documented fields to a contact record and keeps the derived fields in step. */
function apply(contact, body) {
	for (const field of ['first_name', 'last_name', 'company_name', 'job_title', 'extension', 'trunk_group']) {
		const value = optionalString(body, field);
		if (value !== undefined) contact[field] = value === '' ? null : value;
	}
	const p = phones(body, 'phones');
	if (p) contact.phones = [...p];
	const e = emails(body, 'emails');
	if (e) contact.emails = [...e];
	const u = stringList(body, 'urls', (v) => /^https?:\/\//.test(v), 'URL');
	if (u) contact.urls = [...u];
	if (contact.first_name === null || contact.last_name === null) throw bad('first_name and last_name cannot be cleared');
	contact.display_name = `${contact.first_name} ${contact.last_name}`.trim();
	contact.primary_phone = contact.phones[0] || null;
	contact.primary_email = contact.emails[0] || null;
	return contact;
}

function blank(id, type, ownerId) {
	return { id, type, owner_id: ownerId, first_name: '', last_name: '', display_name: '', phones: [], primary_phone: null, emails: [], primary_email: null, company_name: null, job_title: null, extension: null, urls: [], trunk_group: null };
}

function find(ctx) {
	const contact = ctx.store.contacts.find((c) => c.id === ctx.params.id);
	if (!contact) throw notFound('Contact');
	return contact;
}

module.exports = [
	{
		method: 'GET',
		path: '/api/v2/contacts',
		handler(ctx) {
			onlyQuery(ctx, ['cursor', 'owner_id', 'include_local']);
			let rows;
			if (ctx.query.owner_id !== undefined) {
				const owner = int64(ctx.query.owner_id, 'owner_id');
				if (!ctx.store.users.some((u) => u.id === owner)) throw notFound('User');
				rows = ctx.store.contacts.filter((c) => c.type === 'local' && c.owner_id === owner);
			} else {
				const includeLocal = ctx.query.include_local === 'true';
				if (ctx.query.include_local !== undefined && !['true', 'false'].includes(ctx.query.include_local)) throw bad('include_local must be true or false');
				rows = ctx.store.contacts.filter((c) => c.type === 'shared' || includeLocal);
			}
			return page(ctx, rows);
		},
	},
	{
		method: 'GET',
		path: '/api/v2/contacts/:id',
		handler(ctx) {
			return { body: find(ctx) };
		},
	},
	{
		method: 'POST',
		path: '/api/v2/contacts',
		limitPerMinute: 100,
		handler(ctx) {
			onlyFields(ctx.body, CREATE_FIELDS);
			requireString(ctx.body, 'first_name');
			requireString(ctx.body, 'last_name');
			let contact;
			if (ctx.body.owner_id !== undefined) {
				const owner = int64(ctx.body.owner_id, 'owner_id', { inBody: true });
				if (!ctx.store.users.some((u) => u.id === owner)) throw notFound('User');
				localSequence += 1;
				contact = blank(`local_contact_${owner}_${localSequence}`, 'local', owner);
			} else {
				localSequence += 1;
				contact = blank(`shared_contact_auto_${localSequence}`, 'shared', null);
			}
			apply(contact, ctx.body);
			ctx.store.contacts.push(contact);
			return { body: contact };
		},
	},
	{
		method: 'PUT',
		path: '/api/v2/contacts',
		limitPerMinute: 100,
		handler(ctx) {
			onlyFields(ctx.body, UPSERT_FIELDS);
			const uid = requireString(ctx.body, 'uid');
			requireString(ctx.body, 'first_name');
			requireString(ctx.body, 'last_name');
			const id = `shared_contact_uid_${uid}`;
			let contact = ctx.store.contacts.find((c) => c.id === id);
			if (!contact) {
				contact = blank(id, 'shared', null);
				ctx.store.contacts.push(contact);
			}
			const { uid: _uid, ...fields } = ctx.body;
			apply(contact, fields);
			return { body: contact };
		},
	},
	{
		method: 'PATCH',
		path: '/api/v2/contacts/:id',
		handler(ctx) {
			const contact = find(ctx);
			onlyFields(ctx.body, UPDATE_FIELDS);
			if (Object.keys(ctx.body).length === 0) throw bad('Nothing to update');
			apply(contact, ctx.body);
			return { body: contact };
		},
	},
	{
		method: 'DELETE',
		path: '/api/v2/contacts/:id',
		handler(ctx) {
			const contact = find(ctx);
			ctx.store.contacts = ctx.store.contacts.filter((c) => c !== contact);
			return { body: contact };
		},
	},
];
