'use strict';
// In-memory state of the fake Contacts API. Ids look like the real ones (20 characters).
const crypto = require('crypto');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function newId() {
	const bytes = crypto.randomBytes(20);
	let id = '';
	for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
	return id;
}

function createStore() {
	return {
		tokens: new Map(), // token -> { scopes: Set, locationIds: Set, label }
		locations: new Map(), // id -> { id, name, allowDuplicates, duplicateCheck: ['email','phone'] }
		contacts: new Map(), // id -> contact
		order: [], // contact ids in creation order (cursor pagination)
		tasks: new Map(), // id -> task
		notes: new Map(), // id -> note
		appointments: new Map(), // id -> event
		tags: new Map(), // locationId -> [{ id, name, locationId }]
		customFields: new Map(), // locationId -> [{ id, name, fieldKey, dataType, picklistOptions }]
		users: new Map(), // locationId -> [{ id, name, firstName, lastName, email }]
		campaigns: new Set(), // campaign ids that exist
		workflows: new Set(), // workflow ids that exist
		// Location-wide lists the pickers read: locationId -> [{ id, name, status?, ... }]
		lists: { campaigns: new Map(), workflows: new Map(), businesses: new Map() },
		campaignMembers: new Map(), // contactId -> Set(campaignId)
		workflowMembers: new Map(), // contactId -> Map(workflowId -> eventStartTime)
		oauth: new Map(), // refresh_token -> { locationId, scopes }
		clock: 0, // the last time handed out by tick() (ms)
	};
}

/**
 * authClass: 'Location' (a sub-account token, the default) or 'Company' (an agency token,
 * refused on location routes). scopeStatus: how a missing scope is answered; HighLevel answers
 * both 403 "Insufficient scopes" (its docs) and 401 "The token is not authorized for this
 * scope." (seen in the field). expired: a token that was valid once (rotated out, expired).
 */
function addToken(store, token, { scopes, locationIds, label = '', authClass = 'Location', scopeStatus = 403, expired = false }) {
	store.tokens.set(token, { scopes: new Set(scopes), locationIds: new Set(locationIds), label, authClass, scopeStatus, expired });
}

function addLocation(store, id, options = {}) {
	store.locations.set(id, {
		id,
		name: options.name || `Location ${id}`,
		allowDuplicates: options.allowDuplicates ?? false,
		duplicateCheck: options.duplicateCheck || ['email', 'phone'],
	});
	if (!store.tags.has(id)) store.tags.set(id, []);
	if (!store.customFields.has(id)) store.customFields.set(id, []);
	if (!store.users.has(id)) store.users.set(id, []);
}

/**
 * The time of a new record: now (or `at`, for seed data dated in the past), and always later
 * than the previous record's, so dateAdded orders and startAfter cursors stay stable.
 */
function tick(store, at) {
	store.clock = Math.max(store.clock + 1, at ?? Date.now());
	return store.clock;
}

/** contactName is the API's lower-cased "first last"; it follows every rename. */
function syncContactName(contact) {
	contact.contactName = [contact.firstName, contact.lastName].filter(Boolean).join(' ').toLowerCase() || null;
}

function insertContact(store, fields) {
	const now = tick(store, fields.dateAdded ? Date.parse(fields.dateAdded) : undefined);
	const contact = {
		id: fields.id || newId(),
		locationId: fields.locationId,
		firstName: fields.firstName ?? null,
		lastName: fields.lastName ?? null,
		contactName: null,
		email: fields.email ?? null,
		phone: fields.phone ?? null,
		companyName: fields.companyName ?? null,
		address1: fields.address1 ?? null,
		city: fields.city ?? null,
		state: fields.state ?? null,
		postalCode: fields.postalCode ?? null,
		country: fields.country ?? null,
		website: fields.website ?? null,
		timezone: fields.timezone ?? null,
		source: fields.source ?? null,
		gender: fields.gender ?? null,
		dateOfBirth: fields.dateOfBirth ?? null,
		dnd: fields.dnd ?? false,
		dndSettings: fields.dndSettings ?? {},
		type: 'lead',
		assignedTo: fields.assignedTo ?? null,
		tags: normalizeTags(fields.tags || []),
		customFields: (fields.customFields || []).map(toStoredField),
		followers: [],
		businessId: fields.businessId ?? null,
		dateAdded: new Date(now).toISOString(),
		dateUpdated: new Date(now).toISOString(),
		_addedAt: now,
	};
	if (fields.name && !fields.firstName && !fields.lastName) {
		const [first, ...rest] = String(fields.name).split(' ');
		contact.firstName = first;
		contact.lastName = rest.join(' ') || null;
	}
	syncContactName(contact);
	store.contacts.set(contact.id, contact);
	store.order.push(contact.id);
	return contact;
}

function normalizeTags(tags) {
	return [...new Set(tags.map((t) => String(t).trim().toLowerCase()).filter(Boolean))];
}

function toStoredField(f) {
	return { id: f.id, value: f.field_value ?? f.value };
}

function publicContact(c) {
	if (!c) return c;
	const { _addedAt, followers, ...rest } = c;
	return { ...rest, followers: [...followers] };
}

module.exports = { createStore, addToken, addLocation, insertContact, newId, tick, syncContactName, normalizeTags, toStoredField, publicContact };
