'use strict';
// Contacts API (docs/api/reference/contacts_api/*): list, get (by uuid, phone, BSUID),
// create, update, delete. Response shapes follow the docs' examples, including the odd
// `{ contact: [ … ] }` array of get/create/update and the plain object of the look-ups.
const {
	insertContact,
	removeContact,
	publicContact,
	digitsOf,
	canonicalTag,
	findChannel,
	mainWhatsappChannel,
	findTeam,
	findUserByEmail,
} = require('../store');
const { isValidPhone } = require('../../phone');
const {
	SOURCES,
	Problems,
	notFound,
	checkString,
	checkTags,
	checkCustomFields,
	checkAssignedUser,
	checkTeam,
	checkChannel,
	checkBotStatus,
	checkUnknown,
	queryBoolean,
} = require('../validate');
const { pageOf } = require('../paging');

const NOTE_MAX = 1000;
const CREATE_FIELDS = ['identifier', 'source', 'name', 'tags', 'custom_fields', 'assigned_user', 'team_uuid', 'channel_uuid', 'bot_status', 'note'];
const UPDATE_FIELDS = ['name', 'tags', 'custom_fields', 'assigned_user', 'unassign_user', 'team_uuid', 'bot_status', 'note'];

function getContact(ctx, uuid) {
	const contact = ctx.store.contacts.get(uuid);
	if (!contact) notFound('Contact');
	return contact;
}

function includeTypes(ctx) {
	return queryBoolean(ctx.query.include_field_types) === true;
}

function applyCustomFields(contact, fields) {
	for (const [name, value] of Object.entries(fields || {})) {
		if (value === '' || (Array.isArray(value) && value.length === 0)) delete contact.customFields[name];
		else contact.customFields[name] = value;
	}
}

function hasAllTags(contact, wanted) {
	const own = contact.tags.map((t) => t.toLowerCase());
	return wanted.every((t) => own.includes(t));
}

function validateCreate(ctx) {
	const { store, body } = ctx;
	const p = new Problems();
	checkUnknown(p, body, CREATE_FIELDS);
	checkString(p, body, 'identifier', { required: true });
	checkString(p, body, 'name', { required: true });
	if (!SOURCES.includes(body.source)) p.add('source', `must be one of ${SOURCES.join(', ')}`);
	if (body.source === 'whatsapp' && typeof body.identifier === 'string') {
		if (/[^\d\s+\-().]/.test(body.identifier) || !isValidPhone(body.identifier)) p.add('identifier', 'is not a valid phone number');
	}
	checkTags(p, store, body.tags);
	checkCustomFields(p, store, body.custom_fields);
	checkAssignedUser(p, store, body.assigned_user);
	checkTeam(p, store, body.team_uuid);
	const channel = checkChannel(p, store, body.channel_uuid);
	if (channel && SOURCES.includes(body.source) && channel.type !== body.source) p.add('channel_uuid', `is a ${channel.type} channel, not ${body.source}`);
	checkBotStatus(p, store, body.bot_status);
	checkString(p, body, 'note', { max: NOTE_MAX });
	p.throwIfAny();
	const channelUuid = channel ? channel.uuid : undefined;
	const defaultChannel = body.source === 'whatsapp' ? mainWhatsappChannel(store) : store.channels.find((c) => c.type === body.source);
	const targetChannel = channelUuid || (defaultChannel && defaultChannel.uuid);
	const duplicate = [...store.contacts.values()].find(
		(c) => c.source === body.source && c.channelUuid === targetChannel && (body.source === 'whatsapp' ? digitsOf(c.identifier) === digitsOf(body.identifier) : c.identifier === body.identifier),
	);
	if (duplicate) {
		p.add('identifier', 'has already been taken');
		p.throwIfAny();
	}
}

function validateUpdate(ctx) {
	const { store, body } = ctx;
	const p = new Problems();
	for (const key of ['identifier', 'phone_number', 'phoneNumber']) {
		if (key in body) p.add(key, 'cannot be updated: the phone number of a contact is fixed');
	}
	checkUnknown(p, body, [...UPDATE_FIELDS, 'identifier', 'phone_number', 'phoneNumber']);
	if (Object.keys(body).length === 0) p.add('base', 'no attributes to update');
	if ('name' in body) checkString(p, body, 'name', { required: true });
	checkTags(p, store, body.tags);
	checkCustomFields(p, store, body.custom_fields);
	checkAssignedUser(p, store, body.assigned_user);
	if (body.unassign_user !== undefined && typeof body.unassign_user !== 'boolean') p.add('unassign_user', 'must be a boolean');
	if (body.unassign_user === true && body.assigned_user) p.add('unassign_user', 'cannot be combined with assigned_user');
	checkTeam(p, store, body.team_uuid);
	checkBotStatus(p, store, body.bot_status);
	checkString(p, body, 'note', { max: NOTE_MAX });
	p.throwIfAny();
}

