'use strict';
// Demo plug-in of the Callbell sandbox (interface: test/sandbox/demo/console.js). Callbell
// keeps one webhook per account, which the Callbell Trigger subscribes when its workflow is
// activated (or while the editor listens for a test event): each event changes the
// sandbox's data, then is delivered there, signed with the account's signing secret.
const { insertContact, insertMessage, publicContact } = require('./store');
const { CALLBELL_DEMO } = require('./seed');
const { deliverEvent } = require('./deliver');

const NEW_CHATS = [
	['Lena Vogel', '+4915112345678'],
	['Pedro Alves', '+351912345678'],
	['Sara Conti', '+393471234567'],
];

const EVENTS = {
	contact_created: {
		description: 'a new WhatsApp chat starts, a new contact (example 1)',
		apply(store) {
			const count = [...store.contacts.values()].length;
			const [name, phone] = NEW_CHATS[count % NEW_CHATS.length];
			const contact = insertContact(store, { name, identifier: `${phone.slice(0, -2)}${String(count % 100).padStart(2, '0')}`, source: 'whatsapp', tags: [], lastInboundAt: Date.now() });
			return publicContact(store, contact);
		},
	},
	message_created: {
		description: 'John Doe writes on WhatsApp',
		apply(store) {
			const contact = store.contacts.get(CALLBELL_DEMO.contacts.john) || [...store.contacts.values()][0];
			const message = insertMessage(store, { contactUuid: contact.uuid, text: 'Hi! Is my order on its way?', status: 'received', from: contact.phoneNumber.slice(1), to: '390212345678' });
			contact.lastInboundAt = Date.now();
			const { uuid, name, tags } = contact;
			return { to: message.to, from: message.from, text: message.text, attachments: [], status: message.status, channel: message.channel, contact: { uuid, name, tags }, createdAt: message.createdAt };
		},
	},
};

module.exports = {
	source: 'callbell',
	title: 'Callbell webhooks (example 1)',
	events: () => Object.entries(EVENTS).map(([name, e]) => ({ name, description: e.description })),
	knownPhones: (sandbox) => new Set([...sandbox.store.contacts.values()].map((c) => c.phoneNumber).filter(Boolean)),
	async fire(name, { sandbox }) {
		const event = EVENTS[name];
		const webhook = sandbox.store.webhook;
		const hint = 'activate (publish) the workflow with the Callbell Trigger, or open it and click "Execute workflow": the trigger subscribes the account\'s webhook';
		if (!webhook || !webhook.enabled || !webhook.subscriptions.includes(name)) {
			return { payload: null, deliveries: [], hint: `${webhook ? `the account's webhook is not subscribed to ${name}` : 'no Callbell Trigger has subscribed the account\'s webhook'}: ${hint}` };
		}
		const payload = event.apply(sandbox.store);
		const sent = await deliverEvent(sandbox, name, payload, { secret: CALLBELL_DEMO.signingSecret });
		return { payload, deliveries: [{ to: 'the account webhook', url: sent.url, status: sent.status, answer: sent.body }], hint };
	},
};
