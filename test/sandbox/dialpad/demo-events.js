'use strict';
// Demo plug-in of the Dialpad sandbox (interface: test/sandbox/demo/console.js). The Dialpad
// Trigger creates its own webhook and call subscription in the sandbox when its workflow is
// activated (example 3): each event is delivered to the subscribed webhooks as Dialpad sends
// it, a JWT signed (HS256) with that webhook's secret.
const { callEvent, deliverEvent } = require('./deliver');

const PRIYA = { external_number: '+14155550142', contact: { id: '5123', name: 'Priya Patel', phone: '+14155550142', type: 'local' } };

const EVENTS = {
	call_hangup: { description: 'Priya Patel hangs up after a call', state: 'hangup' },
	call_missed: { description: 'a missed call from Priya Patel', state: 'missed' },
	call_ringing: { description: 'a call starts ringing (example 3 stops at "Call Ended?")', state: 'ringing' },
};

module.exports = {
	source: 'dialpad',
	title: 'Dialpad call events (example 3)',
	events: () => Object.entries(EVENTS).map(([name, e]) => ({ name, description: e.description })),
	async fire(name, { sandbox }) {
		const hint = 'activate (publish) example 3: its Dialpad Trigger subscribes to call events in the Dialpad sandbox';
		if (!sandbox) return { payload: null, deliveries: [], hint: `no Dialpad sandbox is running: ${hint}` };
		const payload = callEvent(EVENTS[name].state, PRIYA);
		const sent = await deliverEvent(sandbox, payload);
		return { payload, deliveries: sent.map((d) => ({ to: 'a subscribed Dialpad webhook', url: d.url, status: d.status, answer: d.body })), hint };
	},
};
