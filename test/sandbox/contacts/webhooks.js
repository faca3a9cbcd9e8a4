'use strict';
// The Contacts sandbox as a webhook sender, for the demo (`npm run demo -- event <Type>`, the
// demo page) and its end-to-end test. Each event first changes the sandbox's data the way
// the real account would have changed (a contact created, a task completed, a tag added…),
// then its payload is built from that record in the shape of the published example
// (test/fixtures/reference/webhook-events/<Type>.json), stamped with `timestamp` and
// `webhookId` like a real delivery, and signed with the sandbox's own Ed25519 key in
// x-ghl-signature (base64 Ed25519 over the exact bytes, as HighLevel signs).
//
// SANDBOX_WEBHOOK_KEYS is a test key pair whose private half is public (it is in this file):
// trust its public key only in demo workflows, never in production ones.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { insertContact, newId, publicContact, normalizeTags } = require('./store');
const { DEMO } = require('./seed');

const SANDBOX_WEBHOOK_KEYS = {
	ed25519: {
		privatePem: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOcEZRE0IAAU4cJoN+KRQ/v4PN9YXnbCEDveeJlwszuS\n-----END PRIVATE KEY-----\n',
		publicPem: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAXFVAo6H0HSNcFk1JQKvNcNltGujjDv4dFPbpFHf6c1g=\n-----END PUBLIC KEY-----\n',
	},
};

const EVENTS_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'reference', 'webhook-events');
const DAY = 24 * 60 * 60 * 1000;

/** Every event type of the published examples: [{ name, example }]. */
function eventTypes() {
	return fs
		.readdirSync(EVENTS_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const file = JSON.parse(fs.readFileSync(path.join(EVENTS_DIR, f), 'utf8'));
			return { name: path.basename(f, '.json'), example: file.examples[0] };
		});
}

const DESCRIPTIONS = {
	ContactCreate: 'a new lead is created',
	ContactUpdate: 'a contact moves to another city (example 6)',
	ContactDelete: 'a contact is deleted (example 4)',
	ContactTagUpdate: 'a contact gets (or loses) the tag "vip" (example 4)',
	ContactDndUpdate: 'a contact switches Do Not Disturb',
	TaskCreate: 'a follow-up task is added',
	TaskComplete: 'an open task is completed (example 2)',
	TaskDelete: 'a task is deleted',
	NoteCreate: 'a note is added',
	NoteUpdate: 'the latest note is edited',
	NoteDelete: 'the latest note is deleted',
	AppointmentCreate: 'an appointment is booked for tomorrow',
	AppointmentUpdate: 'an appointment is confirmed',
	AppointmentDelete: 'an appointment is cancelled',
};

const NEW_LEADS = [
	['Ines', 'Ferreira'],
	['Tomasz', 'Nowak'],
	['Grace', 'Mensah'],
	['Arjun', 'Mehta'],
	['Clara', 'Lindqvist'],
];
const CITIES = ['Berlin', 'Lisbon', 'Toronto', 'Austin', 'Dublin'];

/** Keeps the published example's keys, filled from `record` (absent keys keep the example's type: [] / null). */
function shaped(example, record) {
	const out = {};
	for (const key of Object.keys(example)) {
		if (record[key] !== undefined) out[key] = record[key];
		else out[key] = Array.isArray(example[key]) ? [] : null;
	}
	return out;
}

function contactsOf(store) {
	return store.order.map((id) => store.contacts.get(id)).filter((c) => c && c.locationId === DEMO.locationId);
}

/**
 * The contact an event is about: the first one whose phone another sandbox knows too (so the
 * examples that look the contact up elsewhere find it), else the first contact.
 */
function subject(store, knownPhones, { last = false } = {}) {
	const all = contactsOf(store);
	const shared = all.filter((c) => c.phone && knownPhones.has(c.phone));
	const pool = shared.length ? shared : all;
	if (!pool.length) throw new Error('the Contacts sandbox has no contact left: restart `npm start` for fresh demo data');
	return last ? pool[pool.length - 1] : pool[0];
}

function contactPayload(example, contact) {
	return shaped(example, { ...publicContact(contact), name: [contact.firstName, contact.lastName].filter(Boolean).join(' ') });
}

function firstWhere(map, test) {
	return [...map.values()].find(test);
}

function newTask(store, contact, fields = {}) {
	const task = {
		id: newId(),
		title: 'Call back about the renewal quote',
		body: 'They asked for the annual plan price.',
		dueDate: new Date(Date.now() + DAY).toISOString(),
		completed: false,
		assignedTo: 'usr_alice_000000000001',
		contactId: contact.id,
		dateAdded: new Date().toISOString(),
		...fields,
	};
	store.tasks.set(task.id, task);
	return task;
}

function newNote(store, contact) {
	const note = { id: newId(), body: 'Prefers WhatsApp to email; best reached after 4 pm.', userId: 'usr_alice_000000000001', contactId: contact.id, dateAdded: new Date().toISOString() };
	store.notes.set(note.id, note);
	return note;
}

function newAppointment(store, contact) {
	const start = new Date(Date.now() + DAY);
	start.setUTCHours(15, 0, 0, 0);
	const appointment = {
		id: newId(),
		title: `Product demo with ${contact.firstName || 'a customer'}`,
		address: 'https://meet.example.com/demo',
		calendarId: 'cal_demo_0000000000001',
		contactId: contact.id,
		groupId: 'grp_demo_0000000000001',
		appointmentStatus: 'new',
		assignedUserId: 'usr_alice_000000000001',
		users: ['usr_alice_000000000001'],
		notes: 'Booked from the website.',
		source: 'booking_widget',
		startTime: start.toISOString(),
		endTime: new Date(start.getTime() + 30 * 60_000).toISOString(),
		dateAdded: new Date().toISOString(),
		dateUpdated: new Date().toISOString(),
		locationId: DEMO.locationId,
	};
	store.appointments.set(appointment.id, appointment);
	return appointment;
}