function applyUpdate(store, contact, body) {
	if (body.name !== undefined) contact.name = body.name;
	if (body.tags !== undefined) contact.tags = body.tags.map((t) => canonicalTag(store, t));
	if (body.custom_fields !== undefined) applyCustomFields(contact, body.custom_fields);
	if (body.assigned_user) contact.assignedUser = findUserByEmail(store, body.assigned_user).email;
	if (body.unassign_user === true) contact.assignedUser = null;
	if (body.team_uuid !== undefined) contact.teamUuid = body.team_uuid;
	if (body.bot_status !== undefined) contact.botStatus = body.bot_status;
	if (body.note !== undefined) contact.note = body.note === '' ? null : body.note;
}

module.exports = [
	{
		method: 'GET',
		path: '/contacts',
		handler(ctx) {
			const { store, query } = ctx;
			let rows = store.order.map((id) => store.contacts.get(id));
			if (query.source) rows = rows.filter((c) => c.source === query.source);
			if (query.tags) {
				// Tags are case-insensitive; a contact matches when it carries every listed tag.
				const wanted = query.tags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
				rows = rows.filter((c) => hasAllTags(c, wanted));
			}
			if (query.team_uuid) {
				if (!findTeam(store, query.team_uuid)) notFound('Team');
				rows = rows.filter((c) => c.teamUuid === query.team_uuid);
			}
			const typed = includeTypes(ctx);
			const { rows: page } = pageOf(ctx, rows);
			return { body: { contacts: page.map((c) => publicContact(store, c, { includeFieldTypes: typed })) } };
		},
	},
	{
		method: 'GET',
		path: '/contacts/phone/:number',
		handler(ctx) {
			const { store } = ctx;
			let channel;
			if (ctx.query.channel_uuid) {
				channel = findChannel(store, ctx.query.channel_uuid);
				if (!channel) notFound('Channel');
			} else {
				channel = mainWhatsappChannel(store);
			}
			const digits = digitsOf(ctx.params.number);
			const contact = [...store.contacts.values()].find((c) => c.channelUuid === channel.uuid && c.phoneNumber && digitsOf(c.phoneNumber) === digits);
			if (!contact || digits === '') notFound('Contact');
			return { body: { contact: publicContact(store, contact, { includeFieldTypes: includeTypes(ctx) }) } };
		},
	},
	{
		method: 'GET',
		path: '/contacts/bsuid/:bsuid',
		handler(ctx) {
			const contact = [...ctx.store.contacts.values()].find((c) => c.bsuid && c.bsuid === ctx.params.bsuid);
			if (!contact) notFound('Contact');
			return { body: { contact: publicContact(ctx.store, contact) } };
		},
	},
	{
		method: 'GET',
		path: '/contacts/:uuid',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			return { body: { contact: [publicContact(ctx.store, contact, { includeFieldTypes: includeTypes(ctx) })] } };
		},
	},
	{
		method: 'POST',
		path: '/contacts',
		handler(ctx) {
			validateCreate(ctx);
			const b = ctx.body;
			const contact = insertContact(ctx.store, {
				identifier: b.identifier,
				source: b.source,
				name: b.name,
				tags: b.tags,
				customFields: b.custom_fields,
				assignedUser: b.assigned_user ? findUserByEmail(ctx.store, b.assigned_user).email : null,
				teamUuid: b.team_uuid,
				channelUuid: b.channel_uuid,
				botStatus: b.bot_status,
				note: b.note,
			});
			for (const [name, value] of Object.entries(contact.customFields)) if (value === '') delete contact.customFields[name];
			return { body: { contact: [publicContact(ctx.store, contact)] } };
		},
	},
	{
		method: 'PATCH',
		path: '/contacts/:uuid',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			validateUpdate(ctx);
			applyUpdate(ctx.store, contact, ctx.body);
			return { body: { contact: [publicContact(ctx.store, contact)] } };
		},
	},
	{
		method: 'DELETE',
		path: '/contacts/:uuid',
		handler(ctx) {
			const contact = getContact(ctx, ctx.params.uuid);
			removeContact(ctx.store, contact.uuid);
			return { body: { status: 'contact was destroyed' } };
		},
	},
];

module.exports.getContact = getContact;
module.exports.NOTE_MAX = NOTE_MAX;
