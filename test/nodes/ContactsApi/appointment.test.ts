import type { IDataObject } from 'n8n-workflow';

import { CONTACTS_DEMO, USERS, addContact, byId, calls, jsonOf, run, useSandbox, type RelatedSandbox } from './related.helpers';

const sandboxOf = useSandbox();
let sandbox: RelatedSandbox;
beforeEach(() => {
	sandbox = sandboxOf();
});

function addEvent(contactId: string, fields: IDataObject = {}): string {
	const id = `evt_${Math.random().toString(36).slice(2, 12)}`;
	sandbox.store.appointments.set(id, {
		id,
		calendarId: 'cal_demo_00000000000001',
		status: 'booked',
		title: 'Discovery call',
		assignedUserId: USERS.alice,
		startTime: '2026-05-01 11:00:00',
		endTime: '2026-05-01 11:30:00',
		locationId: CONTACTS_DEMO.locationId,
		contactId,
		appointmentStatus: 'booked',
		users: [USERS.alice],
		...fields,
	});
	return id;
}

describe('Contacts API node: appointment', () => {
	it('outputs one item per event of the contact, with a read-only token', async () => {
		const contactId = addContact(sandbox);
		const ids = [addEvent(contactId, { title: 'First' }), addEvent(contactId, { title: 'Second' })];
		addEvent(addContact(sandbox), { title: 'Someone else' });
		const result = await run(
			sandbox,
			{ resource: 'appointment', operation: 'getAll', contactId: byId(contactId), returnAll: true },
			{ token: CONTACTS_DEMO.tokens.readonly },
		);
		expect(result.error).toBeUndefined();
		expect(calls(sandbox)).toEqual([`GET /contacts/${contactId}/appointments`]);
		expect(jsonOf(result)).toEqual(ids.map((id) => sandbox.store.appointments.get(id)));
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('applies the limit to the events', async () => {
		const contactId = addContact(sandbox);
		const first = addEvent(contactId);
		addEvent(contactId);
		addEvent(contactId);
		const result = await run(sandbox, { resource: 'appointment', operation: 'getAll', contactId: byId(contactId), returnAll: false, limit: 1 });
		expect(jsonOf(result).map((e) => e.id)).toEqual([first]);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('outputs nothing for a contact without appointments', async () => {
		const contactId = addContact(sandbox);
		const result = await run(sandbox, { resource: 'appointment', operation: 'getAll', contactId: byId(contactId), returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(0);
	});

	it('pairs the events of several contacts with their input items, and keeps going past a missing contact', async () => {
		const a = addContact(sandbox);
		const b = addContact(sandbox);
		const eventA = addEvent(a);
		const eventB = addEvent(b);
		const result = await run(
			sandbox,
			{ resource: 'appointment', operation: 'getAll', contactId: byId('={{ $json.contact }}'), returnAll: true },
			{ input: [{ contact: a }, { contact: 'ct_missing' }, { contact: b }], continueOnFail: true },
		);
		expect(result.items.map((i) => [i.pairedItem, i.json.id ?? i.json.error])).toEqual([
			[{ item: 0 }, eventA],
			[{ item: 1 }, 'Not found: Contact not found (contact ID "ct_missing")'],
			[{ item: 2 }, eventB],
		]);
	});

	it('rejects an invalid contact ID before any request', async () => {
		const result = await run(
			sandbox,
			{ resource: 'appointment', operation: 'getAll', contactId: byId('={{ $json.contact }}'), returnAll: true },
			{ input: [{ contact: 'a/b' }] },
		);
		expect(result.error?.message).toMatch(/^Invalid Contact \(contactId\) in item 0: "a\/b" is not a valid ID/);
		expect(sandbox.requests).toHaveLength(0);
	});
});
