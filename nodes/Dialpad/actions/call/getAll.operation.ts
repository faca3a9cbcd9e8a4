import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { collection, forOperation, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { oneOfValues } from '../../../shared/locators';
import { fetchAllPages } from '../../transport';
import { numericId } from '../common';
import { withLinks } from './links';

/** `target_type` values of GET /call (SPEC). */
export const CALL_TARGET_TYPES: INodePropertyOptions[] = [
	{ name: 'Call Center', value: 'callcenter' },
	{ name: 'Call Router', value: 'callrouter' },
	{ name: 'Channel', value: 'channel' },
	{ name: 'Coaching Group', value: 'coachinggroup' },
	{ name: 'Coaching Team', value: 'coachingteam' },
	{ name: 'Department', value: 'department' },
	{ name: 'Office', value: 'office' },
	{ name: 'Room', value: 'room' },
	{ name: 'Staff Group', value: 'staffgroup' },
	{ name: 'User', value: 'user' },
];

export interface Prepared {
	qs: IDataObject;
	limit?: number;
}

/**
 * GET /call: finished calls only, newest first (SPEC). Needs a company-admin key (and the
 * `calls:list` scope for OAuth apps). `started_after`/`started_before` are UTC ms epochs.
 */
export const getAll: NodeOperation<Prepared> = {
	description: forOperation('call', 'getAll', [
		...returnAllAndLimit(),
		collection('filters', [
			{ displayName: 'Started After', name: 'startedAfter', type: 'dateTime', default: '', description: 'Only calls that started after this moment' },
			{ displayName: 'Started Before', name: 'startedBefore', type: 'dateTime', default: '', description: 'Only calls that started before this moment' },
			{ displayName: 'Target ID', name: 'targetId', type: 'string', default: '', description: 'Only calls of this target (with Target Type)' },
			{ displayName: 'Target Type', name: 'targetType', type: 'options', options: CALL_TARGET_TYPES, default: 'user' },
		]),
	]),

	prepare(itemIndex, validate) {
		const limit = readLimit(this, itemIndex, validate);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		// Dialpad sends its own times as ms epochs (date_started, …): those work here too.
		const epoch = (label: string, value: unknown) => Date.parse(validate.dateTime(label, value, { epochMs: true }));
		if (filters.startedAfter) qs.started_after = epoch('Started After (startedAfter)', filters.startedAfter);
		if (filters.startedBefore) qs.started_before = epoch('Started Before (startedBefore)', filters.startedBefore);
		if (qs.started_after !== undefined && qs.started_before !== undefined && Number(qs.started_after) >= Number(qs.started_before)) {
			validate.fail('Started Before (startedBefore)', 'it must be later than Started After');
		}
		const hasId = filters.targetId !== undefined && String(filters.targetId).trim() !== '';
		if (hasId) {
			qs.target_id = numericId(validate, 'Target ID (targetId)', filters.targetId);
			qs.target_type = oneOfValues(validate, 'Target Type (targetType)', filters.targetType ?? 'user', CALL_TARGET_TYPES.map((o) => String(o.value)));
		}
		return { qs, limit };
	},

	async run({ qs, limit }, itemIndex) {
		const calls = await fetchAllPages(this, { path: '/call', qs, limit, itemIndex });
		return calls.map((call) => withLinks(call));
	},
};
