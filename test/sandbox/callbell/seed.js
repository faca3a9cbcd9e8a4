'use strict';
// API keys and account data every Callbell sandbox starts with, plus demo contacts and
// messages. Ids are fixed so tests and the demo can name them (CALLBELL_DEMO).
const { fixedUuid, fixedDashedUuid, insertContact, insertMessage } = require('./store');
const { PEOPLE, phoneOf, DAY } = require('../people');

const HOUR = 60 * 60 * 1000;
/** An ISO time `ms` before now, in Callbell's second precision. */
const ago = (ms) => new Date(Date.now() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Callbell's "2024-11-22 21:29:43 +0100" style, `ms` before now (in UTC). */
const agoSpaced = (ms) => ago(ms).replace('T', ' ').replace('Z', ' +0000');

const CALLBELL_DEMO = {
	apiKey: 'test_sbx_7Qm2Kp9Lw4Xc8Vn3Rt6Yh1Jd5',
	/**
	 * The account's webhook signing secret (dashboard → webhooks): the sandbox signs its demo
	 * deliveries with it (demo-events.js), and the demo's Callbell credential holds it.
	 */
	signingSecret: 'whsec_sandbox_Demo4Shop_9Yt2Rk7Pw3Lq8Nz5',
	/** A key the sandbox knows but refuses; its 401 echoes the key, like some APIs do. */
	revokedApiKey: 'test_sbx_REVOKED_4Fh8Gj2Kl6Zx9Cv',
	owner: { email: 'olivia@demo-shop.test', name: 'Olivia Owner' },
	users: {
		olivia: { uuid: fixedUuid('user:olivia'), email: 'olivia@demo-shop.test', name: 'Olivia Owner' },
		alice: { uuid: fixedUuid('user:alice'), email: 'alice@demo-shop.test', name: 'Alice Agent' },
		bob: { uuid: fixedUuid('user:bob'), email: 'bob@demo-shop.test', name: 'Bob Builder' },
		carla: { uuid: fixedUuid('user:carla'), email: 'carla@demo-shop.test', name: 'Carla Closer' },
	},
	teams: {
		support: fixedUuid('team:support'),
		sales: fixedUuid('team:sales'),
		billing: fixedUuid('team:billing'),
	},
	channels: {
		whatsapp: fixedUuid('channel:whatsapp-business'),
		whatsappQr: fixedUuid('channel:whatsapp-qr'),
		instagram: fixedUuid('channel:instagram'),
		telegram: fixedUuid('channel:telegram'),
	},
	templates: {
		welcome: fixedUuid('template:welcome'),
		orderUpdate: fixedUuid('template:order-update'),
		promoImage: fixedUuid('template:promo-image'),
		invoiceDocument: fixedUuid('template:invoice-document'),
		pending: fixedUuid('template:pending'),
		rejected: fixedUuid('template:rejected'),
	},
	funnels: {
		newLead: fixedDashedUuid('funnel:new-lead'),
		qualified: fixedDashedUuid('funnel:qualified'),
		won: fixedDashedUuid('funnel:won'),
	},
	customStatuses: {
		vacationing: fixedDashedUuid('status:vacationing'),
		inMeeting: fixedDashedUuid('status:in-meeting'),
	},
	contacts: {
		john: fixedUuid('contact:john'),
		mario: fixedUuid('contact:mario'),
		ada: fixedUuid('contact:ada'),
	},
	phones: { john: '+393331234567', mario: '+33112233445' },
	bsuids: { john: 'US.13491208655302741918' },
	messages: {
		johnSent: fixedUuid('message:john-sent'),
	},
	// The account is set up as example 4 asks: the Contacts demo's tags (customer, newsletter,
	// callbell, lead, vip) exist here too, so mirroring a demo contact's tags is accepted.
	tags: ['sales', 'lead', 'hot', 'vip', 'Call back', 'Interested', 'customer', 'newsletter', 'callbell'],
	customFields: [
		{ name: 'Stripe link', type: 'text' },
		{ name: 'Billing Address', type: 'text' },
		{ name: 'Work Email', type: 'email' },
		{ name: 'Lifetime Value', type: 'number' },
		{ name: 'Join Date', type: 'date' },
		{ name: 'Status', type: 'dropdown', options: ['Active', 'Paused', 'Churned'] },
		{ name: 'Preferences', type: 'checkbox', options: ['Newsletter', 'Promotions', 'Updates'] },
		// Where the pack's echo guard stamps its writes (a hidden text field; issue 18).
		{ name: 'n8n Sync Stamp', type: 'text' },
	],
};

function seedAccount(store) {
	const D = CALLBELL_DEMO;
	store.apiKeys.set(D.apiKey, { key: D.apiKey, userEmail: D.owner.email, userName: D.owner.name, revoked: false });
	store.apiKeys.set(D.revokedApiKey, { key: D.revokedApiKey, userEmail: D.owner.email, userName: D.owner.name, revoked: true });
	store.users = [
		{ ...D.users.olivia, available: true, customStatusId: null, lastUpdatedAt: ago(3 * HOUR) },
		{ ...D.users.alice, available: true, customStatusId: null, lastUpdatedAt: ago(3 * HOUR) },
		{ ...D.users.bob, available: true, customStatusId: D.customStatuses.inMeeting, lastUpdatedAt: '2025-02-04T20:21:31Z' },
		{ ...D.users.carla, available: false, customStatusId: D.customStatuses.vacationing, lastUpdatedAt: '2025-02-04T20:21:31Z' },
	];
	store.teams = [
		{ uuid: D.teams.support, name: 'Support', createdAt: '2020-11-13T21:08:53Z', default: true, memberEmails: [D.users.alice.email, D.users.bob.email, D.users.carla.email] },
		{ uuid: D.teams.sales, name: 'Sales', createdAt: '2021-02-24T20:33:06Z', default: false, memberEmails: [D.users.carla.email, D.users.alice.email] },
		{ uuid: D.teams.billing, name: 'Billing', createdAt: '2022-05-02T08:00:00Z', default: false, memberEmails: [D.users.bob.email] },
	];
	store.channels = [
		{ uuid: D.channels.whatsapp, title: '+39 02 1234 5678', type: 'whatsapp', main: true, discardedAt: false, businessApi: true },
		{ uuid: D.channels.whatsappQr, title: 'Shop phone (QR)', type: 'whatsapp', main: false, discardedAt: false, businessApi: false },
		{ uuid: D.channels.instagram, title: '@demo.shop', type: 'instagram', main: false, discardedAt: false, businessApi: false },
		{ uuid: D.channels.telegram, title: 'Demo Shop Bot', type: 'telegram', main: false, discardedAt: true, businessApi: false },
	];
	store.templates = [
		{ uuid: D.templates.welcome, title: 'welcome', text: 'Hello {{1}}, welcome to Demo Shop!', templateType: 'text', category: 'MARKETING', status: 'approved', createdAt: ago(399 * DAY) },
		{ uuid: D.templates.orderUpdate, title: 'order_update', text: 'Hi {{1}}, your order {{2}} ships on {{3}}.', templateType: 'text', category: 'UTILITY', status: 'approved', createdAt: ago(398 * DAY) },
		{ uuid: D.templates.promoImage, title: 'promo_image', text: 'Look at our new collection, {{1}}!', templateType: 'image', category: 'MARKETING', status: 'approved', createdAt: ago(397 * DAY) },
		{ uuid: D.templates.invoiceDocument, title: 'invoice_document', text: 'Your invoice is attached.', templateType: 'document', category: 'UTILITY', status: 'approved', createdAt: ago(396 * DAY) },
		{ uuid: D.templates.pending, title: 'spring_sale', text: 'Spring sale: {{1}} off!', templateType: 'text', category: 'MARKETING', status: 'pending', createdAt: ago(395 * DAY) },
		{ uuid: D.templates.rejected, title: 'too_pushy', text: 'BUY NOW {{1}}', templateType: 'text', category: 'MARKETING', status: 'rejected', createdAt: ago(394 * DAY) },
	];
	store.funnels = [
		{ uuid: D.funnels.newLead, name: 'New lead', emoji: '🆕', position: 1 },
		{ uuid: D.funnels.qualified, name: 'Qualified', emoji: '🎯', position: 2 },
		{ uuid: D.funnels.won, name: 'Won', emoji: '🏆', position: 3 },
	];
	store.customStatuses = [
		{ id: D.customStatuses.vacationing, name: 'Vacationing', emoji: '🌴', createdAt: agoSpaced(90 * DAY), updatedAt: agoSpaced(90 * DAY) },
		{ id: D.customStatuses.inMeeting, name: 'In meeting', emoji: '💬', createdAt: agoSpaced(87 * DAY), updatedAt: agoSpaced(87 * DAY) },
	];
	store.tags = [...D.tags];
	store.customFields = D.customFields.map((f) => ({ ...f, ...(f.options ? { options: [...f.options] } : {}) }));
}

function seedContacts(store, options) {
	const D = CALLBELL_DEMO;
	const now = Date.now();
	insertContact(store, {
		uuid: D.contacts.john,
		name: 'John Doe',
		identifier: '+39 333 123 4567',
		source: 'whatsapp',
		bsuid: D.bsuids.john,
		tags: ['sales', 'lead'],
		customFields: {
			'Stripe link': 'https://stripe.com/contacts/cus1234567',
			'Billing Address': '3 Abbey Rd, London',
			'Join Date': '2024-01-15',
			Status: 'Active',
			Preferences: ['Newsletter', 'Promotions'],
		},
		assignedUser: D.users.alice.email,
		teamUuid: D.teams.support,
		channelUuid: D.channels.whatsapp,
		lastInboundAt: now - HOUR,
	});
	insertContact(store, {
		uuid: D.contacts.mario,
		name: 'Mario Rossi',
		identifier: '+33 11 22 33 445',
		source: 'whatsapp',
		tags: ['sales', 'lead', 'hot'],
		customFields: { 'Stripe link': 'https://stripe.com/contacts/cus124124153' },
		teamUuid: D.teams.sales,
		channelUuid: D.channels.whatsapp,
		lastInboundAt: now - 72 * HOUR, // the 24-hour window is closed
	});
	insertContact(store, {
		uuid: D.contacts.ada,
		name: 'Ada Lovelace',
		identifier: 'ada.lovelace.ig',
		source: 'instagram',
		tags: ['vip'],
		channelUuid: D.channels.instagram,
		lastInboundAt: now - 2 * HOUR,
	});
	const john = D.contacts.john;
	insertMessage(store, { contactUuid: john, text: 'Hello there 👋', status: 'received', from: '393331234567', to: '390212345678' });
	insertMessage(store, { contactUuid: john, text: 'Conversation was assigned to Alice Agent', status: 'note', from: '393331234567', to: '393331234567' });
	insertMessage(store, {
		uuid: D.messages.johnSent,
		contactUuid: john,
		text: 'Hello there how can I help you?',
		status: 'delivered',
		from: '390212345678',
		to: '393331234567',
		messageStatusPayload: { timestamp: ago(HOUR - 5 * 60_000), status: 'delivered' },
	});
	for (let i = 0; i < (options.messages || 0); i++) {
		insertMessage(store, { contactUuid: john, text: `Message ${i + 1}`, status: i % 2 ? 'sent' : 'received', from: '393331234567', to: '390212345678' });
	}
	const extra = options.contacts ?? 9;
	for (let i = 0; i < extra; i++) {
		insertContact(store, {
			uuid: fixedUuid(`contact:filler:${i}`),
			name: PEOPLE[i] ? PEOPLE[i].join(' ') : `Demo Contact ${i + 1}`,
			identifier: phoneOf(i),
			source: 'whatsapp',
			tags: i % 2 ? ['sales'] : ['lead'],
			teamUuid: i % 2 ? D.teams.sales : D.teams.support,
			channelUuid: D.channels.whatsapp,
			lastInboundAt: now - HOUR,
		});
	}
}

function seedDeliveries(store, count) {
	if (count === 0) return;
	// The log belongs to a webhook (routes/webhook-events.js): one set in the dashboard.
	store.webhook = store.webhook || {
		url: 'https://hooks.demo-shop.test/callbell',
		subscriptions: ['message_created', 'contact_created', 'contact_updated', 'message_status_updated', 'conversation_closed'],
		createdAt: '2024-06-01 09:00:00 +0000',
		enabled: true,
		_id: fixedUuid('webhook'),
	};
	const events = ['message_created', 'contact_created', 'contact_updated', 'message_status_updated', 'conversation_closed'];
	for (let i = 0; i < count; i++) {
		const event = events[i % events.length];
		const ok = i % 3 !== 2;
		store.deliveries.push({
			_webhook: store.webhook._id,
			event,
			payload: { uuid: fixedUuid(`delivery:${i}`) },
			response: ok ? { status: 'ok' } : { error: 'Bad Gateway' },
			success: ok,
			statusCode: ok ? 200 : 502,
			createdAt: ago((count - i) * 60_000),
		});
	}
}

/**
 * seed: 'demo' (default: account data, three named contacts with messages, `contacts`
 * extra contacts, default 9) or 'empty' (account data only). `messages` adds messages to
 * John Doe; `webhookEvents` adds delivery-log entries (default 0).
 */
function seedDemo(store, options = {}) {
	store.seeding = true;
	seedAccount(store);
	if ((options.seed || 'demo') === 'demo') seedContacts(store, options);
	seedDeliveries(store, options.webhookEvents || 0);
	store.seeding = false;
}

module.exports = { seedDemo, CALLBELL_DEMO };
