'use strict';
// A contact's conversation: its messages, its bot, open/close, notes and the funnel.
const { publicContact, publicMessage, insertMessage } = require('../store');
const { Problems, notFound, checkString, checkUnknown, BOT_STATUSES } = require('../validate');
const { pageOf } = require('../paging');
const { getContact } = require('./contacts');

function publicBot(store, contact) {
	return {
		uuid: store.bot.uuid,
		name: store.bot.name,
		status: contact.botStatus === 'bot_end' ? 'ended' : 'in_progress',
		conversationStartedAt: contact.createdAt,
		version: store.bot.version,
		latestBotVersion: true,
	};
}

function requireBot(ctx) {
	if (!ctx.store.bot) notFound('Bot');
}

module.exports = [
	{
		method: 'GET',
		path: '/contacts/:uuid/messages',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			const rows = [...ctx.store.messages.values()]
				.filter((m) => m.contactUuid === contact.uuid)
				.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
			const { rows: page } = pageOf(ctx, rows);
			return { body: { messages: page.map(publicMessage) } };
		},
	},
	{
		method: 'GET',
		path: '/contacts/:uuid/bot',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			requireBot(ctx);
			return { body: { bot: publicBot(ctx.store, contact) } };
		},
	},
	{
		method: 'POST',
		path: '/contacts/:uuid/bot',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			requireBot(ctx);
			const p = new Problems();
			checkUnknown(p, ctx.body, ['status']);
			if (!BOT_STATUSES.includes(ctx.body.status)) p.add('status', 'must be bot_start or bot_end');
			p.throwIfAny();
			contact.botStatus = ctx.body.status;
			return { body: { bot: publicBot(ctx.store, contact) } };
		},
	},
	{
		method: 'POST',
		path: '/contacts/:uuid/conversation/open',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			contact.closedAt = null;
			return { body: { contact: publicContact(ctx.store, contact) } };
		},
	},
	{
		method: 'POST',
		path: '/contacts/:uuid/conversation/close',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			if (!contact.closedAt) contact.closedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
			return { body: { contact: publicContact(ctx.store, contact) } };
		},
	},
	{
		method: 'POST',
		path: '/contacts/:uuid/conversation/note',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			const p = new Problems();
			checkUnknown(p, ctx.body, ['text']);
			checkString(p, ctx.body, 'text', { required: true });
			p.throwIfAny();
			const digits = contact.phoneNumber ? contact.phoneNumber.replace(/\D/g, '') : contact.identifier;
			insertMessage(ctx.store, { contactUuid: contact.uuid, text: ctx.body.text, status: 'note', channel: contact.source, from: digits, to: digits });
			return { body: { success: true } };
		},
	},
	{
		// The page title says PUT …/conversation/update_funnel; its curl snippet says POST
		// …/messages/update_funnel. The sandbox serves the documented title only.
		method: 'PUT',
		path: '/contacts/:uuid/conversation/update_funnel',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			const p = new Problems();
			checkUnknown(p, ctx.body, ['funnel_id']);
			checkString(p, ctx.body, 'funnel_id', { required: true });
			p.throwIfAny();
			const funnel = ctx.store.funnels.find((f) => f.uuid === ctx.body.funnel_id);
			if (!funnel) {
				p.add('funnel_id', `funnel '${ctx.body.funnel_id}' does not exist`);
				p.throwIfAny();
			}
			contact.funnelId = funnel.uuid;
			return { body: { contact: [publicContact(ctx.store, contact)] } };
		},
	},
];
