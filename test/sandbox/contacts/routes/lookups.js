'use strict';
// Look-ups the node's dropdowns use (locations.json, users.json).
module.exports = [
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
];
