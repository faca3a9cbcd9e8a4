'use strict';
// Checks a recorded request against the official OpenAPI spec (contacts, locations, users, and
// lookup-lists.json: the campaign, workflow and business lists the pickers read):
// the method and path exist, required query parameters and the Version header are present,
// and a JSON body has the required fields, only known fields, and the right JSON types.
const fs = require('fs');
const path = require('path');

const SPEC_DIR = path.resolve(__dirname, '../../fixtures/reference/openapi');

function loadSpecs() {
	return ['contacts.json', 'locations.json', 'users.json', 'lookup-lists.json'].map((f) =>
		JSON.parse(fs.readFileSync(path.join(SPEC_DIR, f), 'utf8')),
	);
}

function compile(specs) {
	const ops = [];
	for (const spec of specs) {
		for (const [template, methods] of Object.entries(spec.paths)) {
			const regex = new RegExp(
				'^' + template.replace(/\/$/, '').replace(/\{[^}]+\}/g, '[^/]+') + '/?$',
			);
			for (const [method, op] of Object.entries(methods)) {
				// Literal segments must win over parameters (/contacts/search vs /contacts/{id}).
				const literal = template.split('/').filter((s) => s && !s.startsWith('{')).length;
				ops.push({ method: method.toUpperCase(), template, regex, op, spec, literal });
			}
		}
	}
	return ops.sort((a, b) => b.literal - a.literal);
}

function resolve(spec, schema) {
	let s = schema;
	while (s && s.$ref) s = s.$ref.split('/').slice(1).reduce((o, k) => o[k], spec);
	return s;
}

function typeOf(value) {
	if (Array.isArray(value)) return 'array';
	if (value === null) return 'null';
	return typeof value;
}

// Where the live API accepts more than its spec says (so a node must be able to send it):
// - DND channels beyond DndSettingsSchema's six: the API's own ContactDndUpdate webhooks and
//   contact reads carry RCS, and such settings must be accepted back as they are.
// - null for a contact field of an update/upsert body: the spec marks most of them nullable
//   (null clears the field); the node clears the few it does not mark (postalCode, country,
//   dateOfBirth) the same way. Unconfirmed for those three.
const OPEN_OBJECTS = new Set(['DndSettingsSchema']);
const NULL_CLEARS = new Set(['UpdateContactDto', 'UpsertContactDto']);

function schemaName(schema) {
	return schema && schema.$ref ? schema.$ref.split('/').pop() : undefined;
}

function checkSchema(spec, schema, value, where, problems, parentName) {
	const s = resolve(spec, schema);
	if (!s) return;
	if (s.oneOf || s.anyOf) return; // unions (custom field values): accepted as given
	const actual = typeOf(value);
	if (actual === 'null' && (s.nullable || NULL_CLEARS.has(parentName))) return;
	// Some DTO fields are typed "object" without properties while their example (and the live
	// API) use a scalar, e.g. dateOfBirth: {type: object, example: "1990-09-25"}.
	const scalarExample = s.type === 'object' && !s.properties && s.example !== undefined && typeOf(s.example) !== 'object';
	const expected = scalarExample ? typeOf(s.example) : s.type;
	if (expected === 'integer' || expected === 'number') {
		if (actual !== 'number') problems.push(`${where}: expected ${expected}, got ${actual}`);
	} else if (expected && expected !== actual && !(expected === 'object' && actual === 'object')) {
		problems.push(`${where}: expected ${expected}, got ${actual}`);
		return;
	}
	if (s.enum && !s.enum.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} not in ${s.enum.join('|')}`);
	if (actual === 'object' && s.properties && Object.keys(s.properties).length > 0) {
		for (const req of s.required || []) {
			if (value[req] === undefined) problems.push(`${where}: missing required field "${req}"`);
		}
		const name = schemaName(schema);
		for (const [k, v] of Object.entries(value)) {
			if (!s.properties[k]) {
				if (!OPEN_OBJECTS.has(name)) problems.push(`${where}: unknown field "${k}"`);
			} else checkSchema(spec, s.properties[k], v, `${where}.${k}`, problems, name);
		}
	}
	if (actual === 'array' && s.items) {
		value.forEach((v, i) => checkSchema(spec, s.items, v, `${where}[${i}]`, problems));
	}
}

function createSpecChecker() {
	const ops = compile(loadSpecs());
	return function check(record) {
		const problems = [];
		if (record.path.startsWith('/oauth/')) return problems; // token endpoint: not in these specs
		const match = ops.find((o) => o.method === record.method && o.regex.test(record.path));
		if (!match) return [`${record.method} ${record.path}: no such operation in the spec`];
		const { op, spec } = match;
		for (const p of op.parameters || []) {
			if (!p.required) continue;
			if (p.in === 'query' && record.query[p.name] === undefined) problems.push(`missing required query "${p.name}"`);
			if (p.in === 'header' && record.headers[p.name.toLowerCase()] === undefined)
				problems.push(`missing required header "${p.name}"`);
		}
		const rb = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
		if (rb && record.body !== undefined) checkSchema(spec, rb.schema, record.body, 'body', problems);
		if (rb && op.requestBody.required && record.body === undefined) problems.push('missing JSON body');
		return problems.map((p) => `${record.method} ${record.path} (${match.template}): ${p}`);
	};
}

module.exports = { createSpecChecker };
