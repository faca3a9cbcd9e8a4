'use strict';
// Demo plug-in for example 3 (a call-ended webhook → Contacts API): Dialpad-style call events
// POSTed to every n8n Webhook node whose path is "call-ended". No sandbox stands behind them
// yet; a Dialpad sandbox brings its own plug-in (test/sandbox/dialpad/demo-events.js, found
// by the demo console) with signed events for its trigger.
const started = () => Date.now() - 7 * 60_000 - 5_000;

function call(fields) {
	const at = started();
	return {
		call_id: Number(String(at).slice(-10)) * 1000 + Math.floor(Math.random() * 1000),
		state: 'hangup',
		direction: 'inbound',
		external_number: '+14155550142',
		internal_number: '+14155550100',
		date_started: at,
		date_connected: at + 5_000,
		date_ended: at + 5_000 + 7 * 60_000,
		contact: { id: '5123', name: 'Priya Patel', phone: '+14155550142', email: 'priya@example.com', type: 'local' },
		target: { id: '6234', name: 'Alice Agent', email: 'alice@example.com', phone: '+14155550100', type: 'user' },
		recording_url: null,
		...fields,
	};
}

const EVENTS = {
	call_hangup: {
		description: 'Priya Patel hangs up after a 7-minute call',
		payload: () => {
			const c = call({});
			return { ...c, recording_url: [`https://dialpad.example/r/${c.call_id}`] };
		},
	},
	call_missed: { description: 'a missed call from Priya Patel', payload: () => call({ date_connected: null, date_ended: started() + 30_000 }) },
	call_ringing: { description: 'a call starts ringing (the workflow stops at "Call Ended?")', payload: () => call({ state: 'ringing', date_connected: null, date_ended: null }) },
};

module.exports = {
	source: 'calls',
	title: 'Call events (Dialpad-style, example 3)',
	events: () => Object.entries(EVENTS).map(([name, e]) => ({ name, description: e.description })),
	async fire(name, { n8n }) {
		const payload = EVENTS[name].payload();
		const rawBody = Buffer.from(JSON.stringify(payload));
		const targets = await n8n.findTriggers((node) => node.type === 'n8n-nodes-base.webhook' && String(node.parameters.path || '').replace(/^\/+/, '') === 'call-ended');
		const deliveries = [];
		for (const target of targets) deliveries.push(...(await n8n.deliver(target, rawBody, { 'content-type': 'application/json' })));
		return { payload, deliveries, hint: 'activate (publish) example 3, or open it and click "Execute workflow"' };
	},
};
