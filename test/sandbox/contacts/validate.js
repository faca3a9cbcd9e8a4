'use strict';
// 422 validation like the real API: a list of class-validator style messages.
const { HttpError } = require('../core');
const { isValidPhone } = require('../phone');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const COUNTRY = /^[A-Z]{2}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function unprocessable(messages) {
	if (messages.length) {
		throw new HttpError(422, { statusCode: 422, message: messages, error: 'Unprocessable Entity' });
	}
}

const STRING_FIELDS = ['firstName', 'lastName', 'name', 'address1', 'city', 'state', 'postalCode', 'website', 'timezone', 'source', 'companyName', 'assignedTo', 'gender'];

function validateContact(body, store, locationId) {
	const m = [];
	for (const f of STRING_FIELDS) if (body[f] !== undefined && body[f] !== null && typeof body[f] !== 'string') m.push(`${f} must be a string`);
	if (body.email !== undefined && body.email !== null && !EMAIL.test(String(body.email))) m.push('email must be an email');
	if (body.phone !== undefined && body.phone !== null && !isValidPhone(body.phone, { strictE164: true })) m.push('phone must be a valid phone number');
	if (body.country !== undefined && body.country !== null && !COUNTRY.test(String(body.country))) m.push('country must be a valid ISO 3166-1 alpha-2 code');
	if (body.dnd !== undefined && typeof body.dnd !== 'boolean') m.push('dnd must be a boolean value');
	if (body.tags !== undefined && (!Array.isArray(body.tags) || body.tags.some((t) => typeof t !== 'string'))) m.push('each value in tags must be a string');
	if (body.dateOfBirth !== undefined && body.dateOfBirth !== null && !isDocumentedDate(String(body.dateOfBirth))) m.push('dateOfBirth must be a valid date');
	if (body.customFields !== undefined) {
		if (!Array.isArray(body.customFields)) m.push('customFields must be an array');
		else {
			const known = new Map((store.customFields.get(locationId) || []).map((f) => [f.id, f]));
			const byKey = new Map((store.customFields.get(locationId) || []).map((f) => [f.fieldKey, f]));
			body.customFields.forEach((f, i) => {
				const def = f && (known.get(f.id) || byKey.get(f.key) || byKey.get(`contact.${f.key}`));
				if (!f || (!f.id && !f.key)) m.push(`customFields.${i}.id should not be empty`);
				else if (!def) m.push(`customFields.${i}: custom field ${f.id || f.key} does not exist`);
				// An empty value (or null) clears a field of any type.
				else if (f.field_value === '' || f.field_value === null) { /* clear */ }
				else if (def.dataType === 'MULTIPLE_OPTIONS' && !Array.isArray(f.field_value)) m.push(`customFields.${i}.field_value must be an array for ${def.name}`);
				else if (def.dataType === 'MONETORY' && typeof f.field_value !== 'number') m.push(`customFields.${i}.field_value must be a number for ${def.name}`);
				if (f && def) f.id = def.id;
			});
		}
	}
	if (body.assignedTo) {
		const users = store.users.get(locationId) || [];
		if (!users.some((u) => u.id === body.assignedTo)) m.push('assignedTo must be a valid user id');
	}
	unprocessable(m);
}

function validateTask(body, { partial }) {
	const m = [];
	if (!partial || body.title !== undefined) if (typeof body.title !== 'string' || !body.title) m.push('title should not be empty');
	if (!partial || body.dueDate !== undefined) if (typeof body.dueDate !== 'string' || !ISO_DATE.test(body.dueDate)) m.push('dueDate must be a valid ISO 8601 date string');
	if (!partial || body.completed !== undefined) if (typeof body.completed !== 'boolean') m.push('completed must be a boolean value');
	if (body.body !== undefined && typeof body.body !== 'string') m.push('body must be a string');
	unprocessable(m);
}

/**
 * dateOfBirth as the OpenAPI file documents it ("Supported formats: YYYY/MM/DD, MM/DD/YYYY,
 * YYYY-MM-DD, MM-DD-YYYY, YYYY.MM.DD, MM.DD.YYYY, YYYY_MM_DD, MM_DD_YYYY") or ISO 8601,
 * and on the calendar.
 */
function isDocumentedDate(text) {
	let y, mo, d;
	let m;
	if ((m = /^(\d{4})([-/._])(\d{2})\2(\d{2})$/.exec(text))) [y, mo, d] = [m[1], m[3], m[4]];
	else if ((m = /^(\d{2})([-/._])(\d{2})\2(\d{4})$/.exec(text))) [mo, d, y] = [m[1], m[3], m[4]];
	else if (ISO_DATE.test(text)) [y, mo, d] = [text.slice(0, 4), text.slice(5, 7), text.slice(8, 10)];
	else return false;
	const date = new Date(Date.UTC(+y, +mo - 1, +d));
	return date.getUTCFullYear() === +y && date.getUTCMonth() === +mo - 1 && date.getUTCDate() === +d;
}

module.exports = { validateContact, validateTask, unprocessable, EMAIL, E164, ISO_DATE };
