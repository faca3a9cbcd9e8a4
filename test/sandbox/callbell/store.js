'use strict';
// In-memory state of the fake Callbell API, and the documented shapes of its objects
// (docs/api/reference/object_types/*.md). Internal fields start with an underscore or are
// kept off the public objects by the `public*` functions.
const crypto = require('crypto');

/** Callbell uuids are 32 hex characters (contacts, channels, teams, templates, messages). */
function newUuid() {
	return crypto.randomBytes(16).toString('hex');
}

/** Custom statuses and funnels use dashed RFC 4122 uuids in the docs' examples. */
function newDashedUuid() {
	return crypto.randomUUID();
}

/** A stable 32-hex id for seed data, so tests and the demo can name fixtures. */
function fixedUuid(label) {
	return crypto.createHash('sha256').update(`callbell-sandbox:${label}`).digest('hex').slice(0, 32);
}

function fixedDashedUuid(label) {
	const h = fixedUuid(label);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function createStore() {
	return {
		apiKeys: new Map(), // key -> { userEmail, userName, revoked }
		users: [], // { uuid, email, name, available, customStatusId, lastUpdatedAt }
		teams: [], // { uuid, name, createdAt, default, memberEmails: [] }
		channels: [], // { uuid, title, type, main, discardedAt, businessApi }
		templates: [], // { uuid, title, text, templateType, category, status, createdAt }
		funnels: [], // { uuid, name, emoji, position }
		customStatuses: [], // { id, name, emoji, createdAt, updatedAt }
		tags: [], // tag names as created in the dashboard
		customFields: [], // { name, type: text|email|number|date|dropdown|checkbox, options? }
		bot: { uuid: fixedUuid('bot'), name: 'Demo Bot', version: 5 }, // null = no bot enabled
		contacts: new Map(), // uuid -> internal contact
		order: [], // contact uuids in creation order (page pagination)
		messages: new Map(), // uuid -> internal message
		plan: { plan: 'business_plus', includedChannels: 3, licenses: 5 },
		whatsappWalletDepleted: false, // true → template sends answer 402 as documented
		// Webhook state, owned by routes/webhooks.js (the Callbell Trigger's sandbox part):
		// the account's single webhook, or null: { url, subscriptions, createdAt, enabled }.
		webhook: null,
		// Delivery log read by GET /webhooks/events. One entry per delivery attempt:
		// { event, payload, response, success, statusCode?, createdAt } (WebhookEvent object).
		deliveries: [],
		// Seed data is dated from two days ago, a minute apart; see tick().
		clock: Date.now() - 2 * 24 * 60 * 60 * 1000,
		seeding: false,
		// What other systems' endpoints (routes/webhooks.js control routes) received, by name.
		otherReceivers: {},
	};
}

/**
 * createdAt of a new record: while seeding, a minute after the previous one (from two days
 * ago); afterwards now, and never before the previous record, so list orders are stable.
 */
function tick(store) {
	store.clock = store.seeding ? store.clock + 60_000 : Math.max(store.clock + 1000, Date.now());
	return new Date(store.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function digitsOf(phone) {
	return String(phone || '').replace(/\D/g, '');
}

function findUserByEmail(store, email) {
	const wanted = String(email || '').toLowerCase();
	return store.users.find((u) => u.email.toLowerCase() === wanted);
}

function findChannel(store, uuid) {
	return store.channels.find((c) => c.uuid === uuid);
}

function mainWhatsappChannel(store) {
	return store.channels.find((c) => c.type === 'whatsapp' && c.main) || store.channels.find((c) => c.type === 'whatsapp');
}

function findTeam(store, uuid) {
	return store.teams.find((t) => t.uuid === uuid);
}

/** The account's spelling of a tag (tags are case-insensitive). */
function canonicalTag(store, tag) {
	const wanted = String(tag).trim().toLowerCase();
	return store.tags.find((t) => t.toLowerCase() === wanted);
}

function insertContact(store, fields) {
	const channel = (fields.channelUuid && findChannel(store, fields.channelUuid)) || (fields.source === 'whatsapp' ? mainWhatsappChannel(store) : store.channels.find((c) => c.type === fields.source));
	const contact = {
		uuid: fields.uuid || newUuid(),
		name: fields.name,
		identifier: String(fields.identifier),
		phoneNumber: fields.source === 'whatsapp' ? `+${digitsOf(fields.identifier)}` : null,
		bsuid: fields.bsuid || null,
		avatarUrl: null,
		createdAt: fields.createdAt || tick(store),
		source: fields.source,
		assignedUser: fields.assignedUser || null,
		tags: (fields.tags || []).map((t) => canonicalTag(store, t) || t),
		customFields: { ...(fields.customFields || {}) },
		teamUuid: fields.teamUuid || null,
		channelUuid: channel ? channel.uuid : null,
		botStatus: fields.botStatus || (store.bot ? 'bot_start' : null),
		note: fields.note ?? null,
		closedAt: null,
		funnelId: null,
		conversationUuid: newUuid(),
		lastInboundAt: fields.lastInboundAt ?? null,
	};
	store.contacts.set(contact.uuid, contact);
	store.order.push(contact.uuid);
	return contact;
}

function removeContact(store, uuid) {
	store.contacts.delete(uuid);
	store.order = store.order.filter((id) => id !== uuid);
	for (const [id, m] of store.messages) if (m.contactUuid === uuid) store.messages.delete(id);
}

function publicTeam(store, team) {
	if (!team) return null;
	return { uuid: team.uuid, name: team.name, createdAt: team.createdAt, default: team.default, members: team.memberEmails.length };
}

function publicChannel(channel) {
	if (!channel) return null;
	return { uuid: channel.uuid, title: channel.title, type: channel.type, main: channel.main, discardedAt: channel.discardedAt };
}

function publicTemplate(t) {
	return { uuid: t.uuid, title: t.title, text: t.text, templateType: t.templateType, category: t.category, status: t.status, createdAt: t.createdAt };
}

function publicCustomStatus(s) {
	return { name: s.name, createdAt: s.createdAt, updatedAt: s.updatedAt, emoji: s.emoji, id: s.id };
}

/**
 * The Contact object. Custom field values are strings in `customFields` (a checkbox list is
 * rendered as a JSON string, as in the docs' example); `include_field_types` adds
 * `customFieldsMetadata` with the typed value, the type and the options.
 */
function publicContact(store, c, { includeFieldTypes = false } = {}) {
	const customFields = {};
	const metadata = {};
	for (const [name, value] of Object.entries(c.customFields)) {
		customFields[name] = Array.isArray(value) ? JSON.stringify(value) : value;
		const def = store.customFields.find((f) => f.name === name);
		const type = def ? def.type : 'text';
		metadata[name] = { value, type, ...(def && def.options ? { options: [...def.options] } : {}) };
	}
	const out = {
		uuid: c.uuid,
		name: c.name,
		phoneNumber: c.phoneNumber,
		avatarUrl: c.avatarUrl,
		createdAt: c.createdAt,
		source: c.source,
		closedAt: c.closedAt,
		href: `https://dash.callbell.eu/contacts/${c.uuid}`,
		conversationHref: `https://dash.callbell.eu/chat/${c.conversationUuid}`,
		tags: [...c.tags],
		assignedUser: c.assignedUser,
		customFields,
		team: c.teamUuid ? publicTeam(store, findTeam(store, c.teamUuid)) : null,
		channel: c.channelUuid ? publicChannel(findChannel(store, c.channelUuid)) : null,
	};
	if (c.funnelId) out.funnelId = c.funnelId;
	if (includeFieldTypes) out.customFieldsMetadata = metadata;
	return out;
}

function insertMessage(store, fields) {
	const message = {
		uuid: fields.uuid || newUuid(),
		contactUuid: fields.contactUuid,
		text: fields.text ?? null,
		status: fields.status,
		channel: fields.channel || 'whatsapp',
		from: fields.from,
		to: fields.to,
		type: fields.type || 'text',
		content: fields.content || null,
		templateUuid: fields.templateUuid || null,
		metadata: fields.metadata || null,
		messageStatusPayload: fields.messageStatusPayload ?? null,
		createdAt: fields.createdAt || tick(store),
	};
	store.messages.set(message.uuid, message);
	return message;
}

function publicMessage(m) {
	const out = { text: m.text, createdAt: m.createdAt, status: m.status, channel: m.channel, from: m.from, to: m.to };
	// Notes have no uuid in the docs' example.
	if (m.status !== 'note') out.uuid = m.uuid;
	return out;
}

module.exports = {
	createStore,
	newUuid,
	newDashedUuid,
	fixedUuid,
	fixedDashedUuid,
	tick,
	digitsOf,
	findUserByEmail,
	findChannel,
	mainWhatsappChannel,
	findTeam,
	canonicalTag,
	insertContact,
	removeContact,
	insertMessage,
	publicContact,
	publicMessage,
	publicTeam,
	publicChannel,
	publicTemplate,
	publicCustomStatus,
};
