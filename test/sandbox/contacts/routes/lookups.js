'use strict';
// Look-ups the node's dropdowns use (locations.json, users.json), and creating a custom field
// (POST /locations/{locationId}/customFields, locations.json: what the echo guard's stamp field needs).
const { HttpError } = require('../../core');
const { newId } = require('../store');
const { unprocessable } = require('../validate');

// HighLevel's custom field data types (CreateCustomFieldsDTO.dataType; the DTO types it as a
// free string, the API refuses others).
const DATA_TYPES = ['TEXT', 'LARGE_TEXT', 'NUMERICAL', 'PHONE', 'MONETORY', 'CHECKBOX', 'SINGLE_OPTIONS', 'MULTIPLE_OPTIONS', 'FLOAT', 'TIME', 'DATE', 'TEXTBOX_LIST', 'FILE_UPLOAD', 'SIGNATURE', 'RADIO', 'EMAIL'];
const CREATE_FIELD_KEYS = ['name', 'dataType', 'placeholder', 'acceptedFormat', 'isMultipleFile', 'maxNumberOfFiles', 'textBoxListOptions', 'position', 'model'];

/** contact.<name in snake case>, as HighLevel derives fieldKey from the name. */
function fieldKeyOf(model, name) {
	return `${model}.${String(name).trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`;
}

module.exports = [
	{
		method: 'POST', path: '/locations/:locationId/customFields', scope: 'locations/customFields.write',
		handler(ctx) {
			ctx.requireLocation(ctx.params.locationId);
			const body = ctx.body;
			const m = [];
			if (!body || typeof body !== 'object' || Array.isArray(body)) unprocessable(['body must be an object']);
			for (const key of Object.keys(body)) if (!CREATE_FIELD_KEYS.includes(key)) m.push(`property ${key} should not exist`);
			if (typeof body.name !== 'string' || !body.name.trim()) m.push('name should not be empty', 'name must be a string');
			if (typeof body.dataType !== 'string' || !body.dataType) m.push('dataType should not be empty', 'dataType must be a string');
			else if (!DATA_TYPES.includes(body.dataType)) m.push(`dataType must be one of the following values: ${DATA_TYPES.join(', ')}`);
			if (body.model !== undefined && !['contact', 'opportunity'].includes(body.model)) m.push('model must be one of the following values: contact, opportunity');
			if (body.placeholder !== undefined && typeof body.placeholder !== 'string') m.push('placeholder must be a string');
			if (body.position !== undefined && typeof body.position !== 'number') m.push('position must be a number conforming to the specified constraints');
			if (['SINGLE_OPTIONS', 'MULTIPLE_OPTIONS', 'CHECKBOX', 'RADIO', 'TEXTBOX_LIST'].includes(body.dataType)) {
				if (!Array.isArray(body.textBoxListOptions) || body.textBoxListOptions.length === 0) m.push(`textBoxListOptions should not be empty for ${body.dataType}`);
			}
			unprocessable(m);
			const model = body.model || 'contact';
			const fields = ctx.store.customFields.get(ctx.params.locationId) || [];
			const fieldKey = fieldKeyOf(model, body.name);
			if (fields.some((f) => (f.model || 'contact') === model && (f.fieldKey === fieldKey || f.name.trim().toLowerCase() === body.name.trim().toLowerCase()))) {
				throw new HttpError(400, { statusCode: 400, message: `A custom field named "${body.name.trim()}" already exists`, error: 'Bad Request' });
			}
			const field = { id: newId(), name: body.name.trim(), fieldKey, dataType: body.dataType, model, position: body.position ?? 0, ...(body.placeholder !== undefined ? { placeholder: body.placeholder } : {}) };
			if (Array.isArray(body.textBoxListOptions)) field.picklistOptions = body.textBoxListOptions.map((o) => (o && typeof o === 'object' ? o.label : String(o)));
			fields.push(field);
			ctx.store.customFields.set(ctx.params.locationId, fields);
			return { status: 201, body: { customField: { ...field, locationId: ctx.params.locationId } } };
		},
	},
	{
		method: 'GET', path: '/locations/:locationId/tags', scope: 'locations/tags.readonly',
		handler(ctx) {
			ctx.requireLocation(ctx.params.locationId);
			return { body: { tags: ctx.store.tags.get(ctx.params.locationId) || [] } };
		},
	},
	{
		method: 'GET', path: '/locations/:locationId/customFields', scope: 'locations/customFields.readonly',
		handler(ctx) {
			ctx.requireLocation(ctx.params.locationId);
			const model = ctx.query.model || 'all';
			const fields = (ctx.store.customFields.get(ctx.params.locationId) || []).filter((f) => model === 'all' || f.model === model);
			return { body: { customFields: fields.map((f) => ({ ...f, locationId: ctx.params.locationId })) } };
		},
	},
	{
		method: 'GET', path: '/users/', scope: 'users.readonly',
		handler(ctx) {
			ctx.requireLocation(ctx.query.locationId);
			return { body: { users: ctx.store.users.get(ctx.query.locationId) || [] } };
		},
	},
	{
		method: 'GET', path: '/locations/:locationId', scope: 'locations.readonly',
		handler(ctx) {
			ctx.requireLocation(ctx.params.locationId);
			const loc = ctx.store.locations.get(ctx.params.locationId);
			return { body: { location: { id: loc.id, name: loc.name, country: 'US', timezone: 'America/Chicago' } } };
		},
	},
	// The pickers' location-wide lists (lookup-lists.json): whole lists, no paging.
	...[
		['/campaigns/', 'campaigns', 'campaigns.readonly'],
		['/workflows/', 'workflows', 'workflows.readonly'],
		['/businesses/', 'businesses', 'businesses.readonly'],
	].map(([path, key, scope]) => ({
		method: 'GET', path, scope,
		handler(ctx) {
			ctx.requireLocation(ctx.query.locationId);
			let rows = ctx.store.lists[key].get(ctx.query.locationId) || [];
			if (key === 'campaigns' && ctx.query.status) rows = rows.filter((r) => r.status === ctx.query.status);
			return { body: { [key]: rows } };
		},
	})),
];
