import { byId, DEMO, runCallbell, sent, useSandbox } from './helpers';

const sandbox = useSandbox({ contacts: 0 });

const base = {
	resource: 'message',
	operation: 'send',
	channelUuid: byId(DEMO.channels.whatsapp, 'list'),
	recipientType: 'to',
};

function storedMessages(): Array<Record<string, unknown>> {
	return [...sandbox().store.messages.values()];
}

describe('Callbell node: message', () => {
	it('sends a text inside the 24-hour window with every additional field', async () => {
		const before = storedMessages().length;
		const result = await runCallbell(sandbox(), {
			...base,
			to: '+39 333 123 4567',
			messageType: 'text',
			text: 'Your order has shipped 📦',
			additionalFields: {
				assignedUser: DEMO.users.bob.email,
				teamUuid: DEMO.teams.billing,
				botStatus: 'bot_end',
				fields: ['contact', 'conversation'],
				metadata: { entry: [{ key: 'order_id', value: 'A-1001' }, { key: 'source', value: 'n8n' }] },
			},
		});
		expect(result.error).toBeUndefined();
		const req = sent(sandbox(), 'POST', '/messages/send');
		expect(req).toHaveLength(1);
		expect(req[0].body).toEqual({
			from: 'whatsapp',
			channel_uuid: DEMO.channels.whatsapp,
			to: DEMO.phones.john,
			type: 'text',
			content: { text: 'Your order has shipped 📦' },
			assigned_user: DEMO.users.bob.email,
			team_uuid: DEMO.teams.billing,
			bot_status: 'bot_end',
			fields: 'contact,conversation',
			metadata: { order_id: 'A-1001', source: 'n8n' },
		});
		const out = result.items[0].json;
		expect(out).toMatchObject({ status: 'enqueued', contact: { uuid: DEMO.contacts.john }, conversation: { source: 'whatsapp' } });
		expect(storedMessages()).toHaveLength(before + 1);
		expect(sandbox().store.messages.get(out.uuid)).toMatchObject({ metadata: { order_id: 'A-1001', source: 'n8n' }, text: 'Your order has shipped 📦' });
		expect(sandbox().store.contacts.get(DEMO.contacts.john)).toMatchObject({ assignedUser: DEMO.users.bob.email, teamUuid: DEMO.teams.billing, botStatus: 'bot_end' });
	});

	it("takes Callbell's \"from\" from the channel: one read per channel and run, and the platform's rule for To", async () => {
		const result = await runCallbell(
			sandbox(),
			{ ...base, to: '={{ $json.to }}', messageType: 'text', text: 'Hi' },
			{ input: [{ to: DEMO.phones.john }, { to: '+39 333 123 4567' }], continueOnFail: true },
		);
		expect(result.items.map((i) => i.json.status)).toEqual(['enqueued', 'enqueued']);
		expect(sent(sandbox(), 'GET', `/channels/${DEMO.channels.whatsapp}`)).toHaveLength(1);
		expect(sent(sandbox(), 'POST', '/messages/send').map((r) => (r.body as Record<string, unknown>).from)).toEqual(['whatsapp', 'whatsapp']);
		sandbox().clearRequests();

		// A platform ID is no WhatsApp number: refused for that item before its message is sent.
		const wrong = await runCallbell(sandbox(), { ...base, to: 'ada.lovelace.ig', messageType: 'text', text: 'Hi' });
		expect(wrong.error?.message).toMatch(/Invalid To \(to\) in item 0: "ada.lovelace.ig" is not a valid phone number/);
		expect(sent(sandbox(), 'POST', '/messages/send')).toHaveLength(0);
	});

	it('sends to a BSUID instead of a phone number', async () => {
		const result = await runCallbell(sandbox(), { ...base, recipientType: 'bsuid', bsuid: DEMO.bsuids.john, messageType: 'text', text: 'Hi' });
		expect(result.error).toBeUndefined();
		const body = sent(sandbox(), 'POST', '/messages/send')[0].body as Record<string, unknown>;
		expect(body.bsuid).toBe(DEMO.bsuids.john);
		expect(body.to).toBeUndefined();
	});

	it.each([
		['image', 'https://cdn.example.com/p.jpeg', 'Look!', { url: 'https://cdn.example.com/p.jpeg', text: 'Look!' }],
		['document', 'https://cdn.example.com/invoice.pdf', 'Invoice', { url: 'https://cdn.example.com/invoice.pdf', text: 'Invoice' }],
		['video', 'https://cdn.example.com/clip.mp4', '', { url: 'https://cdn.example.com/clip.mp4' }],
		['audio', 'http://cdn.example.com/voice.ogg', 'ignored for audio', { url: 'http://cdn.example.com/voice.ogg' }],
	])('sends a %s with its URL (and caption)', async (messageType, mediaUrl, caption, content) => {
		const result = await runCallbell(sandbox(), { ...base, to: DEMO.phones.john, messageType, mediaUrl, caption });
		expect(result.error).toBeUndefined();
		expect(sent(sandbox(), 'POST', '/messages/send')[0].body).toMatchObject({ type: messageType, content });
		expect(result.items[0].json.status).toBe('enqueued');
	});

	it('passes on the API refusal of a video on a QR (non Business API) channel', async () => {
		const result = await runCallbell(sandbox(), {
			...base,
			channelUuid: byId(DEMO.channels.whatsappQr),
			to: '+14155550100',
			messageType: 'video',
			mediaUrl: 'https://cdn.example.com/clip.mp4',
		});
		expect(result.error?.message).toMatch(/Callbell rejected the input: .*video messages need a WhatsApp Business API channel/);
		expect(result.error?.httpCode).toBe('422');
	});

	it('explains the 24-hour window when a text goes to a contact who has not written for days', async () => {
		const result = await runCallbell(sandbox(), { ...base, to: DEMO.phones.mario, messageType: 'text', text: 'Hello again' });
		expect(result.error?.message).toMatch(/24 hour messaging window is closed.*only template messages/);
		expect(sent(sandbox(), 'POST', '/messages/send')).toHaveLength(1);
	});

	it('sends a multi-variable template outside the window', async () => {
		const result = await runCallbell(sandbox(), {
			...base,
			to: DEMO.phones.mario,
			messageType: 'template',
			templateUuid: byId(DEMO.templates.orderUpdate, 'list'),
			templateValues: { value: [{ value: 'Mario' }, { value: 'A-1001' }, { value: 'Monday' }] },
			optInContact: true,
		});
		expect(result.error).toBeUndefined();
		expect(sent(sandbox(), 'POST', '/messages/send')[0].body).toEqual({
			from: 'whatsapp',
			channel_uuid: DEMO.channels.whatsapp,
			to: DEMO.phones.mario,
			type: 'text',
			content: { text: 'Mario' },
			template_uuid: DEMO.templates.orderUpdate,
			optin_contact: true,
			template_values: ['Mario', 'A-1001', 'Monday'],
		});
		expect(sandbox().store.messages.get(result.items[0].json.uuid).text).toBe('Hi Mario, your order A-1001 ships on Monday.');
	});

	it('sends a one-variable template to a new number (Callbell creates the contact)', async () => {
		const result = await runCallbell(sandbox(), {
			...base,
			to: '+1 415 555 0199',
			messageType: 'template',
			templateUuid: byId(DEMO.templates.welcome),
			templateValues: { value: [{ value: 'Sam' }] },
			optInContact: true,
			additionalFields: { fields: ['contact'] },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.contact).toMatchObject({ phone: '+14155550199' });
		expect(sandbox().store.messages.get(result.items[0].json.uuid).text).toBe('Hello Sam, welcome to Demo Shop!');
	});

	it('sends an image template with its media URL', async () => {
		const result = await runCallbell(sandbox(), {
			...base,
			to: DEMO.phones.mario,
			messageType: 'template',
			templateUuid: byId(DEMO.templates.promoImage),
			templateValues: { value: [{ value: 'Mario' }] },
			templateMediaType: 'image',
			templateMediaUrl: 'https://cdn.example.com/collection.jpeg',
			optInContact: true,
		});
		expect(result.error).toBeUndefined();
		expect(sent(sandbox(), 'POST', '/messages/send')[0].body).toMatchObject({
			type: 'image',
			content: { text: 'Mario', url: 'https://cdn.example.com/collection.jpeg' },
			template_uuid: DEMO.templates.promoImage,
		});
	});

	it('sends a document template without placeholders', async () => {
		const result = await runCallbell(sandbox(), {
			...base,
			to: DEMO.phones.mario,
			messageType: 'template',
			templateUuid: byId(DEMO.templates.invoiceDocument),
			templateMediaType: 'document',
			templateMediaUrl: 'https://cdn.example.com/invoice.pdf',
			optInContact: true,
		});
		expect(result.error).toBeUndefined();
		const body = sent(sandbox(), 'POST', '/messages/send')[0].body as Record<string, unknown>;
		expect(body.content).toEqual({ url: 'https://cdn.example.com/invoice.pdf' });
		expect(body.template_values).toBeUndefined();
	});

	it('passes on the refusal of a template that is not approved', async () => {
		const result = await runCallbell(sandbox(), {
			...base,
			to: DEMO.phones.mario,
			messageType: 'template',
			templateUuid: byId(DEMO.templates.pending),
			templateValues: { value: [{ value: '20%' }] },
			optInContact: true,
		});
		expect(result.error?.message).toMatch(/template 'spring_sale' is pending, not approved/);
	});

	it('sends an Instagram message to the platform ID', async () => {
		const result = await runCallbell(sandbox(), {
			...base,
			channelUuid: byId(DEMO.channels.instagram),
			to: 'ada.lovelace.ig',
			messageType: 'text',
			text: 'Thanks for the follow!',
		});
		expect(result.error).toBeUndefined();
		expect(sent(sandbox(), 'POST', '/messages/send')[0].body).toMatchObject({ from: 'instagram', to: 'ada.lovelace.ig' });
	});

	it('gets the status of a sent message', async () => {
		const result = await runCallbell(sandbox(), { resource: 'message', operation: 'getStatus', messageUuid: ` ${DEMO.messages.johnSent} ` });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			uuid: DEMO.messages.johnSent,
			status: 'delivered',
			// The seed dates the delivery an hour ago (Callbell's second precision).
			messageStatusPayload: { timestamp: sandbox().store.messages.get(DEMO.messages.johnSent).messageStatusPayload.timestamp, status: 'delivered' },
		});
		expect((result.items[0].json.messageStatusPayload as { timestamp: string }).timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(sent(sandbox())[0].path).toBe(`/messages/status/${DEMO.messages.johnSent}`);
	});

	it('deletes a message (204, no body)', async () => {
		const sentMessage = await runCallbell(sandbox(), { ...base, to: DEMO.phones.john, messageType: 'text', text: 'oops' });
		const uuid = String(sentMessage.items[0].json.uuid);
		sandbox().clearRequests();
		const result = await runCallbell(sandbox(), { resource: 'message', operation: 'delete', messageUuid: uuid });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ uuid, deleted: true });
		expect(sent(sandbox(), 'DELETE', `/messages/${uuid}`)).toHaveLength(1);
		expect(sandbox().store.messages.has(uuid)).toBe(false);
	});
});
