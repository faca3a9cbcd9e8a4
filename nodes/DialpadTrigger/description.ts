import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { officeLocator, userLocator } from '../Dialpad/actions/common';
import { dialpadEchoGuardOption } from '../shared/sync/receive';

/**
 * Events of the Dialpad Trigger, named as Dialpad names them:
 * - `call.<state>`: the `call_states` of a call subscription (SPEC enum; "all" left out).
 *   Dialpad's table of their meanings was unreadable, so descriptions stay close to the names.
 * - `contact.created|updated|deleted`: a contact subscription (company-wide; the event's
 *   `event` field is Created / Updated / Deleted).
 * - `sms.inbound|outbound`: an SMS subscription (`direction`).
 */

const CALL_STATES: Array<[string, string]> = [
	['preanswer', 'Before the call is answered (pre-answer)'],
	['calling', 'An outbound call starts'],
	['ringing', 'An inbound call rings'],
	['connected', 'The call is answered'],
	['queued', 'The call waits in a queue'],
	['hold', 'The call is put on hold'],
	['parked', 'The call is parked'],
	['merged', 'Calls are merged'],
	['transcription', 'Live transcription text'],
	['call_transcription', 'The full transcript is ready (after hangup, Dialpad Ai)'],
	['recording', 'The call recording is ready'],
	['admin_recording', 'An admin recording is ready'],
	['voicemail', 'A voicemail is being left'],
	['voicemail_uploaded', 'A voicemail recording is ready'],
	['missed', 'The call was missed'],
	['hangup', 'A call leg ended, answered or not (date_connected tells)'],
	['postcall', 'Post-call processing finished'],
	['blocked', 'The call was blocked'],
	['eavesdrop', 'A supervisor listens in'],
	['monitor', 'A supervisor monitors'],
	['barge', 'A supervisor barges in'],
	['takeover', 'A supervisor takes the call over'],
	['admin', 'Admin event'],
	['csat', 'Customer satisfaction survey result'],
	['pcsat', 'Predicted customer satisfaction'],
	['dispositions', 'A disposition was set'],
	['ai_playbook', 'Dialpad Ai playbook event'],
	['recap_summary', 'Ai recap: summary'],
	['recap_outcome', 'Ai recap: outcome'],
	['recap_purposes', 'Ai recap: purposes'],
	['recap_action_items', 'Ai recap: action items'],
];

function title(state: string): string {
	return state
		.split('_')
		.map((w) => (w === 'ai' ? 'AI' : w.charAt(0).toUpperCase() + w.slice(1)))
		.join(' ');
}

export const EVENT_OPTIONS: INodePropertyOptions[] = [
	...CALL_STATES.map(([state, description]) => ({ name: `Call: ${title(state)}`, value: `call.${state}`, description })),
	{ name: 'Contact: Created', value: 'contact.created' },
	{ name: 'Contact: Deleted', value: 'contact.deleted' },
	{ name: 'Contact: Updated', value: 'contact.updated' },
	{ name: 'SMS: Inbound', value: 'sms.inbound', description: 'A text was received' },
	{ name: 'SMS: Outbound', value: 'sms.outbound', description: 'A text was sent' },
].sort((a, b) => a.name.localeCompare(b.name));

export const EVENT_VALUES = new Set(EVENT_OPTIONS.map((o) => String(o.value)));

export const DEFAULT_MAX_AGE_SECONDS = 900;

const EVENTS_PROPERTY: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: EVENT_OPTIONS,
	default: ['contact.created', 'contact.updated'],
	required: true,
	description: 'The Dialpad events that start the workflow',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Activating creates this workflow\'s own Dialpad webhook and event subscriptions; deactivating deletes exactly those.',
		name: 'lifecycleNotice',
		type: 'notice',
		default: '',
	},
	// Version 3 starts with the contact events, the rule all three triggers follow (a new trigger
	// listens for its service's contact Created and Updated events); 1 and 2 keep Call: Hangup.
	{ ...EVENTS_PROPERTY, displayOptions: { show: { '@version': [{ _cnd: { gte: 3 } }] } } },
	{ ...EVENTS_PROPERTY, default: ['call.hangup'], displayOptions: { show: { '@version': [1, 2] } } },
	{
		displayName: 'Contact events need a company-admin API key.',
		name: 'contactKeyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { events: ['contact.created', 'contact.updated', 'contact.deleted'] } },
	},
	{
		displayName: 'Recording links and SMS text arrive only if the key or app has the recordings_export / message_content_export scopes.',
		name: 'scopeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { events: ['call.recording', 'call.admin_recording', 'call.hangup', 'sms.inbound', 'sms.outbound'] } },
	},
	{
		displayName: 'Target',
		name: 'targetType',
		type: 'options',
		options: [
			{ name: 'Company', value: 'company', description: 'Every call or text of the company' },
			{ name: 'Office', value: 'office' },
			{ name: 'User', value: 'user' },
		],
		default: 'company',
		description: 'Whose calls and texts to follow. Contact events are always company-wide (Dialpad offers no target for them).',
	},
	officeLocator({ displayOptions: { show: { targetType: ['office'] } } }),
	userLocator({ displayOptions: { show: { targetType: ['user'] } } }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Contact Type',
				name: 'contactType',
				type: 'options',
				options: [
					{ name: 'Company (Shared)', value: 'shared' },
					{ name: 'Local (Users’ Own)', value: 'local' },
				],
				default: 'shared',
				description: 'Which contacts the contact events are about',
			},
			dialpadEchoGuardOption,
			{
				displayName: 'Include Internal Texts',
				name: 'includeInternal',
				type: 'boolean',
				default: false,
				description: 'Whether texts between users of the company count as SMS events too',
			},
			{
				displayName: 'Max Event Age (Seconds)',
				name: 'maxAgeSeconds',
				type: 'number',
				typeOptions: { minValue: 30 },
				default: DEFAULT_MAX_AGE_SECONDS,
				description:
					'Events whose own time (event_timestamp, created_date or iat) is older than this are refused as stale (401), as are replays of them. Dialpad retries SMS events for hours after a server error: raise this if n8n may be down that long.',
			},
			{
				displayName: 'Max Remembered Deliveries',
				name: 'maxEntries',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 1000,
				description: 'How many accepted deliveries are remembered to catch duplicates',
			},
		],
	},
];