/** Applies event `type` to the store and returns its payload (unstamped). */
function applyEvent(store, type, example, knownPhones) {
	const base = { type, locationId: DEMO.locationId };
	const [kind] = type.match(/^(Contact|Task|Note|Appointment)/) || [];
	if (kind === 'Contact') {
		let contact;
		if (type === 'ContactCreate') {
			const [firstName, lastName] = NEW_LEADS[contactsOf(store).length % NEW_LEADS.length];
			const phone = `+1415555${String(2000 + contactsOf(store).length).padStart(4, '0')}`;
			contact = insertContact(store, { locationId: DEMO.locationId, firstName, lastName, email: `${firstName}.${lastName}@example.com`.toLowerCase(), phone, source: 'website form', tags: ['lead'] });
		} else {
			contact = subject(store, knownPhones, { last: type === 'ContactDelete' });
			if (type === 'ContactUpdate') contact.city = CITIES[(CITIES.indexOf(contact.city) + 1) % CITIES.length];
			if (type === 'ContactTagUpdate') contact.tags = contact.tags.includes('vip') ? contact.tags.filter((t) => t !== 'vip') : normalizeTags([...contact.tags, 'vip']);
			if (type === 'ContactDndUpdate') contact.dnd = !contact.dnd;
			if (type === 'ContactDelete') {
				store.contacts.delete(contact.id);
				store.order = store.order.filter((id) => id !== contact.id);
			}
			contact.dateUpdated = new Date().toISOString();
		}
		return { ...contactPayload(example, contact), ...base };
	}
	if (kind === 'Task') {
		const open = (t) => !t.completed && store.contacts.has(t.contactId) && knownPhones.has(store.contacts.get(t.contactId).phone);
		let task;
		if (type === 'TaskCreate') task = newTask(store, subject(store, knownPhones));
		else task = firstWhere(store.tasks, open) || newTask(store, subject(store, knownPhones));
		if (type === 'TaskComplete') task.completed = true;
		if (type === 'TaskDelete') store.tasks.delete(task.id);
		return { ...shaped(example, task), ...base };
	}
	if (kind === 'Note') {
		const contact = subject(store, knownPhones);
		const notes = [...store.notes.values()].filter((n) => n.contactId === contact.id);
		let note = notes[notes.length - 1];
		if (type === 'NoteCreate' || !note) note = newNote(store, contact);
		if (type === 'NoteUpdate') note.body = `${note.body} Update: signed the annual plan.`;
		if (type === 'NoteDelete') store.notes.delete(note.id);
		return { ...shaped(example, note), ...base };
	}
	if (kind === 'Appointment') {
		const contact = subject(store, knownPhones);
		let appointment = firstWhere(store.appointments, (a) => a.contactId === contact.id && a.calendarId === 'cal_demo_0000000000001');
		if (type === 'AppointmentCreate' || !appointment) appointment = newAppointment(store, contact);
		if (type === 'AppointmentUpdate') appointment.appointmentStatus = 'confirmed';
		if (type === 'AppointmentDelete') {
			appointment.appointmentStatus = 'cancelled';
			store.appointments.delete(appointment.id);
		}
		appointment.dateUpdated = new Date().toISOString();
		// The published Appointment* examples all say type AppointmentCreate; a delivery names its event.
		return { ...base, appointment: shaped(example.appointment, appointment) };
	}
	throw new Error(`unknown Contacts API event ${type}`);
}

function exampleOf(type) {
	const known = eventTypes().find((e) => e.name === type);
	if (!known) throw new Error(`unknown Contacts API event "${type}" (known: ${eventTypes().map((e) => e.name).join(', ')})`);
	return known.example;
}

/** A payload stamped like a real delivery (event time now, a fresh webhookId), signed → the delivery. */
function signDelivery(type, payload) {
	const stamped = { ...payload, timestamp: new Date().toISOString(), webhookId: crypto.randomUUID() };
	const rawBody = Buffer.from(JSON.stringify(stamped));
	const signature = crypto.sign(null, rawBody, crypto.createPrivateKey(SANDBOX_WEBHOOK_KEYS.ed25519.privatePem)).toString('base64');
	return { type, payload: stamped, rawBody, headers: { 'content-type': 'application/json', 'x-ghl-signature': signature } };
}

/**
 * The signed delivery of event `type` about `record` as it is now (a contact, task or note of
 * the store): the published example's keys, filled from the record. What the API routes and
 * human edits emit after a write (server.js); the record's contact gives the locationId.
 */
function recordDelivery(store, type, record) {
	const example = exampleOf(type);
	const contact = type.startsWith('Contact') ? record : store.contacts.get(record.contactId);
	const base = { type, locationId: (contact && contact.locationId) || record.locationId || DEMO.locationId };
	const body = type.startsWith('Contact') ? contactPayload(example, record) : shaped(example, record);
	return signDelivery(type, { ...body, ...base });
}

/**
 * buildDelivery(store, type, { knownPhones }) → { type, payload, rawBody, headers }: the
 * store change of the event, then the signed delivery (timestamp now, a fresh webhookId).
 */
function buildDelivery(store, type, { knownPhones = new Set() } = {}) {
	return signDelivery(type, applyEvent(store, type, exampleOf(type), knownPhones));
}

module.exports = { SANDBOX_WEBHOOK_KEYS, eventTypes, buildDelivery, recordDelivery, signDelivery, DESCRIPTIONS };
