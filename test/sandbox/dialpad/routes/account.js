'use strict';
// Company, users, offices and numbers (SPEC: /company, /users, /offices, /numbers).
const { page } = require('../paging');
const { bad, notFound, requireAdmin, int64, queryBool, E164 } = require('../validate');

function onlyQuery(ctx, allowed) {
	const unknown = Object.keys(ctx.query).filter((k) => !allowed.includes(k));
	// Dialpad deprecated `limit` on users: above 100 it answers 400 on purpose, 20% of the time.
	if (unknown.includes('limit')) throw bad('limit is deprecated; follow the cursor instead');
	if (unknown.length) throw bad(`Unknown query parameter(s): ${unknown.join(', ')}`);
}

module.exports = [
	{
		method: 'GET',
		path: '/api/v2/company',
		handler(ctx) {
			requireAdmin(ctx);
			onlyQuery(ctx, []);
			return { body: ctx.store.company };
		},
	},
	{
		method: 'GET',
		path: '/api/v2/users',
		handler(ctx) {
			onlyQuery(ctx, ['cursor', 'state', 'email', 'number', 'company_admin']);
			let rows = ctx.store.users;
			if (ctx.query.email) rows = rows.filter((u) => u.emails.includes(ctx.query.email));
			if (ctx.query.state) rows = rows.filter((u) => u.state === ctx.query.state);
			if (ctx.query.number) rows = rows.filter((u) => u.phone_numbers.includes(ctx.query.number));
			const admin = queryBool(ctx.query.company_admin, 'company_admin');
			if (admin !== undefined) rows = rows.filter((u) => u.is_admin === admin);
			return page(ctx, rows);
		},
	},
	{
		method: 'GET',
		path: '/api/v2/users/:id',
		handler(ctx) {
			const id = int64(ctx.params.id, 'id');
			const user = ctx.store.users.find((u) => u.id === id);
			if (!user) throw notFound('User');
			return { body: user };
		},
	},
	{
		method: 'GET',
		path: '/api/v2/offices',
		handler(ctx) {
			onlyQuery(ctx, ['cursor', 'active_only']);
			const activeOnly = queryBool(ctx.query.active_only, 'active_only');
			return page(ctx, ctx.store.offices.filter((o) => !activeOnly || o.state === 'active'));
		},
	},
	{
		method: 'GET',
		path: '/api/v2/offices/:id',
		handler(ctx) {
			const id = int64(ctx.params.id, 'id');
			const office = ctx.store.offices.find((o) => o.id === id);
			if (!office) throw notFound('Office');
			return { body: office };
		},
	},
	{
		method: 'GET',
		path: '/api/v2/numbers',
		handler(ctx) {
			requireAdmin(ctx);
			onlyQuery(ctx, ['cursor', 'status']);
			return page(ctx, ctx.store.numbers.filter((n) => !ctx.query.status || n.status === ctx.query.status));
		},
	},
	{
		method: 'GET',
		path: '/api/v2/numbers/:number',
		handler(ctx) {
			if (!E164.test(ctx.params.number)) throw bad('Invalid number');
			const number = ctx.store.numbers.find((n) => n.number === ctx.params.number);
			if (!number) throw notFound('Number');
			return { body: number };
		},
	},
];

module.exports.onlyQuery = onlyQuery;
