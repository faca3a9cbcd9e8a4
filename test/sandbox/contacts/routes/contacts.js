'use strict';
const { HttpError } = require('../../core');
const { insertContact, publicContact, normalizeTags, toStoredField, tick, syncContactName } = require('../store');
const { validateContact, unprocessable } = require('../validate');

const READ = 'contacts.readonly';
const WRITE = 'contacts.write';

function getContact(ctx, id) {
	const contact = ctx.store.contacts.get(id);
	if (!contact) throw new HttpError(404, { statusCode: 404, message: 'Contact not found' });
	if (!ctx.auth.locationIds.has(contact.locationId)) {
		throw new HttpError(403, { statusCode: 403, message: 'The token does not have access to this location', error: 'Forbidden' });
	}
	return contact;
}

function matchesQuery(c, query) {
	if (!query) return true;
	const q = String(query).toLowerCase();
	return [c.firstName, c.lastName, c.email, c.phone, c.companyName, c.contactName]
		.filter(Boolean)
		.some((v) => String(v).toLowerCase().includes(q));
}

function findDuplicate(store, locationId, { email, phone }) {
	const loc = store.locations.get(locationId);
	for (const key of loc.duplicateCheck) {
		const value = key === 'email' ? email && String(email).toLowerCase() : phone;
		if (!value) continue;
		for (const id of store.order) {
			const c = store.contacts.get(id);
			if (!c || c.locationId !== locationId) continue;
			if (key === 'email' && c.email && c.email.toLowerCase() === value) return c;
			if (key === 'phone' && c.phone === value) return c;
		}
	}
	return undefined;
}

function applyUpdate(contact, body) {
	const { customFields, tags, locationId, createNewIfDuplicateAllowed, ...fields } = body;
	Object.assign(contact, fields);
	if (tags !== undefined) contact.tags = normalizeTags(tags); // PUT tags overwrite all tags
	if (customFields !== undefined) {
		const byId = new Map(contact.customFields.map((f) => [f.id, f]));
		for (const f of customFields) {
			// An empty value clears the field: it disappears from the contact, as upstream.
			if (f.field_value === '' || f.field_value === null) byId.delete(f.id);
			else byId.set(f.id, toStoredField(f));
		}
		contact.customFields = [...byId.values()];
	}
	syncContactName(contact);
	contact.dateUpdated = new Date().toISOString();
}

function parseLimit(value, max = 100, fallback = 20) {
	if (value === undefined) return fallback;
	const n = Number(value);
	const m = [];
	if (!Number.isInteger(n)) m.push('limit must be an integer number');
	else if (n > max) m.push(`limit must not be greater than ${max}`);
	else if (n < 1) m.push('limit must not be less than 1');
	unprocessable(m);
	return n;
}

