'use strict';
// Demo plug-in of the Dialpad sandbox (interface: test/sandbox/demo/console.js). The Dialpad
// Trigger creates its own webhook and event subscriptions in the sandbox when its workflow
// is activated (example 3: call events; example 5: contact events): each event first changes
// the sandbox's data where Dialpad would have (a call is logged, a contact is added or
// edited through the sandbox's own API), then is delivered to the subscribed webhooks as
// Dialpad sends it, a JWT signed (HS256) with that webhook's secret.
const { callEvent, contactEvent, deliverEvent } = require('./deliver');
const { DIALPAD_DEMO } = require('./seed');

const PRIYA = { external_number: '+14155550142', contact: { id: '5123', name: 'Priya Patel', phone: '+14155550142', type: 'local' } };

// People who get a Dialpad company contact, in turn; the phone gets the contact's sequence
// number so every new contact is a new person in the CRM too.
const NEW_CONTACTS = [
	['Lin', 'Wu', 'Wu & Co'],
	['Omar', 'Haddad', 'Haddad Logistics'],
	['Mei', 'Tanaka', 'Tanaka Design'],
];
// Edits move a contact through these (3 × 4 = 12 different edits before one repeats): a
// contact event carries no timestamp, so the Dialpad Trigger takes a body it saw minutes
// ago for a replay (canonicalEvent in nodes/DialpadTrigger/delivery.ts).
const COMPANIES = ['Northwind Traders', 'Contoso Ltd', 'Fabrikam Inc'];
const TITLES = ['Buyer', 'Head of Purchasing', 'Operations Lead', 'Founder'];
// Per sandbox store: the ids of the company contacts this plug-in added (newest last), and its edits.
const created = new WeakMap();
const edits = new WeakMap();

/**
 * A call from Priya Patel in `state`. A missed call is what Dialpad sends for it: the
 * `missed` state, then the `hangup` of the same call leg without `date_connected` (a
 * subscription to hangup, like example 3's, sees every call that ended, answered or not).
 */
function callEvents(state) {
	const first = callEvent(state, PRIYA);
	if (state !== 'missed') return [first];
	return [first, { ...first, state: 'hangup', event_timestamp: first.event_timestamp + 1 }];
}

/** A request to the sandbox's own Dialpad API with the demo admin key → the JSON answer. */
async function dialpadApi(sandbox, method, path, body) {
	const res = await fetch(`${sandbox.url}/api/v2${path}`, {
		method,
		headers: { authorization: `Bearer ${DIALPAD_DEMO.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify(body),
	});
	const answer = await res.json();
	if (!res.ok) throw new Error(`the Dialpad sandbox refused ${method} ${path}: HTTP ${res.status} ${JSON.stringify(answer)}`);
	return answer;
}

/** Adds the next new company contact (as someone does in the Dialpad app) → the contact. */
async function addContact(sandbox) {
	const ids = created.get(sandbox.store) || [];
	created.set(sandbox.store, ids);
	const [first, last, company] = NEW_CONTACTS[ids.length % NEW_CONTACTS.length];
	const phone = `+1415555${String(3000 + ids.length).padStart(4, '0')}`;
	const contact = await dialpadApi(sandbox, 'POST', '/contacts', {
		first_name: first,
		last_name: last,
		phones: [phone],
		emails: [`${first}.${last}.${ids.length + 1}@example.com`.toLowerCase()],
		company_name: company,
	});
	ids.push(String(contact.id));
	return contact;
}

/** Moves the newest contact added here (one is added first if none is left) to the next company. */
async function editContact(sandbox) {
	const ids = created.get(sandbox.store) || [];
	const id = [...ids].reverse().find((i) => sandbox.store.contacts.some((c) => c.id === i));
	const contact = id ? sandbox.store.contacts.find((c) => c.id === id) : await addContact(sandbox);
	const n = edits.get(sandbox.store) || 0;
	edits.set(sandbox.store, n + 1);
	const change = { company_name: COMPANIES[n % COMPANIES.length], job_title: TITLES[n % TITLES.length] };
	return await dialpadApi(sandbox, 'PATCH', `/contacts/${encodeURIComponent(contact.id)}`, change);
}

const EVENTS = {
	call_hangup: { description: 'Priya Patel hangs up after a call (example 3)', events: () => callEvents('hangup') },
	call_missed: { description: 'a missed call from Priya Patel: "missed", then its "hangup" (example 3)', events: () => callEvents('missed') },
	call_ringing: { description: 'a call starts ringing (nobody subscribes to it: example 3 listens for hangups)', events: () => callEvents('ringing') },
	dialpad_contact_created: {
		description: 'a company contact is added in Dialpad (example 5)',
		events: async (sandbox) => [contactEvent('Created', await addContact(sandbox))],
		emitted: true,
	},
	dialpad_contact_updated: {
		description: 'the newest of those contacts moves to another company (example 5)',
		events: async (sandbox) => [contactEvent('Updated', await editContact(sandbox))],
		emitted: true,
	},
};

/**
 * The deliveries the sandbox's own webhook sender made for a contact write just done through
 * its API (every contact write sends its event, test/sandbox/emitter.js): awaited, not sent again.
 */
async function emittedFor(sandbox, event) {
	const entry = [...sandbox.webhooks.log].reverse().find((e) => String(e.recordId) === String(event.contact.id) && e.name === `contact ${event.event}`);
	const rows = entry ? await entry.done : [];
	return rows.map((d) => ({ ...d, kind: 'contact' }));
}

module.exports = {
	source: 'dialpad',
	title: 'Dialpad events (examples 3 and 5)',
	events: () => Object.entries(EVENTS).map(([name, e]) => ({ name, description: e.description })),
	async fire(name, { sandbox }) {
		const hint = 'activate (publish) example 3 (call events) or 5 (contact events): its Dialpad Trigger subscribes to them in the Dialpad sandbox';
		if (!sandbox) return { payload: null, deliveries: [], hint: `no Dialpad sandbox is running: ${hint}` };
		const events = await EVENTS[name].events(sandbox);
		const deliveries = [];
		for (const event of events) {
			const sent = EVENTS[name].emitted ? await emittedFor(sandbox, event) : (await deliverEvent(sandbox, event)).map((d) => ({ ...d, answer: d.body }));
			deliveries.push(...sent.map((d) => ({ to: `a subscribed Dialpad webhook (${d.kind} ${event.state || event.event})`, url: d.url, status: d.status, answer: d.answer })));
		}
		return { payload: events.length === 1 ? events[0] : events, deliveries, hint };
	},
};
