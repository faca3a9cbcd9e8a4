'use strict';
// Demo plug-in of the Contacts sandbox (see test/sandbox/demo/console.js for the interface):
// every Contacts API webhook event, applied to the sandbox's data, signed with the sandbox's
// Ed25519 key and POSTed to every n8n Contacts API Trigger that listens for it (the
// production URL of an active workflow, and the test URL while the editor listens).
const { buildDelivery, eventTypes, DESCRIPTIONS } = require('./webhooks');
const { listensFor } = require('./listens');

module.exports = {
	source: 'contacts',
	title: 'Contacts API (HighLevel) webhooks (examples 2, 4 and 6)',
	// In the order of DESCRIPTIONS (contacts, tasks, notes, appointments), then any other.
	events: () =>
		eventTypes()
			.map((e) => ({ name: e.name, description: DESCRIPTIONS[e.name] || '' }))
			.sort((a, b) => rank(a.name) - rank(b.name)),
	knownPhones: (sandbox) => new Set([...sandbox.store.contacts.values()].map((c) => c.phone).filter(Boolean)),
	async fire(name, { sandbox, knownPhones, n8n }) {
		const delivery = buildDelivery(sandbox.store, name, { knownPhones });
		const targets = await n8n.findTriggers((node) => node.type.endsWith('.contactsApiTrigger') && listensFor(node, name));
		const deliveries = [];
		for (const target of targets) deliveries.push(...(await n8n.deliver(target, delivery.rawBody, delivery.headers)));
		return { payload: delivery.payload, deliveries, hint: 'activate (publish) a workflow with a Contacts API Trigger for this event, or open it and click "Execute workflow"' };
	},
};

function rank(name) {
	const i = Object.keys(DESCRIPTIONS).indexOf(name);
	return i < 0 ? 99 : i;
}
