'use strict';
// Messages API (docs/api/reference/messages_api/*): send, status, delete. Send enforces
// what the docs state: channel_uuid required (current page), `to` or `bsuid`, the 24-hour
// window (outside it only templates), template_uuid + optin_contact together, approved
// templates, audio/video/templates on WhatsApp Business API channels only, the metadata
// limits, and 402 when the WhatsApp wallet is empty.
const { isValidPhone } = require('../../phone');
const { insertContact, insertMessage, digitsOf, findUserByEmail } = require('../store');
const {
	SOURCES,
	Problems,
	fail,
	notFound,
	checkAssignedUser,
	checkTeam,
	checkChannel,
	checkBotStatus,
	checkUnknown,
} = require('../validate');

const TYPES = ['text', 'image', 'document', 'audio', 'video'];
const MEDIA = ['image', 'document', 'audio', 'video'];
const FIELDS = ['contact', 'conversation'];
const SEND_FIELDS = ['to', 'bsuid', 'from', 'type', 'content', 'channel_uuid', 'template_uuid', 'optin_contact', 'template_values', 'assigned_user', 'team_uuid', 'fields', 'bot_status', 'metadata'];
const WINDOW_MS = 24 * 60 * 60 * 1000;
const WINDOWED = ['whatsapp', 'facebook', 'instagram'];

function isHttpUrl(value) {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function placeholders(text) {
	return new Set((String(text).match(/\{\{\s*\d+\s*\}\}/g) || []).map((m) => m.replace(/\D/g, ''))).size;
}

function checkMetadata(p, metadata) {
	if (metadata === undefined) return;
	if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return p.add('metadata', 'must be an object');
	const entries = Object.entries(metadata);
	if (entries.length > 10) p.add('metadata', 'can contain up to 10 key-value pairs');
	for (const [key, value] of entries) {
		if (key.length > 50) p.add('metadata', `key '${key.slice(0, 20)}…' is longer than 50 characters`);
		if (typeof value !== 'string') p.add('metadata', `value of '${key}' must be a string`);
		else if (value.length > 500) p.add('metadata', `value of '${key}' is longer than 500 characters`);
	}
}

function checkContent(p, body, isTemplate) {
	const content = body.content;
	if (!content || typeof content !== 'object' || Array.isArray(content)) return p.add('content', 'must be an object');
	checkUnknown(p, content, ['text', 'url']);
	if (content.text !== undefined && typeof content.text !== 'string') p.add('content.text', 'must be a string');
	if (body.type === 'text' && !isTemplate && (typeof content.text !== 'string' || content.text.trim() === '')) p.add('content.text', "can't be blank");
	if (MEDIA.includes(body.type)) {
		if (typeof content.url !== 'string' || !isHttpUrl(content.url)) p.add('content.url', 'must be a valid http(s) URL');
	} else if (content.url !== undefined) {
		p.add('content.url', `is not allowed for ${body.type} messages`);
	}
}

function checkTemplate(p, store, body, channel) {
	const template = store.templates.find((t) => t.uuid === body.template_uuid);
	if (body.optin_contact !== true) p.add('optin_contact', 'must be true to send a template message');
	if (!template) return p.add('template_uuid', `template '${body.template_uuid}' does not exist`);
	if (template.status !== 'approved') p.add('template_uuid', `template '${template.title}' is ${template.status}, not approved`);
	if (channel && !channel.businessApi) p.add('template_uuid', 'templates need a WhatsApp Business API channel');
	if (template.templateType !== body.type) p.add('type', `template '${template.title}' is a ${template.templateType} template`);
	const count = placeholders(template.text);
	const values = body.template_values;
	if (values !== undefined && (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))) {
		return p.add('template_values', 'must be an array of strings');
	}
	if (count > 1 && (!values || values.length !== count)) p.add('template_values', `template '${template.title}' needs ${count} values`);
	if (count === 1 && !(values && values[0]) && !(body.content && body.content.text)) p.add('content.text', `template '${template.title}' needs a value for {{1}}`);
	return template;
}

function render(template, body) {
	const values = body.template_values && body.template_values.length ? body.template_values : [body.content && body.content.text];
	return template.text.replace(/\{\{\s*(\d+)\s*\}\}/g, (_, n) => values[Number(n) - 1] ?? '');
}

function findRecipient(store, body, channel) {
	const all = [...store.contacts.values()].filter((c) => c.channelUuid === channel.uuid);
	// `to` wins when both are given (post_send_messages.md).
	if (body.to !== undefined) {
		return channel.type === 'whatsapp'
			? all.find((c) => c.phoneNumber && digitsOf(c.phoneNumber) === digitsOf(body.to))
			: all.find((c) => c.identifier === body.to);
	}
	return all.find((c) => c.bsuid && c.bsuid === body.bsuid);
}