module.exports = [
	{
		method: 'GET', path: '/contacts/', scope: READ,
		handler(ctx) {
			const { locationId, startAfterId, startAfter, query } = ctx.query;
			ctx.requireLocation(locationId);
			const limit = parseLimit(ctx.query.limit);
			const all = ctx.store.order.map((id) => ctx.store.contacts.get(id)).filter((c) => c && c.locationId === locationId && matchesQuery(c, query));
			let start = 0;
			if (startAfterId) {
				const idx = all.findIndex((c) => c.id === startAfterId);
				if (idx < 0) throw new HttpError(400, { statusCode: 400, message: 'Invalid startAfterId' });
				start = idx + 1;
			} else if (startAfter) {
				start = all.findIndex((c) => c._addedAt > Number(startAfter));
				if (start < 0) start = all.length;
			}
			const page = all.slice(start, start + limit);
			const last = page[page.length - 1];
			const hasMore = start + limit < all.length;
			const currentPage = Math.floor(start / limit) + 1;
			return {
				body: {
					contacts: page.map(publicContact),
					count: all.length,
					meta: {
						total: all.length,
						currentPage,
						nextPage: hasMore ? currentPage + 1 : null,
						prevPage: currentPage > 1 ? currentPage - 1 : null,
						startAfterId: hasMore && last ? last.id : null,
						startAfter: hasMore && last ? last._addedAt : null,
						nextPageUrl: hasMore && last ? `/contacts/?locationId=${locationId}&startAfterId=${last.id}&startAfter=${last._addedAt}` : null,
					},
				},
			};
		},
	},
	{
		method: 'POST', path: '/contacts/', scope: WRITE,
		handler(ctx) {
			// A copy: validation resolves custom field keys to IDs, the request log keeps what was sent.
			const body = structuredClone(ctx.body);
			ctx.requireLocation(body.locationId);
			validateContact(body, ctx.store, body.locationId);
			const loc = ctx.store.locations.get(body.locationId);
			const dup = !loc.allowDuplicates && findDuplicate(ctx.store, body.locationId, body);
			if (dup) {
				throw new HttpError(400, { statusCode: 400, message: 'This location does not allow duplicated contacts.', meta: { contactName: dup.contactName, contactId: dup.id, matchingField: dup.email === body.email ? 'email' : 'phone' } });
			}
			return { status: 201, body: { contact: publicContact(insertContact(ctx.store, body)) } };
		},
	},
	{
		method: 'POST', path: '/contacts/upsert', scope: WRITE,
		handler(ctx) {
			// A copy: validation resolves custom field keys to IDs, the request log keeps what was sent.
			const body = structuredClone(ctx.body);
			ctx.requireLocation(body.locationId);
			validateContact(body, ctx.store, body.locationId);
			const existing = findDuplicate(ctx.store, body.locationId, body);
			if (existing && !(body.createNewIfDuplicateAllowed && ctx.store.locations.get(body.locationId).allowDuplicates)) {
				applyUpdate(existing, body);
				return { body: { new: false, contact: publicContact(existing), traceId: `trace-${tick(ctx.store)}` } };
			}
			return { body: { new: true, contact: publicContact(insertContact(ctx.store, body)), traceId: `trace-${tick(ctx.store)}` } };
		},
	},
	{
		method: 'POST', path: '/contacts/search', scope: READ,
		handler(ctx) {
			const { locationId, page = 1, pageLimit = 20, searchAfter, filters = [], sort = [], query } = ctx.body;
			ctx.requireLocation(locationId);
			const m = [];
			if (!Number.isInteger(pageLimit) || pageLimit < 1 || pageLimit > 500) m.push('pageLimit must be an integer between 1 and 500');
			if (!Number.isInteger(page) || page < 1) m.push('page must be a positive integer');
			if (page * pageLimit > 10000 && !searchAfter) m.push('page * pageLimit must not exceed 10000; use searchAfter');
			if (!Array.isArray(filters)) m.push('filters must be an array');
			unprocessable(m);
			for (const f of filters) checkSearchFilter(ctx.store, locationId, f);
			let rows = ctx.store.order.map((id) => ctx.store.contacts.get(id)).filter((c) => c && c.locationId === locationId && matchesQuery(c, query));
			for (const f of filters) rows = rows.filter((c) => matchFilter(c, f));
			for (const s of [...sort].reverse()) {
				const dir = s.direction === 'desc' ? -1 : 1;
				const key = (c) => String(fieldOf(c, s.field) ?? '');
				rows = [...rows].sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0));
			}
			let start = (page - 1) * pageLimit;
			if (Array.isArray(searchAfter) && searchAfter.length) {
				const idx = rows.findIndex((c) => c.id === searchAfter[searchAfter.length - 1]);
				start = idx + 1;
			}
			const slice = rows.slice(start, start + pageLimit).map((c) => ({ ...publicContact(c), searchAfter: [c._addedAt, c.id] }));
			return { body: { contacts: slice, total: rows.length } };
		},
	},
	{
		method: 'GET', path: '/contacts/search/duplicate', scope: READ,
		handler(ctx) {
			const { locationId, number, email } = ctx.query;
			ctx.requireLocation(locationId);
			const dup = findDuplicate(ctx.store, locationId, { email, phone: number });
			return { body: { contact: dup ? publicContact(dup) : null } };
		},
	},
	{
		method: 'GET', path: '/contacts/business/:businessId', scope: READ,
		handler(ctx) {
			const { locationId, query } = ctx.query;
			ctx.requireLocation(locationId);
			const limit = parseLimit(ctx.query.limit, 100, 25);
			const skip = Number(ctx.query.skip || 0);
			const rows = ctx.store.order.map((id) => ctx.store.contacts.get(id)).filter((c) => c && c.locationId === locationId && c.businessId === ctx.params.businessId && matchesQuery(c, query));
			return { body: { contacts: rows.slice(skip, skip + limit).map(publicContact), count: rows.length } };
		},
	},
	{
		method: 'POST', path: '/contacts/bulk/tags/update/:type', scope: WRITE,
		handler(ctx) {
			const { type } = ctx.params;
			const { contacts, tags, locationId, removeAllTags } = ctx.body;
			if (!['add', 'remove'].includes(type)) throw new HttpError(422, { statusCode: 422, message: ['type must be one of add, remove'], error: 'Unprocessable Entity' });
			ctx.requireLocation(locationId);
			const m = [];
			if (!Array.isArray(contacts) || !contacts.length) m.push('contacts should not be empty');
			if (!Array.isArray(tags)) m.push('tags must be an array');
			unprocessable(m);
			const responses = contacts.map((id) => {
				const c = ctx.store.contacts.get(id);
				if (!c || c.locationId !== locationId) return { contactId: id, message: 'Contact not found', type: 'error' };
				if (type === 'add') c.tags = normalizeTags([...c.tags, ...tags]);
				else c.tags = removeAllTags ? [] : c.tags.filter((t) => !normalizeTags(tags).includes(t));
				return { contactId: id, message: 'Tags updated', type: 'success' };
			});
			return { status: 201, body: { succeded: true, errorCount: responses.filter((r) => r.type === 'error').length, responses } };
		},
	},
	{
		method: 'POST', path: '/contacts/bulk/business', scope: WRITE,
		handler(ctx) {
			const { locationId, ids, businessId } = ctx.body;
			ctx.requireLocation(locationId);
			const m = [];
			if (!Array.isArray(ids) || !ids.length) m.push('ids should not be empty');
			if (businessId !== null && typeof businessId !== 'string') m.push('businessId must be a string');
			unprocessable(m);
			const updated = ids.filter((id) => {
				const c = ctx.store.contacts.get(id);
				if (!c || c.locationId !== locationId) return false;
				c.businessId = businessId;
				return true;
			});
			return { body: { success: true, ids: updated } };
		},
	},
	{
		method: 'GET', path: '/contacts/:contactId', scope: READ,
		handler: (ctx) => ({ body: { contact: publicContact(getContact(ctx, ctx.params.contactId)) } }),
	},
	{
		method: 'PUT', path: '/contacts/:contactId', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			const body = structuredClone(ctx.body);
			validateContact(body, ctx.store, contact.locationId);
			applyUpdate(contact, body);
			return { body: { succeded: true, contact: publicContact(contact) } };
		},
	},
	{
		method: 'DELETE', path: '/contacts/:contactId', scope: WRITE,
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.contactId);
			ctx.store.contacts.delete(contact.id);
			ctx.store.order = ctx.store.order.filter((id) => id !== contact.id);
			return { body: { succeded: true } };
		},
	},
];

