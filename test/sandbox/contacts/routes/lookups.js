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