function validateSend(ctx) {
	const { store, body } = ctx;
	const p = new Problems();
	checkUnknown(p, body, SEND_FIELDS);
	if (!SOURCES.includes(body.from)) p.add('from', `must be one of ${SOURCES.join(', ')}`);
	if (!TYPES.includes(body.type)) p.add('type', `must be one of ${TYPES.join(', ')}`);
	const channel = checkChannel(p, store, body.channel_uuid, { required: true });
	if (channel && SOURCES.includes(body.from) && channel.type !== body.from) p.add('from', `channel '${channel.title}' is a ${channel.type} channel`);
	if (body.to === undefined && body.bsuid === undefined) p.add('to', 'either to or bsuid must be present');
	if (body.to !== undefined) {
		if (typeof body.to !== 'string' || body.to.trim() === '') p.add('to', 'must be a non-empty string');
		else if (body.from === 'whatsapp' && !isValidPhone(body.to)) p.add('to', 'is not a valid phone number');
	}
	if (body.bsuid !== undefined && (typeof body.bsuid !== 'string' || body.bsuid.trim() === '')) p.add('bsuid', 'must be a non-empty string');
	const isTemplate = body.template_uuid !== undefined;
	checkContent(p, body, isTemplate);
	if ((body.type === 'audio' || body.type === 'video') && channel && !channel.businessApi) {
		p.add('type', `${body.type} messages need a WhatsApp Business API channel`);
	}
	const template = isTemplate ? checkTemplate(p, store, body, channel) : undefined;
	if (!isTemplate && (body.template_values !== undefined || body.optin_contact !== undefined)) p.add('template_uuid', "can't be blank when template values or opt-in are given");
	checkAssignedUser(p, store, body.assigned_user);
	checkTeam(p, store, body.team_uuid);
	checkBotStatus(p, store, body.bot_status);
	if (body.fields !== undefined) {
		const wanted = typeof body.fields === 'string' ? body.fields.split(',').map((f) => f.trim()) : [null];
		for (const f of wanted) if (!FIELDS.includes(f)) p.add('fields', `'${f}' is not supported (contact, conversation)`);
	}
	checkMetadata(p, body.metadata);
	p.throwIfAny();

	if (template && store.whatsappWalletDepleted) {
		fail(402, 'Your WhatsApp wallet is out of credit. Add credit to your wallet to keep sending outbound WhatsApp template messages.', {
			code: 'whatsapp_wallet_depleted_credit',
		});
	}
	const contact = findRecipient(store, body, channel);
	const windowOpen = contact && contact.lastInboundAt && Date.now() - contact.lastInboundAt < WINDOW_MS;
	if (!template && WINDOWED.includes(channel.type) && !windowOpen) {
		p.add('base', 'the 24 hour messaging window is closed for this contact: only template messages can be sent');
		p.throwIfAny();
	}
	return { channel, template, contact };
}

module.exports = [
	{
		method: 'POST',
		path: '/messages/send',
		handler(ctx) {
			const { store, body } = ctx;
			const { channel, template, contact: found } = validateSend(ctx);
			let contact = found;
			if (!contact) {
				if (body.to === undefined) notFound('Contact');
				contact = insertContact(store, { identifier: body.to, source: channel.type, name: body.to, channelUuid: channel.uuid });
			}
			if (body.assigned_user) contact.assignedUser = findUserByEmail(store, body.assigned_user).email;
			if (body.team_uuid) contact.teamUuid = body.team_uuid;
			if (body.bot_status) contact.botStatus = body.bot_status;
			const channelId = channel.type === 'whatsapp' ? digitsOf(channel.title) || channel.uuid : channel.uuid;
			const message = insertMessage(store, {
				contactUuid: contact.uuid,
				text: template ? render(template, body) : (body.content.text ?? null),
				status: 'enqueued',
				channel: channel.type,
				from: channelId,
				to: contact.phoneNumber ? digitsOf(contact.phoneNumber) : contact.identifier,
				type: body.type,
				content: body.content,
				templateUuid: template ? template.uuid : null,
				metadata: body.metadata || null,
				// createdAt from the store's clock (now, and after every earlier message).
			});
			const out = { uuid: message.uuid, status: 'enqueued' };
			const fields = typeof body.fields === 'string' ? body.fields.split(',').map((f) => f.trim()) : [];
			if (fields.includes('contact')) out.contact = { uuid: contact.uuid, name: contact.name, phone: contact.phoneNumber, email: null };
			if (fields.includes('conversation')) {
				out.conversation = { source: contact.source, href: `https://dash.callbell.eu/chat/${contact.conversationUuid}`, createdAt: contact.createdAt };
			}
			return { body: { message: out } };
		},
	},
	{
		method: 'GET',
		path: '/messages/status/:uuid',
		handler(ctx) {
			const message = ctx.store.messages.get(ctx.params.uuid);
			if (!message || message.status === 'note' || message.status === 'received') notFound('Message');
			return { body: { message: { uuid: message.uuid, status: message.status, messageStatusPayload: message.messageStatusPayload } } };
		},
	},
	{
		// The page title says DELETE /messages/:uuid; its snippet sends DELETE /messages with a
		// { uuid } body. The sandbox serves the title.
		method: 'DELETE',
		path: '/messages/:uuid',
		handler(ctx) {
			const message = ctx.store.messages.get(ctx.params.uuid);
			if (!message) notFound('Message');
			ctx.store.messages.delete(message.uuid);
			return { status: 204 };
		},
	},
];
