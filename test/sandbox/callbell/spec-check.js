'use strict';
// Checks every recorded request against the documented Callbell API (callbell-api.md A.2,
// docs/api/reference/**): the operation exists, query parameters and body fields are
// documented ones with the documented JSON types, required fields are present, and the
// headers the docs ask for are sent (Bearer token, Accept and Content-Type JSON).
// There is no OpenAPI file for Callbell, so the table below is the spec.

const S = 'string';
const B = 'boolean';
const O = 'object';
const SA = 'string[]';
const NULLABLE_S = 'string|null';

function op(method, path, spec = {}) {
	const names = [];
	const regex = new RegExp(
		'^' +
			path
				.split('/')
				.map((part) => (part.startsWith(':') ? (names.push(part.slice(1)), '[^/]+') : part))
				.join('/') +
			'$',
	);
	const literal = path.split('/').filter((p) => p && !p.startsWith(':')).length;
	return { method, path, regex, literal, query: spec.query || [], body: spec.body, anyOf: spec.anyOf };
}

const CONTACT_WRITE = { tags: SA, custom_fields: O, assigned_user: S, team_uuid: S, bot_status: S, note: S, name: S };

const OPS = [
	op('GET', '/auth/me'),
	op('GET', '/contacts', { query: ['page', 'source', 'tags', 'team_uuid', 'include_field_types'] }),
	op('GET', '/contacts/phone/:number', { query: ['channel_uuid'] }),
	op('GET', '/contacts/bsuid/:bsuid'),
	op('GET', '/contacts/:uuid', { query: ['include_field_types'] }),
	op('POST', '/contacts', { body: { required: ['identifier', 'source', 'name'], fields: { ...CONTACT_WRITE, identifier: S, source: S, channel_uuid: S } } }),
	op('PATCH', '/contacts/:uuid', { body: { required: [], fields: { ...CONTACT_WRITE, unassign_user: B } } }),
	op('DELETE', '/contacts/:uuid'),
	op('GET', '/contacts/:uuid/messages', { query: ['page'] }),
	op('GET', '/contacts/:uuid/bot'),
	op('POST', '/contacts/:uuid/bot', { body: { required: ['status'], fields: { status: S } } }),
	op('POST', '/contacts/:uuid/conversation/open'),
	op('POST', '/contacts/:uuid/conversation/close'),
	op('POST', '/contacts/:uuid/conversation/note', { body: { required: ['text'], fields: { text: S } } }),
	op('PUT', '/contacts/:uuid/conversation/update_funnel', { body: { required: ['funnel_id'], fields: { funnel_id: S } } }),
	op('POST', '/messages/send', {
		body: {
			required: ['from', 'type', 'content', 'channel_uuid'],
			fields: {
				to: S,
				bsuid: S,
				from: S,
				type: S,
				content: O,
				channel_uuid: S,
				template_uuid: S,
				optin_contact: B,
				template_values: SA,
				assigned_user: S,
				team_uuid: S,
				fields: S,
				bot_status: S,
				metadata: O,
			},
		},
		anyOf: ['to', 'bsuid'],
	}),
	op('GET', '/messages/status/:uuid'),
	op('DELETE', '/messages/:uuid'),
	op('GET', '/teams', { query: ['page'] }),
	op('GET', '/teams/:uuid'),
	op('PATCH', '/teams/:uuid', { body: { required: ['name'], fields: { name: S } } }),
	op('GET', '/teams/:uuid/members', { query: ['page', 'status'] }),
	op('GET', '/channels', { query: ['page', 'type', 'active'] }),
	op('GET', '/channels/:uuid'),
	op('PATCH', '/channels/:uuid', { body: { required: ['title'], fields: { title: S } } }),
	op('GET', '/templates', { query: ['page'] }),
	op('GET', '/templates/:uuid'),
	op('PATCH', '/templates/:uuid', { body: { required: ['title'], fields: { title: S } } }),
	op('GET', '/funnels'),
	op('GET', '/custom_statuses', { query: ['page'] }),
	op('POST', '/custom_statuses', { body: { required: ['name'], fields: { name: S } } }),
	op('GET', '/custom_statuses/:id'),
	op('PUT', '/custom_statuses/:id', { body: { required: ['name'], fields: { name: S } } }),
	op('DELETE', '/custom_statuses/:id'),
	op('PUT', '/users/:uuid/status', { body: { required: [], fields: { available: B, custom_status_uuid: NULLABLE_S } } }),
	op('DELETE', '/users/:uuid/status'),
	op('GET', '/plan'),
	op('POST', '/webhooks/subscribe', { body: { required: ['url', 'subscriptions'], fields: { url: S, subscriptions: SA } } }),
	op('DELETE', '/webhooks/unsubscribe'),
	op('GET', '/webhooks/events', { query: ['status', 'page', 'items', 'subscriptions', 'subscriptions[]'] }),
].sort((a, b) => b.literal - a.literal);

function typeMatches(expected, value) {
	return expected.split('|').some((t) => {
		if (t === 'null') return value === null;
		if (t === 'string[]') return Array.isArray(value) && value.every((v) => typeof v === 'string');
		if (t === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value);
		return typeof value === t;
	});
}

function checkBody(spec, record, problems) {
	const hasBody = record.rawBody.length > 0;
	if (!spec) {
		if (hasBody && record.rawBody.trim() !== '{}') problems.push('sends a body, but the operation takes none');
		return;
	}
	if (!hasBody) return problems.push('missing JSON body');
	const body = record.body;
	if (!body || typeof body !== 'object' || Array.isArray(body)) return problems.push('the body is not a JSON object');
	for (const field of spec.body.required) if (body[field] === undefined) problems.push(`missing required field "${field}"`);
	for (const [field, value] of Object.entries(body)) {
		const expected = spec.body.fields[field];
		if (!expected) problems.push(`undocumented field "${field}"`);
		else if (!typeMatches(expected, value)) problems.push(`field "${field}" should be ${expected}, got ${JSON.stringify(value)}`);
	}
	if (spec.anyOf && !spec.anyOf.some((f) => body[f] !== undefined)) problems.push(`one of ${spec.anyOf.join(', ')} is required`);
}

function checkHeaders(record, problems) {
	const h = record.headers;
	if (!/^Bearer\s+\S+/.test(String(h.authorization || ''))) problems.push('no "Authorization: Bearer <token>" header');
	if (!/application\/json/i.test(String(h.accept || ''))) problems.push('no "Accept: application/json" header');
	if (record.rawBody.length > 0 && !/application\/json/i.test(String(h['content-type'] || ''))) problems.push('a body without "Content-Type: application/json"');
}

function createSpecChecker() {
	return function check(record) {
		const match = OPS.find((o) => o.method === record.method && o.regex.test(record.path));
		if (!match) return [`${record.method} ${record.path}: no such operation in the Callbell docs`];
		const problems = [];
		for (const [name] of record.queryAll) if (!match.query.includes(name)) problems.push(`undocumented query parameter "${name}"`);
		checkBody(match.body ? match : undefined, record, problems);
		checkHeaders(record, problems);
		return problems.map((p) => `${record.method} ${record.path} (${match.path}): ${p}`);
	};
}

module.exports = { createSpecChecker, OPS };
