'use strict';
// Calls and transcripts (SPEC: GET /call, GET /call/{id}, GET /transcripts/{id}/url).
// GET /call lists finished calls only, newest first, needs an admin key, and filters by
// started_after / started_before (UTC ms epoch) and target_id + target_type together.
// GET /call/{id} is limited to 10 per minute.
const { page } = require('../paging');
const { onlyQuery } = require('./account');
const { bad, notFound, int64, requireAdmin } = require('../validate');

const TARGET_TYPES = ['user', 'office', 'department', 'callcenter', 'callrouter', 'room', 'channel', 'staffgroup', 'coachinggroup', 'coachingteam', 'unknown'];

function epoch(value, field) {
	if (value === undefined) return undefined;
	if (!/^\d{1,15}$/.test(value)) throw bad(`${field} must be a UTC timestamp in milliseconds`);
	return Number(value);
}

module.exports = [
	{
		method: 'GET',
		path: '/api/v2/call',
		handler(ctx) {
			requireAdmin(ctx);
			onlyQuery(ctx, ['cursor', 'started_after', 'started_before', 'target_id', 'target_type']);
			const after = epoch(ctx.query.started_after, 'started_after');
			const before = epoch(ctx.query.started_before, 'started_before');
			const { target_id: targetId, target_type: targetType } = ctx.query;
			if ((targetId === undefined) !== (targetType === undefined)) throw bad('target_id and target_type must be given together');
			if (targetType !== undefined && !TARGET_TYPES.includes(targetType)) throw bad(`Invalid target_type: ${targetType}`);
			const id = targetId === undefined ? undefined : int64(targetId, 'target_id');
			const rows = ctx.store.calls
				.filter((c) => c.state === 'hangup' && c.date_ended)
				.filter((c) => after === undefined || c.date_started > after)
				.filter((c) => before === undefined || c.date_started < before)
				.filter((c) => id === undefined || (c.target.id === id && c.target.type === targetType))
				.sort((a, b) => b.date_started - a.date_started);
			return page(ctx, rows);
		},
	},
	{
		method: 'GET',
		path: '/api/v2/call/:id',
		limitPerMinute: 10,
		handler(ctx) {
			const id = int64(ctx.params.id, 'id');
			const call = ctx.store.calls.find((c) => c.call_id === id);
			if (!call) throw notFound('Call');
			return { body: call };
		},
	},
	{
		method: 'GET',
		path: '/api/v2/transcripts/:id/url',
		handler(ctx) {
			const id = int64(ctx.params.id, 'call_id');
			const url = ctx.store.transcripts.get(id);
			if (!url) throw notFound('Transcript');
			return { body: { call_id: id, url } };
		},
	},
];

module.exports.TARGET_TYPES = TARGET_TYPES;