// Search-index field names that are derived from stored fields.
const DERIVED_FIELDS = {
	firstNameLowerCase: (c) => (c.firstName ? c.firstName.toLowerCase() : null),
	lastNameLowerCase: (c) => (c.lastName ? c.lastName.toLowerCase() : null),
};

function fieldOf(c, field) {
	if (field.startsWith('customFields.')) {
		const id = field.slice('customFields.'.length);
		const stored = c.customFields.find((f) => f.id === id);
		return stored ? stored.value : null;
	}
	return DERIVED_FIELDS[field] ? DERIVED_FIELDS[field](c) : c[field];
}

// The filter fields and operators of POST /contacts/search as HighLevel documents them
// ("Search Contacts – advanced filters", linked from the operation in openapi/contacts.json).
// The live API refuses anything else with 400 "Invalid field …"/"Invalid operator …"
// instead of answering an empty list.
const SEARCH_FIELDS = new Set([
	'id', 'address', 'assignedTo', 'businessId', 'businessName', 'city', 'companyName', 'country',
	'dateAdded', 'dateOfBirth', 'dateUpdated', 'dnd', 'email', 'firstNameLowerCase', 'followers',
	'fullNameLowerCase', 'lastNameLowerCase', 'phone', 'postalCode', 'source', 'state', 'tags',
	'timezone', 'type', 'validEmail', 'website',
]);
const SEARCH_OPERATORS = new Set(['eq', 'not_eq', 'contains', 'not_contains', 'exists', 'not_exists', 'range']);

