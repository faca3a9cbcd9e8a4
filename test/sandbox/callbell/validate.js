'use strict';
// Errors and input checks of the fake Callbell API. The docs give status classes only and
// no error-body shape, so the sandbox uses two plausible Rails-style shapes on purpose:
// `{ error: "…" }` (400/401/402/404) and `{ errors: { field: ["…"] } }` (422). The node must
// cope with any shape; core.js faults add a third one (`{ statusCode, message }`).
const { HttpError } = require('../core');
const { canonicalTag, findUserByEmail, findTeam, findChannel } = require('./store');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SOURCES = ['whatsapp', 'facebook', 'instagram', 'telegram'];
const BOT_STATUSES = ['bot_start', 'bot_end'];

function fail(status, error, extra = {}) {
	throw new HttpError(status, { error, ...extra });
}

function notFound(what) {
	fail(404, `${what} not found`);
}

function badRequest(message) {
	fail(400, message);
}

/** Collects field errors and throws one 422 with all of them. */
class Problems {
	constructor() {
		this.errors = {};
	}
	add(field, message) {
		(this.errors[field] = this.errors[field] || []).push(message);
	}
	throwIfAny() {
		if (Object.keys(this.errors).length) throw new HttpError(422, { errors: this.errors });
	}
}

function isRealDate(text) {
	const m = DATE.exec(text);
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function checkString(p, body, field, { required = false, max } = {}) {
	const value = body[field];
	if (value === undefined || value === null) {
		if (required) p.add(field, "can't be blank");
		return;
	}
	if (typeof value !== 'string') return p.add(field, 'must be a string');
	if (required && value.trim() === '') return p.add(field, "can't be blank");
	if (max !== undefined && value.length > max) p.add(field, `is too long (maximum is ${max} characters)`);
}

function checkTags(p, store, tags) {
	if (tags === undefined) return;
	if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) return p.add('tags', 'must be an array of strings');
	for (const t of tags) if (!canonicalTag(store, t)) p.add('tags', `'${t}' does not exist in this account`);
}

/** Custom fields are set by name; values are validated by the field's type (post_contacts.md). */
function checkCustomFields(p, store, fields) {
	if (fields === undefined) return;
	if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return p.add('custom_fields', 'must be an object');
	for (const [name, value] of Object.entries(fields)) {
		const def = store.customFields.find((f) => f.name === name);
		if (!def) {
			p.add('custom_fields', `'${name}' does not exist in this account`);
			continue;
		}
		if (def.type === 'checkbox') {
			if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
				p.add('custom_fields', `'${name}' is a checkbox field: the value must be an array of strings`);
			} else {
				for (const v of value) if (!def.options.includes(v)) p.add('custom_fields', `'${v}' is not an option of '${name}'`);
			}
			continue;
		}
		if (typeof value !== 'string') {
			p.add('custom_fields', `'${name}' is a ${def.type} field: the value must be a string`);
			continue;
		}
		if (value === '') continue; // an empty string clears the field
		if (def.type === 'email' && !EMAIL.test(value)) p.add('custom_fields', `'${name}' must be an email address`);
		if (def.type === 'number' && !NUMBER.test(value)) p.add('custom_fields', `'${name}' must be a number`);
		if (def.type === 'date' && !isRealDate(value)) p.add('custom_fields', `'${name}' must be a date (YYYY-MM-DD)`);
		if (def.type === 'dropdown' && !def.options.includes(value)) p.add('custom_fields', `'${value}' is not an option of '${name}'`);
	}
}

function checkAssignedUser(p, store, email, field = 'assigned_user') {
	if (email === undefined || email === null) return;
	if (typeof email !== 'string' || !findUserByEmail(store, email)) p.add(field, `no user with the email '${email}' in this account`);
}

function checkTeam(p, store, uuid) {
	if (uuid === undefined || uuid === null) return;
	if (typeof uuid !== 'string' || !findTeam(store, uuid)) p.add('team_uuid', `team '${uuid}' does not exist`);
}

function checkChannel(p, store, uuid, { required = false } = {}) {
	if (uuid === undefined || uuid === null) {
		if (required) p.add('channel_uuid', "can't be blank");
		return undefined;
	}
	const channel = typeof uuid === 'string' ? findChannel(store, uuid) : undefined;
	if (!channel) p.add('channel_uuid', `channel '${uuid}' does not exist`);
	else if (channel.discardedAt) p.add('channel_uuid', `channel '${uuid}' is not active`);
	return channel;
}

function checkBotStatus(p, store, value, field = 'bot_status') {
	if (value === undefined) return;
	if (!BOT_STATUSES.includes(value)) return p.add(field, 'must be bot_start or bot_end');
	if (!store.bot) p.add(field, 'no bot is enabled in this account');
}

function checkUnknown(p, body, allowed) {
	for (const key of Object.keys(body)) if (!allowed.includes(key)) p.add(key, 'is not a permitted parameter');
}

/** Query booleans arrive as text. */
function queryBoolean(value) {
	if (value === undefined) return undefined;
	if (value === 'true' || value === '1') return true;
	if (value === 'false' || value === '0') return false;
	badRequest(`'${value}' is not a boolean`);
}

function queryPage(value) {
	if (value === undefined) return 1;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1) badRequest(`page must be a positive integer, got '${value}'`);
	return n;
}

module.exports = {
	EMAIL,
	SOURCES,
	BOT_STATUSES,
	Problems,
	fail,
	notFound,
	badRequest,
	isRealDate,
	checkString,
	checkTags,
	checkCustomFields,
	checkAssignedUser,
	checkTeam,
	checkChannel,
	checkBotStatus,
	checkUnknown,
	queryBoolean,
	queryPage,
};
