'use strict';
// Input checks shared by the routes. Dialpad's error body is undocumented; the sandbox
// answers in the Google API style its App Engine front end uses elsewhere:
// { "error": { "code": 400, "message": "…", "errors": [{ "reason": "…", "message": "…" }] } }.
const { HttpError } = require('../core');

const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function fail(status, message, reason = 'badRequest') {
	return new HttpError(status, { error: { code: status, message, errors: [{ reason, message }] } });
}

const bad = (message) => fail(400, message);
const notFound = (what) => fail(404, `${what} not found`, 'notFound');
const forbidden = (message) => fail(403, message, 'forbidden');

/** Rejects body fields the operation does not document (protorpc refuses unknown fields). */
function onlyFields(body, allowed) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('The body must be a JSON object');
	const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
	if (unknown.length) throw bad(`Unknown field(s): ${unknown.join(', ')}`);
}

function requireString(body, field) {
	const value = body[field];
	if (typeof value !== 'string' || value.trim() === '') throw bad(`${field} is required`);
	return value;
}

function optionalString(body, field) {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw bad(`${field} must be a string`);
	return value;
}

function stringList(body, field, check, label) {
	const value = body[field];
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw bad(`${field} must be a list of strings`);
	for (const v of value) if (check && !check(v)) throw bad(`Invalid ${label}: ${v}`);
	return value;
}

const phones = (body, field) => stringList(body, field, (v) => E164.test(v), 'phone number (E.164 expected)');
const emails = (body, field) => stringList(body, field, (v) => EMAIL.test(v), 'email address');

/**
 * An int64 ID. In a query string it is digits (queries are text). In a JSON body the spec
 * types it as an integer, so only a JSON number is taken: proto3's JSON reader would also
 * take a string, but the sandbox is stricter, so a client that sends strings is caught.
 * Big numbers arrive exact as { $int64 } (parseExactJson in server.js).
 */
function int64(value, field, { inBody = false } = {}) {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
	if (value && typeof value === 'object' && typeof value.$int64 === 'string' && BigInt(value.$int64) <= 9223372036854775807n) return value.$int64;
	if (!inBody && typeof value === 'string' && /^\d{1,19}$/.test(value)) return value;
	if (inBody && typeof value === 'string') throw bad(`${field} must be an integer (int64), not a string: send ${value} as a JSON number`);
	throw bad(`${field} must be an integer ID`);
}

function bool(value, field) {
	if (value === undefined) return undefined;
	if (typeof value !== 'boolean') throw bad(`${field} must be a boolean`);
	return value;
}

/** A query flag: "true"/"false". */
function queryBool(value, field) {
	if (value === undefined) return undefined;
	if (value !== 'true' && value !== 'false') throw bad(`${field} must be true or false`);
	return value === 'true';
}

function requireAdmin(ctx) {
	if (!ctx.auth.admin) throw forbidden('This operation requires a company admin API key');
}

module.exports = { fail, bad, notFound, forbidden, onlyFields, requireString, optionalString, stringList, phones, emails, int64, bool, queryBool, requireAdmin, E164 };