function checkSearchFilter(store, locationId, f) {
	const bad = (message) => {
		throw new HttpError(400, { statusCode: 400, message, error: 'Bad Request' });
	};
	if (!f || typeof f !== 'object' || Array.isArray(f)) bad('Invalid filter: each filter must be an object');
	if (Array.isArray(f.group)) return f.group.forEach((g) => checkSearchFilter(store, locationId, g));
	if (typeof f.group === 'string') {
		if (!['AND', 'OR'].includes(f.group.toUpperCase()) || !Array.isArray(f.filters)) bad(`Invalid group ${f.group}`);
		return f.filters.forEach((g) => checkSearchFilter(store, locationId, g));
	}
	const field = String(f.field ?? '');
	if (field.startsWith('customFields.')) {
		const id = field.slice('customFields.'.length);
		if (!(store.customFields.get(locationId) || []).some((d) => d.id === id)) bad(`Invalid field ${field}`);
	} else if (!SEARCH_FIELDS.has(field)) {
		bad(`Invalid field ${field}`);
	}
	if (!SEARCH_OPERATORS.has(f.operator)) bad(`Invalid operator ${f.operator} for field ${field}`);
}

function matchFilter(c, f) {
	if (f && Array.isArray(f.group)) {
		const parts = f.group.map((g) => matchFilter(c, g));
		return f.type === 'OR' ? parts.some(Boolean) : parts.every(Boolean);
	}
	// The documented group shape: { group: 'AND' | 'OR', filters: [...] }.
	if (f && typeof f.group === 'string' && Array.isArray(f.filters)) {
		const parts = f.filters.map((g) => matchFilter(c, g));
		return f.group.toUpperCase() === 'OR' ? parts.some(Boolean) : parts.every(Boolean);
	}
	const value = fieldOf(c, f.field);
	const target = f.value;
	const norm = (v) => (v === null || v === undefined ? '' : String(v).toLowerCase());
	switch (f.operator) {
		case 'eq': return Array.isArray(value) ? value.map(norm).includes(norm(target)) : norm(value) === norm(target);
		case 'not_eq': return Array.isArray(value) ? !value.map(norm).includes(norm(target)) : norm(value) !== norm(target);
		case 'contains': return Array.isArray(value) ? value.some((v) => norm(v).includes(norm(target))) : norm(value).includes(norm(target));
		case 'not_contains': return Array.isArray(value) ? !value.some((v) => norm(v).includes(norm(target))) : !norm(value).includes(norm(target));
		case 'exists': return Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined && value !== '';
		case 'not_exists': return Array.isArray(value) ? value.length === 0 : value === null || value === undefined || value === '';
		case 'range': {
			const r = target && typeof target === 'object' ? target : {};
			const num = (v) => (typeof v === 'number' ? v : Number.isFinite(Number(v)) ? Number(v) : Date.parse(String(v)));
			const x = num(value);
			if (value === null || value === undefined || Number.isNaN(x)) return false;
			return (r.gt === undefined || x > num(r.gt)) && (r.gte === undefined || x >= num(r.gte)) && (r.lt === undefined || x < num(r.lt)) && (r.lte === undefined || x <= num(r.lte));
		}
		default: throw new HttpError(422, { statusCode: 422, message: [`Unsupported operator ${f.operator}`], error: 'Unprocessable Entity' });
	}
}

module.exports.getContact = getContact;
module.exports.SEARCH_FIELDS = SEARCH_FIELDS;
