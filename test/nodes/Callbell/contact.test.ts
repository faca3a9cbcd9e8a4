import { byId, DEMO, runCallbell, sent, useSandbox } from './helpers';

const { insertContact, insertMessage } = require('../../sandbox/callbell/store');

const sandbox = useSandbox({ contacts: 9 });

function addContact(fields: Record<string, unknown> = {}): string {
	const contact = insertContact(sandbox().store, {
		name: 'Temp Contact',
		identifier: `+4915${Math.floor(100000000 + Math.random() * 899999999)}`,
		source: 'whatsapp',
		channelUuid: DEMO.channels.whatsapp,
		lastInboundAt: Date.now(),
		...fields,
	});
	return contact.uuid;
}

describe('Callbell node: contact', () => {
	it('gets many contacts and walks to the first empty page', async () => {
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(12);
		expect(result.items[0].json).toMatchObject({ uuid: DEMO.contacts.john, name: 'John Doe', tags: ['sales', 'lead'] });
		expect(result.items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
		// No meta on this list: page 1 (12 rows with the page size of 50), then page 2 is empty.
		expect(sent(sandbox()).map((r) => r.query)).toEqual([{ page: '1' }, { page: '2' }]);
		expect(sandbox().requests[0].headers.authorization).toBe(`Bearer ${DEMO.apiKey}`);
		expect(sandbox().requests[0].headers.accept).toBe('application/json');
	});

	it('filters by source, tags and team and maps custom field types', async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { source: 'whatsapp', tags: 'Sales, LEAD', teamUuid: DEMO.teams.support },
			options: { includeFieldTypes: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.name)).toEqual(['John Doe']);
		expect(sent(sandbox())[0].query).toEqual({
			source: 'whatsapp',
			tags: 'Sales,LEAD',
			team_uuid: DEMO.teams.support,
			include_field_types: 'true',
			page: '1',
		});
		const john = result.items[0].json;
		expect(john.customFieldTypes).toEqual({
			'Stripe link': 'text',
			'Billing Address': 'text',
			'Join Date': 'date',
			Status: 'dropdown',
			Preferences: 'checkbox',
		});
		// Callbell sends checkbox values as JSON text in customFields; the node turns them into lists.
		expect((john.customFields as Record<string, unknown>).Preferences).toEqual(['Newsletter', 'Promotions']);
		expect((john.customFieldsMetadata as Record<string, unknown>).Status).toEqual({ value: 'Active', type: 'dropdown', options: ['Active', 'Paused', 'Churned'] });
	});

	it('gets one contact and turns the documented {contact: [...]} array into one object', async () => {
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'get', contactUuid: byId(DEMO.contacts.john) });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ uuid: DEMO.contacts.john, phoneNumber: DEMO.phones.john, assignedUser: DEMO.users.alice.email });
		// Without Include Field Types the checkbox value stays as Callbell sends it.
		expect((result.items[0].json.customFields as Record<string, unknown>).Preferences).toBe('["Newsletter","Promotions"]');
		expect(result.items[0].json.customFieldTypes).toBeUndefined();
		expect(sent(sandbox(), 'GET', `/contacts/${DEMO.contacts.john}`)).toHaveLength(1);
		expect(sent(sandbox())[0].query).toEqual({});
	});

	it('gets one contact with field types from the list picker mode', async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'get',
			contactUuid: byId(DEMO.contacts.john, 'list'),
			options: { includeFieldTypes: true },
		});
		expect(result.items[0].json.customFieldTypes).toMatchObject({ Preferences: 'checkbox' });
		expect(sent(sandbox())[0].query).toEqual({ include_field_types: 'true' });
	});

	it('gets a contact by phone number (digits in the path) on the main or a given channel', async () => {
		const main = await runCallbell(sandbox(), { resource: 'contact', operation: 'getByPhone', phoneNumber: '+39 333 123-4567' });
		expect(main.error).toBeUndefined();
		expect(main.items[0].json).toMatchObject({ uuid: DEMO.contacts.john });
		expect(sent(sandbox())[0].path).toBe('/contacts/phone/393331234567');

		const other = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'getByPhone',
			phoneNumber: DEMO.phones.john,
			options: { channelUuid: DEMO.channels.whatsappQr },
		});
		expect(sent(sandbox())[1].query).toEqual({ channel_uuid: DEMO.channels.whatsappQr });
		expect(other.error?.message).toMatch(/Not found: a contact with the phone number \+393331234567 on that channel/);
	});

	it('gets a contact by BSUID', async () => {
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'getByBsuid', bsuid: DEMO.bsuids.john });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.uuid).toBe(DEMO.contacts.john);
		expect(sent(sandbox())[0].path).toBe(`/contacts/bsuid/${encodeURIComponent(DEMO.bsuids.john)}`);
	});

	it('creates a contact with every documented field', async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'create',
			source: 'whatsapp',
			identifier: '+44 20 7946 0958',
			name: '  Grace Hopper ',
			additionalFields: {
				tags: 'hot, Call back, HOT',
				customFields: {
					field: [
						{ name: 'Work Email', type: 'email', value: 'grace@navy.test' },
						{ name: 'Lifetime Value', type: 'number', value: '1200.50' },
						{ name: 'Join Date', type: 'date', value: '2024-02-29' },
						{ name: 'Status', type: 'dropdown', value: 'Paused' },
						{ name: 'Preferences', type: 'checkbox', value: 'Updates, Newsletter' },
						{ name: 'Billing Address', type: 'text', value: '1 Navy Rd' },
					],
				},
				assignedUser: DEMO.users.bob.email,
				teamUuid: DEMO.teams.billing,
				channelUuid: DEMO.channels.whatsapp,
				botStatus: 'bot_end',
				note: 'Met at the conference',
			},
		});
		expect(result.error).toBeUndefined();
		const body = sent(sandbox(), 'POST', '/contacts')[0].body;
		expect(body).toEqual({
			identifier: '+442079460958',
			source: 'whatsapp',
			name: 'Grace Hopper',
			tags: ['hot', 'Call back'],
			custom_fields: {
				'Work Email': 'grace@navy.test',
				'Lifetime Value': '1200.50',
				'Join Date': '2024-02-29',
				Status: 'Paused',
				Preferences: ['Updates', 'Newsletter'],
				'Billing Address': '1 Navy Rd',
			},
			assigned_user: DEMO.users.bob.email,
			team_uuid: DEMO.teams.billing,
			channel_uuid: DEMO.channels.whatsapp,
			bot_status: 'bot_end',
			note: 'Met at the conference',
		});
		const out = result.items[0].json;
		expect(out).toMatchObject({ name: 'Grace Hopper', phoneNumber: '+442079460958', assignedUser: DEMO.users.bob.email, tags: ['hot', 'Call back'] });
		const stored = sandbox().store.contacts.get(out.uuid);
		expect(stored).toMatchObject({ teamUuid: DEMO.teams.billing, botStatus: 'bot_end', note: 'Met at the conference' });
	});

	it('creates an Instagram contact with a platform ID instead of a phone number', async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'create',
			source: 'instagram',
			identifier: 'grace.hopper.ig',
			name: 'Grace IG',
		});
		expect(result.error).toBeUndefined();
		expect(sent(sandbox())[0].body).toEqual({ identifier: 'grace.hopper.ig', source: 'instagram', name: 'Grace IG' });
		expect(result.items[0].json).toMatchObject({ source: 'instagram', channel: { uuid: DEMO.channels.instagram } });
	});

	it('updates a contact with PATCH, replacing tags and merging custom fields', async () => {
		const uuid = addContact({ tags: ['lead'], note: 'old note', assignedUser: DEMO.users.alice.email, customFields: { Status: 'Active' } });
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'update',
			contactUuid: byId(uuid),
			updateFields: {
				name: 'Renamed',
				tags: 'vip, Interested',
				customFields: { field: [{ name: 'Preferences', type: 'checkbox', value: '["Updates"]' }] },
				teamUuid: DEMO.teams.sales,
				botStatus: 'bot_start',
				note: 'new note',
				assignedUser: DEMO.users.carla.email,
			},
		});
		expect(result.error).toBeUndefined();
		const req = sent(sandbox(), 'PATCH', `/contacts/${uuid}`);
		expect(req).toHaveLength(1);
		expect(req[0].body).toEqual({
			name: 'Renamed',
			tags: ['vip', 'Interested'],
			custom_fields: { Preferences: ['Updates'] },
			assigned_user: DEMO.users.carla.email,
			team_uuid: DEMO.teams.sales,
			bot_status: 'bot_start',
			note: 'new note',
		});
		expect(result.items[0].json).toMatchObject({ uuid, name: 'Renamed', tags: ['vip', 'Interested'], assignedUser: DEMO.users.carla.email });
		expect(sandbox().store.contacts.get(uuid).customFields).toEqual({ Status: 'Active', Preferences: ['Updates'] });
	});

	it('clears the note and removes all tags with {{ null }}, and unassigns the user', async () => {
		const uuid = addContact({ tags: ['lead', 'hot'], note: 'to be cleared', assignedUser: DEMO.users.alice.email });
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'update',
			contactUuid: byId(uuid),
			updateFields: { note: '={{ null }}', unassignUser: true, tags: '={{ null }}' },
		});
		expect(result.error).toBeUndefined();
		expect(sent(sandbox())[0].body).toEqual({ note: '', unassign_user: true, tags: [] });
		const stored = sandbox().store.contacts.get(uuid);
		expect(stored).toMatchObject({ note: null, assignedUser: null, tags: [] });
	});

	it('deletes a contact', async () => {
		const uuid = addContact();
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'delete', contactUuid: byId(uuid) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ uuid, deleted: true, status: 'contact was destroyed' });
		expect(sent(sandbox(), 'DELETE', `/contacts/${uuid}`)).toHaveLength(1);
		expect(sandbox().store.contacts.has(uuid)).toBe(false);
	});

	it("gets a contact's messages, newest first, with the contact's UUID on each", async () => {
		const result = await runCallbell(sandbox(), {
			resource: 'contact',
			operation: 'getMessages',
			contactUuid: byId(DEMO.contacts.john),
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		const statuses = result.items.map((i) => i.json.status);
		expect(statuses).toEqual(['delivered', 'note', 'received']);
		expect(result.items[0].json).toMatchObject({ uuid: DEMO.messages.johnSent, text: 'Hello there how can I help you?', contactUuid: DEMO.contacts.john });
		expect(sent(sandbox()).map((r) => `${r.path}?page=${r.query.page}`)).toEqual([
			`/contacts/${DEMO.contacts.john}/messages?page=1`,
			`/contacts/${DEMO.contacts.john}/messages?page=2`,
		]);
	});

	it('gets and sets the bot status of a contact', async () => {
		const uuid = addContact();
		const set = await runCallbell(sandbox(), { resource: 'contact', operation: 'setBotStatus', contactUuid: byId(uuid), botStatus: 'bot_end' });
		expect(set.error).toBeUndefined();
		expect(sent(sandbox(), 'POST', `/contacts/${uuid}/bot`)[0].body).toEqual({ status: 'bot_end' });
		expect(set.items[0].json).toMatchObject({ contactUuid: uuid, status: 'ended', name: 'Demo Bot' });
		expect(sandbox().store.contacts.get(uuid).botStatus).toBe('bot_end');

		const got = await runCallbell(sandbox(), { resource: 'contact', operation: 'getBotStatus', contactUuid: byId(uuid) });
		expect(got.items[0].json).toMatchObject({ contactUuid: uuid, status: 'ended', version: 5 });
		expect(sent(sandbox(), 'GET', `/contacts/${uuid}/bot`)).toHaveLength(1);
	});

	it('closes and reopens a conversation', async () => {
		const uuid = addContact();
		const closed = await runCallbell(sandbox(), { resource: 'contact', operation: 'closeConversation', contactUuid: byId(uuid) });
		expect(closed.error).toBeUndefined();
		expect(closed.items[0].json.closedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
		const opened = await runCallbell(sandbox(), { resource: 'contact', operation: 'openConversation', contactUuid: byId(uuid) });
		expect(opened.items[0].json).toMatchObject({ uuid, closedAt: null });
		expect(sent(sandbox()).map((r) => `${r.method} ${r.path}`)).toEqual([
			`POST /contacts/${uuid}/conversation/close`,
			`POST /contacts/${uuid}/conversation/open`,
		]);
		expect(sent(sandbox()).every((r) => r.rawBody === '')).toBe(true);
	});

	it('adds a note to the conversation', async () => {
		const uuid = addContact();
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'addNote', contactUuid: byId(uuid), text: '@Alice please call back' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ contactUuid: uuid, success: true, text: '@Alice please call back' });
		expect(sent(sandbox())[0].body).toEqual({ text: '@Alice please call back' });
		const notes = [...sandbox().store.messages.values()].filter((m: { contactUuid: string; status: string }) => m.contactUuid === uuid && m.status === 'note');
		expect(notes.map((n: { text: string }) => n.text)).toEqual(['@Alice please call back']);
	});

	it('moves the conversation to a funnel stage with PUT …/conversation/update_funnel', async () => {
		const uuid = addContact();
		const result = await runCallbell(sandbox(), { resource: 'contact', operation: 'updateFunnel', contactUuid: byId(uuid), funnelId: byId(DEMO.funnels.qualified, 'list') });
		expect(result.error).toBeUndefined();
		const req = sent(sandbox())[0];
		expect(`${req.method} ${req.path}`).toBe(`PUT /contacts/${uuid}/conversation/update_funnel`);
		expect(req.body).toEqual({ funnel_id: DEMO.funnels.qualified });
		expect(result.items[0].json).toMatchObject({ uuid, funnelId: DEMO.funnels.qualified });
	});

	it('handles several items in one run, each paired with its input', async () => {
		const a = addContact({ name: 'First' });
		const b = addContact({ name: 'Second' });
		insertMessage(sandbox().store, { contactUuid: a, text: 'hi', status: 'received', from: '1', to: '2' });
		const result = await runCallbell(
			sandbox(),
			{ resource: 'contact', operation: 'get', contactUuid: byId('={{ $json.uuid }}') },
			{ input: [{ uuid: a }, { uuid: b }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.name, i.pairedItem])).toEqual([
			['First', { item: 0 }],
			['Second', { item: 1 }],
		]);
	});
});
