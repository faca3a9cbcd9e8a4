'use strict';
// Account-level resources: auth check, teams and members, channels, templates, funnels,
// custom statuses, user statuses and the plan. Lists with `meta: { page, pages }` page with
// the sandbox's fixed page size; funnels come in one list as documented.
const {
	newDashedUuid,
	publicTeam,
	publicChannel,
	publicTemplate,
	publicCustomStatus,
	findTeam,
	findChannel,
} = require('../store');
const { SOURCES, Problems, notFound, badRequest, checkString, checkUnknown, queryBoolean } = require('../validate');
const { pageOf } = require('../paging');

function nowText() {
	return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Custom statuses show times as "2024-11-22 21:29:43 +0100" in the docs. */
function statusTime() {
	return new Date().toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' +0000');
}

function teamOr404(ctx) {
	const team = findTeam(ctx.store, ctx.params.uuid);
	if (!team) notFound('Team');
	return team;
}

function channelOr404(ctx) {
	const channel = findChannel(ctx.store, ctx.params.uuid);
	if (!channel) notFound('Channel');
	return channel;
}

function templateOr404(ctx) {
	const template = ctx.store.templates.find((t) => t.uuid === ctx.params.uuid);
	if (!template) notFound('Template');
	return template;
}

function customStatusOr404(ctx) {
	const status = ctx.store.customStatuses.find((s) => s.id === ctx.params.id);
	if (!status) notFound('Custom status');
	return status;
}

function requireName(ctx, field, { unique } = {}) {
	const p = new Problems();
	checkUnknown(p, ctx.body, [field]);
	checkString(p, ctx.body, field, { required: true, max: 255 });
	if (unique && typeof ctx.body[field] === 'string' && unique(ctx.body[field].trim().toLowerCase())) p.add(field, 'has already been taken');
	p.throwIfAny();
	return ctx.body[field].trim();
}

function publicMember(store, user) {
	const out = { email: user.email, name: user.name, available: user.available, lastUpdatedAt: user.lastUpdatedAt };
	const status = user.customStatusId && store.customStatuses.find((s) => s.id === user.customStatusId);
	if (status) out.userCustomStatus = { updatedAt: user.lastUpdatedAt, id: status.id, name: status.name, emoji: status.emoji };
	return out;
}

