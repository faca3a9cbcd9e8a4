'use strict';
// Dialpad's cursor lists: { items: [...], cursor: "<opaque>" } and the same query again with
// `cursor` for the next page; no cursor on the last page. The page size is undocumented;
// the sandbox uses a small one so clients must follow cursors. A cursor from another query
// (other filters) is refused, like a real opaque datastore cursor would be.
const crypto = require('crypto');
const { bad } = require('./validate');

function queryKey(query) {
	const rest = Object.entries(query).filter(([k]) => k !== 'cursor').sort(([a], [b]) => a.localeCompare(b));
	return crypto.createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 12);
}

function page(ctx, rows) {
	let offset = 0;
	if (ctx.query.cursor !== undefined) {
		let decoded;
		try {
			decoded = JSON.parse(Buffer.from(ctx.query.cursor, 'base64url').toString('utf8'));
		} catch {
			throw bad('Invalid cursor');
		}
		if (!decoded || decoded.q !== queryKey(ctx.query) || !Number.isInteger(decoded.o) || decoded.o < 0) throw bad('Invalid cursor');
		offset = decoded.o;
	}
	const items = rows.slice(offset, offset + ctx.pageSize);
	const next = offset + ctx.pageSize;
	const body = { items };
	if (next < rows.length) body.cursor = Buffer.from(JSON.stringify({ o: next, q: queryKey(ctx.query) })).toString('base64url');
	return { body };
}

module.exports = { page };
