'use strict';
// Page-number pagination with a fixed page size. The contacts and contact-messages lists
// carry no meta in the docs; channels, teams, members, templates, custom statuses and
// webhook events add `meta: { page, pages }`.
const { queryPage } = require('./validate');

function pageOf(ctx, rows, { meta = false, pageSize } = {}) {
	const page = queryPage(ctx.query.page);
	const size = pageSize || ctx.pageSize;
	const slice = rows.slice((page - 1) * size, page * size);
	if (!meta) return { rows: slice };
	return { rows: slice, meta: { page, pages: Math.max(1, Math.ceil(rows.length / size)) } };
}

module.exports = { pageOf };
