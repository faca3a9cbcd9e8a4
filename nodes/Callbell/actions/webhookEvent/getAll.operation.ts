import type { IDataObject } from 'n8n-workflow';

import { choice } from '../../../shared/descriptions';
import { oneOf } from '../common';
import { listOperation } from '../generic';

/** Events Callbell delivers to webhooks (docs/api/reference/webhooks/**). */
export const WEBHOOK_EVENTS = [
	{ name: 'Agent Session Updated', value: 'agent_session_updated' },
	{ name: 'Agent Status Updated', value: 'agent_status_updated' },
	{ name: 'Contact Created', value: 'contact_created' },
	{ name: 'Contact Deleted', value: 'contact_deleted' },
	{ name: 'Contact Updated', value: 'contact_updated' },
	{ name: 'Conversation Closed', value: 'conversation_closed' },
	{ name: 'Conversation Opened', value: 'conversation_opened' },
	{ name: 'Message Created', value: 'message_created' },
	{ name: 'Message Status Updated', value: 'message_status_updated' },
	{ name: 'Team Membership Updated', value: 'team_membership_updated' },
];

export const MAX_ITEMS_PER_PAGE = 100;

/** The delivery log of the account's webhook: what Callbell sent and what it got back. */
export const getAll = listOperation('webhookEvent', 'getAll', {
	path: '/webhooks/events',
	key: 'webhook_events',
	filters: [
		choice('Status', 'status', [
			{ name: 'Failed', value: 'failed' },
			{ name: 'Success', value: 'success' },
		], 'failed', { description: 'Only deliveries that failed, or only those that succeeded' }),
		{
			displayName: 'Events',
			name: 'subscriptions',
			type: 'multiOptions',
			options: WEBHOOK_EVENTS,
			default: [],
			description: 'Only deliveries of these events',
		},
	],
	readFilters(filters, validate) {
		const qs: IDataObject = {};
		if (filters.status !== undefined) qs.status = oneOf(validate, 'Status (status)', filters.status, ['failed', 'success']);
		if (filters.subscriptions !== undefined) {
			const events = (Array.isArray(filters.subscriptions) ? filters.subscriptions : [filters.subscriptions]).map(String);
			for (const e of events) oneOf(validate, 'Events (subscriptions)', e, WEBHOOK_EVENTS.map((w) => w.value));
			if (events.length) qs.subscriptions = events.join(',');
		}
		return qs;
	},
	options: [
		{
			displayName: 'Items per Page',
			name: 'items',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_ITEMS_PER_PAGE },
			default: 50,
			description: 'How many deliveries Callbell returns per request',
		},
	],
	readOptions(options, validate) {
		return options.items !== undefined ? { items: validate.integer('Items per Page (items)', options.items, 1, MAX_ITEMS_PER_PAGE) } : {};
	},
});
