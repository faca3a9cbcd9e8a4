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
	},
	oauth: { clientId: 'sandbox-client', clientSecret: 'sandbox-secret' },
};

const ALL_SCOPES = [
	'contacts.readonly',
	'contacts.write',
	'locations.readonly',
	'locations/tags.readonly',
	'locations/customFields.readonly',
	'users.readonly',
	'calendars.readonly',
];

function seedDemo(store, options = {}) {
	addLocation(store, DEMO.locationId, { name: 'Demo Sub-Account' });
	addLocation(store, DEMO.otherLocationId, { name: 'Other Sub-Account' });
	addToken(store, DEMO.tokens.write, { scopes: ALL_SCOPES, locationIds: [DEMO.locationId], label: 'write' });
	addToken(store, DEMO.tokens.readonly, {
		scopes: ALL_SCOPES.filter((s) => s !== 'contacts.write'),
		locationIds: [DEMO.locationId],
		label: 'readonly',
	});
	addToken(store, DEMO.tokens.noLookups, { scopes: ['contacts.readonly', 'contacts.write'], locationIds: [DEMO.locationId] });
	addToken(store, DEMO.tokens.otherLocation, { scopes: ALL_SCOPES, locationIds: [DEMO.otherLocationId] });

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