module.exports = [
	{
		method: 'GET',
		path: '/auth/me',
		handler(ctx) {
			const { key, userEmail, userName } = ctx.auth;
			return { body: { status: 'ok', user_email: userEmail, user_name: userName, api_key: key } };
		},
	},
	// Teams
	{
		method: 'GET',
		path: '/teams',
		handler(ctx) {
			const { rows, meta } = pageOf(ctx, ctx.store.teams, { meta: true });
			return { body: { teams: rows.map((t) => publicTeam(ctx.store, t)), meta } };
		},
	},
	{ method: 'GET', path: '/teams/:uuid', handler: (ctx) => ({ body: { team: publicTeam(ctx.store, teamOr404(ctx)) } }) },
	{
		method: 'PATCH',
		path: '/teams/:uuid',
		handler(ctx) {
			const team = teamOr404(ctx);
			team.name = requireName(ctx, 'name');
			return { body: { team: publicTeam(ctx.store, team) } };
		},
	},
	{
		method: 'GET',
		path: '/teams/:uuid/members',
		handler(ctx) {
			const team = teamOr404(ctx);
			const { status } = ctx.query;
			if (status !== undefined && status !== 'available' && status !== 'away') badRequest(`status must be available or away, got '${status}'`);
			let users = team.memberEmails.map((e) => ctx.store.users.find((u) => u.email === e)).filter(Boolean);
			if (status) users = users.filter((u) => u.available === (status === 'available'));
			const { rows, meta } = pageOf(ctx, users, { meta: true });
			return { body: { users: rows.map((u) => publicMember(ctx.store, u)), meta } };
		},
	},
	// Channels
	{
		method: 'GET',
		path: '/channels',
		handler(ctx) {
			let rows = ctx.store.channels;
			const { type } = ctx.query;
			if (type !== undefined) {
				if (!SOURCES.includes(type)) badRequest(`type must be one of ${SOURCES.join(', ')}`);
				rows = rows.filter((c) => c.type === type);
			}
			const active = queryBoolean(ctx.query.active);
			if (active !== undefined) rows = rows.filter((c) => !c.discardedAt === active);
			const { rows: page, meta } = pageOf(ctx, rows, { meta: true });
			return { body: { channels: page.map(publicChannel), meta } };
		},
	},
	{ method: 'GET', path: '/channels/:uuid', handler: (ctx) => ({ body: { channel: publicChannel(channelOr404(ctx)) } }) },
	{
		method: 'PATCH',
		path: '/channels/:uuid',
		handler(ctx) {
			const channel = channelOr404(ctx);
			channel.title = requireName(ctx, 'title');
			return { body: { channel: publicChannel(channel) } };
		},
	},
	// Templates
	{
		method: 'GET',
		path: '/templates',
		handler(ctx) {
			const { rows, meta } = pageOf(ctx, ctx.store.templates, { meta: true });
			return { body: { templates: rows.map(publicTemplate), meta } };
		},
	},
	{ method: 'GET', path: '/templates/:uuid', handler: (ctx) => ({ body: { template: publicTemplate(templateOr404(ctx)) } }) },
	{
		method: 'PATCH',
		path: '/templates/:uuid',
		handler(ctx) {
			const template = templateOr404(ctx);
			template.title = requireName(ctx, 'title');
			return { body: { template: publicTemplate(template) } };
		},
	},
	// Funnels
	{
		method: 'GET',
		path: '/funnels',
		handler: (ctx) => ({ body: { funnels: [...ctx.store.funnels].sort((a, b) => a.position - b.position).map((f) => ({ ...f })) } }),
	},
	// Custom statuses
	{
		method: 'GET',
		path: '/custom_statuses',
		handler(ctx) {
			const { rows, meta } = pageOf(ctx, ctx.store.customStatuses, { meta: true });
			return { body: { customStatuses: rows.map(publicCustomStatus), meta } };
		},
	},
	{
		method: 'POST',
		path: '/custom_statuses',
		handler(ctx) {
			const name = requireName(ctx, 'name', { unique: (n) => ctx.store.customStatuses.some((s) => s.name.toLowerCase() === n) });
			const now = statusTime();
			const status = { id: newDashedUuid(), name, emoji: '💬', createdAt: now, updatedAt: now };
			ctx.store.customStatuses.push(status);
			return { body: { customStatus: publicCustomStatus(status) } };
		},
	},
	{ method: 'GET', path: '/custom_statuses/:id', handler: (ctx) => ({ body: { customStatus: publicCustomStatus(customStatusOr404(ctx)) } }) },
	{
		method: 'PUT',
		path: '/custom_statuses/:id',
		handler(ctx) {
			const status = customStatusOr404(ctx);
			status.name = requireName(ctx, 'name', { unique: (n) => ctx.store.customStatuses.some((s) => s !== status && s.name.toLowerCase() === n) });
			status.updatedAt = statusTime();
			return { body: { customStatus: publicCustomStatus(status) } };
		},
	},
	{
		method: 'DELETE',
		path: '/custom_statuses/:id',
		handler(ctx) {
			const status = customStatusOr404(ctx);
			ctx.store.customStatuses = ctx.store.customStatuses.filter((s) => s !== status);
			for (const u of ctx.store.users) if (u.customStatusId === status.id) u.customStatusId = null;
			return { body: { status: 'custom status was destroyed' } };
		},
	},
	// User status (there is no endpoint that lists users)
	{
		method: 'PUT',
		path: '/users/:uuid/status',
		handler(ctx) {
			const user = ctx.store.users.find((u) => u.uuid === ctx.params.uuid);
			if (!user) notFound('User');
			const { body, store } = ctx;
			const p = new Problems();
			checkUnknown(p, body, ['available', 'custom_status_uuid']);
			if (!('available' in body) && !('custom_status_uuid' in body)) p.add('base', 'give available and/or custom_status_uuid');
			if ('available' in body && typeof body.available !== 'boolean') p.add('available', 'must be a boolean');
			const statusId = body.custom_status_uuid;
			if (statusId !== undefined && statusId !== null && !store.customStatuses.some((s) => s.id === statusId)) {
				p.add('custom_status_uuid', `custom status '${statusId}' does not exist`);
			}
			p.throwIfAny();
			if ('available' in body) user.available = body.available;
			if ('custom_status_uuid' in body) user.customStatusId = statusId;
			user.lastUpdatedAt = nowText();
			const member = publicMember(store, user);
			return { body: { user_status: { available: member.available, userCustomStatus: member.userCustomStatus || null, lastUpdatedAt: member.lastUpdatedAt } } };
		},
	},
	{
		method: 'DELETE',
		path: '/users/:uuid/status',
		handler(ctx) {
			const user = ctx.store.users.find((u) => u.uuid === ctx.params.uuid);
			if (!user) notFound('User');
			user.customStatusId = null;
			user.lastUpdatedAt = nowText();
			return { status: 204 };
		},
	},
	// Plan
	{
		method: 'GET',
		path: '/plan',
		handler(ctx) {
			const { store } = ctx;
			return {
				body: {
					...store.plan,
					activeUsers: store.users.length,
					teams: store.teams.map((t) => publicTeam(store, t)),
				},
			};
		},
	},
];
