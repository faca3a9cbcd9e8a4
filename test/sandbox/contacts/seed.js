'use strict';
// Tokens, locations and look-up data every sandbox starts with; demo contacts on request.
const { addToken, addLocation, insertContact, newId } = require('./store');
const { PEOPLE, phoneOf, seededAt } = require('../people');

const DEMO = {
	locationId: 'loc_demo_0001',
	otherLocationId: 'loc_other_0002',
	tokens: {
		write: 'pit-sandbox-write-0123456789abcdef',
		readonly: 'pit-sandbox-readonly-0123456789abcd',
		noLookups: 'pit-sandbox-nolookups-0123456789ab',
		otherLocation: 'pit-sandbox-otherloc-0123456789abc',
		/** Read-only, and its missing scope is answered 401 "not authorized for this scope". */
		readonly401: 'pit-sandbox-readonly401-0123456789',
		/** An agency (company) token: every location route answers 401 (authClass). */
		company: 'pit-sandbox-company-0123456789abcde',
		/** A token rotated out after its overlap: 401 "The token has expired". */
		expired: 'pit-sandbox-expired-0123456789abcde',
	},
	oauth: { clientId: 'sandbox-client', clientSecret: 'sandbox-secret' },
};

const ALL_SCOPES = [
	'contacts.readonly',
	'contacts.write',
	'locations.readonly',
	'locations/tags.readonly',
	'locations/customFields.readonly',
	'locations/customFields.write',
	'users.readonly',
	'calendars.readonly',
	'campaigns.readonly',
	'workflows.readonly',
	'businesses.readonly',
];

function seedDemo(store, options = {}) {
	addLocation(store, DEMO.locationId, { name: 'Demo Sub-Account' });
	addLocation(store, DEMO.otherLocationId, { name: 'Other Sub-Account' });
	addToken(store, DEMO.tokens.write, { scopes: ALL_SCOPES, locationIds: [DEMO.locationId], label: 'write' });
	addToken(store, DEMO.tokens.readonly, {
		scopes: ALL_SCOPES.filter((s) => s !== 'contacts.write' && s !== 'locations/customFields.write'),
		locationIds: [DEMO.locationId],
		label: 'readonly',
	});
	addToken(store, DEMO.tokens.noLookups, { scopes: ['contacts.readonly', 'contacts.write'], locationIds: [DEMO.locationId] });
	addToken(store, DEMO.tokens.otherLocation, { scopes: ALL_SCOPES, locationIds: [DEMO.otherLocationId] });
	addToken(store, DEMO.tokens.readonly401, { scopes: ALL_SCOPES.filter((s) => s !== 'contacts.write' && s !== 'contacts.readonly'), locationIds: [DEMO.locationId], scopeStatus: 401 });
	addToken(store, DEMO.tokens.company, { scopes: ALL_SCOPES, locationIds: [DEMO.locationId], authClass: 'Company' });
	addToken(store, DEMO.tokens.expired, { scopes: ALL_SCOPES, locationIds: [DEMO.locationId], expired: true });

	store.tags.set(DEMO.locationId, ['lead', 'vip', 'customer', 'newsletter', 'callbell'].map((name) => ({ id: newId(), name, locationId: DEMO.locationId })));
	store.customFields.set(DEMO.locationId, [
		{ id: 'cf_text_00000000000001', name: 'Favourite Colour', fieldKey: 'contact.favourite_colour', dataType: 'TEXT', model: 'contact' },
		{ id: 'cf_num_000000000000002', name: 'Lifetime Value', fieldKey: 'contact.lifetime_value', dataType: 'MONETORY', model: 'contact' },
		{ id: 'cf_multi_0000000000003', name: 'Interests', fieldKey: 'contact.interests', dataType: 'MULTIPLE_OPTIONS', picklistOptions: ['Sales', 'Support', 'Billing'], model: 'contact' },
		{ id: 'cf_date_00000000000004', name: 'Renewal Date', fieldKey: 'contact.renewal_date', dataType: 'DATE', model: 'contact' },
	]);
	store.users.set(DEMO.locationId, [
		{ id: 'usr_alice_000000000001', name: 'Alice Agent', firstName: 'Alice', lastName: 'Agent', email: 'alice@example.com' },
		{ id: 'usr_bob_00000000000002', name: 'Bob Builder', firstName: 'Bob', lastName: 'Builder', email: 'bob@example.com' },
	]);
	store.campaigns.add('camp_demo_000000000001');
	store.workflows.add('wf_demo_00000000000001');
	const loc = DEMO.locationId;
	store.lists.campaigns.set(loc, [
		{ id: 'camp_demo_000000000001', name: 'Welcome Sequence', status: 'published', locationId: loc },
		{ id: 'camp_demo_000000000002', name: 'Re-engagement', status: 'draft', locationId: loc },
	]);
	store.campaigns.add('camp_demo_000000000002');
	store.lists.workflows.set(loc, [
		{ id: 'wf_demo_00000000000001', name: 'New Lead Follow-up', status: 'published', version: 3, createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-02-01T09:30:00.000Z', locationId: loc },
		{ id: 'wf_demo_00000000000002', name: 'Appointment Reminder', status: 'draft', version: 1, createdAt: '2026-03-10T08:00:00.000Z', updatedAt: '2026-03-10T08:00:00.000Z', locationId: loc },
	]);
	store.workflows.add('wf_demo_00000000000002');
	store.lists.businesses.set(loc, [
		{ id: 'biz_demo_0000000000000001', name: 'Acme Corp', email: 'hello@acme.example', website: 'acme.example', locationId: loc },
		{ id: 'biz_demo_0000000000000002', name: 'Globex', locationId: loc },
	]);

	const count = options.contacts ?? (options.seed === 'demo' ? 25 : 0);
	const now = Date.now();
	for (let i = 0; i < count; i++) {
		const [firstName, lastName] = PEOPLE[i] || [`Demo${i}`, 'Contact'];
		insertContact(store, {
			locationId: DEMO.locationId,
			firstName,
			lastName,
			email: PEOPLE[i] ? `${firstName}.${lastName}@example.com`.toLowerCase() : `demo${i}@example.com`,
			phone: phoneOf(i),
			tags: i % 3 === 0 ? ['lead'] : ['customer'],
			dateAdded: new Date(seededAt(i, count, 30, now)).toISOString(),
		});
	}
}

module.exports = { seedDemo, DEMO, ALL_SCOPES };
