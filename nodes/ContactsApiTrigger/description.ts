import type { INodeProperties } from 'n8n-workflow';

import { echoGuardOption } from '../shared/sync/receive';
import { PUBLISHED_ED25519_PUBLIC_KEY, PUBLISHED_RSA_PUBLIC_KEY } from './signature';

/**
 * Every event type of HighLevel's webhook reference
 * (https://marketplace.gohighlevel.com/docs/category/webhook), by group, with the value exactly
 * as it arrives in the body's `type` field. Where a reference page is named differently from
 * the `type` it documents (AppInstall → INSTALL, ConversationUnreadWebhook →
 * ConversationUnreadUpdate, ExternalAuthConnected → EXTERNAL_AUTH_CONNECTED, PlanChange →
 * PLAN_CHANGE), the `type` is used. Types not listed here still pass "All Events" and can be
 * named in the "Other Event Types" option.
 */
export const EVENT_GROUPS: Array<{ group: string; events: Array<[type: string, label: string]> }> = [
	{ group: 'App', events: [['INSTALL', 'Installed'], ['UNINSTALL', 'Uninstalled'], ['PLAN_CHANGE', 'Plan Changed'], ['EXTERNAL_AUTH_CONNECTED', 'External Auth Connected']] },
	{ group: 'Appointment', events: [['AppointmentCreate', 'Created'], ['AppointmentUpdate', 'Updated'], ['AppointmentDelete', 'Deleted']] },
	{ group: 'Association', events: [['AssociationCreate', 'Created'], ['AssociationUpdate', 'Updated'], ['AssociationDelete', 'Deleted']] },
	{ group: 'Campaign', events: [['CampaignStatusUpdate', 'Status Updated']] },
	{
		group: 'Contact',
		events: [['ContactCreate', 'Created'], ['ContactUpdate', 'Updated'], ['ContactDelete', 'Deleted'], ['ContactTagUpdate', 'Tags Updated'], ['ContactDndUpdate', 'DND Updated']],
	},
	{
		group: 'Conversation',
		events: [['InboundMessage', 'Inbound Message'], ['OutboundMessage', 'Outbound Message'], ['ProviderOutboundMessage', 'Provider Outbound Message'], ['ConversationUnreadUpdate', 'Unread Status Updated']],
	},
	{ group: 'Custom Object', events: [['ObjectSchemaCreate', 'Schema Created'], ['ObjectSchemaUpdate', 'Schema Updated'], ['RecordCreate', 'Record Created'], ['RecordUpdate', 'Record Updated'], ['RecordDelete', 'Record Deleted']] },
	{ group: 'Email', events: [['LCEmailStats', 'Stats']] },
	{
		group: 'Invoice',
		events: [['InvoiceCreate', 'Created'], ['InvoiceUpdate', 'Updated'], ['InvoiceDelete', 'Deleted'], ['InvoiceSent', 'Sent'], ['InvoicePaid', 'Paid'], ['InvoicePartiallyPaid', 'Partially Paid'], ['InvoiceVoid', 'Voided']],
	},
	{ group: 'Location', events: [['LocationCreate', 'Created'], ['LocationUpdate', 'Updated']] },
	{ group: 'Note', events: [['NoteCreate', 'Created'], ['NoteUpdate', 'Updated'], ['NoteDelete', 'Deleted']] },
	{
		group: 'Opportunity',
		events: [
			['OpportunityCreate', 'Created'],
			['OpportunityUpdate', 'Updated'],
			['OpportunityDelete', 'Deleted'],
			['OpportunityStageUpdate', 'Stage Updated'],
			['OpportunityStatusUpdate', 'Status Updated'],
			['OpportunityMonetaryValueUpdate', 'Monetary Value Updated'],
			['OpportunityAssignedToUpdate', 'Assigned To Updated'],
		],
	},
	{ group: 'Order', events: [['OrderCreate', 'Created'], ['OrderStatusUpdate', 'Status Updated']] },
	{ group: 'Price', events: [['PriceCreate', 'Created'], ['PriceUpdate', 'Updated'], ['PriceDelete', 'Deleted']] },
	{ group: 'Product', events: [['ProductCreate', 'Created'], ['ProductUpdate', 'Updated'], ['ProductDelete', 'Deleted']] },
	{ group: 'Relation', events: [['RelationCreate', 'Created'], ['RelationDelete', 'Deleted']] },
	{ group: 'SaaS', events: [['SaaSPlanCreate', 'Plan Created']] },
	{ group: 'Task', events: [['TaskCreate', 'Created'], ['TaskComplete', 'Completed'], ['TaskDelete', 'Deleted']] },
	{ group: 'User', events: [['UserCreate', 'Created'], ['UserUpdate', 'Updated'], ['UserDelete', 'Deleted']] },
	{ group: 'Voice AI', events: [['VoiceAiCallEnd', 'Call Ended']] },
];

/** Every listed event type. */
export const EVENTS: string[] = EVENT_GROUPS.flatMap(({ events }) => events.map(([type]) => type));

/** "All Events": any `type`, listed or not. */
export const ALL_EVENTS = '*';

/**
 * Version 3 (defaultVersion) moves the public keys under Options, pre-filled with HighLevel's
 * published keys, and starts with the contact events (the rule all three triggers follow: a new
 * trigger listens for its service's contact Created and Updated events). Versions 1 and 2 keep
 * their keys as main parameters and All Events as the default, so saved workflows behave as before.
 */
const V3 = { '@version': [{ _cnd: { gte: 3 } }] };
const V1_2 = { '@version': [1, 2] };

/** The two PEM keys; `main` adds the signature modes that show each one (versions 1 and 2). */
function keyProperties(main: boolean): INodeProperties[] {
	return [
		{
			displayName: 'Ed25519 Public Key',
			name: 'ed25519PublicKey',
			type: 'string',
			typeOptions: { rows: 3 },
			required: main,
			default: PUBLISHED_ED25519_PUBLIC_KEY,
			description:
				'PEM key that verifies x-ghl-signature, the header today\'s deliveries carry. Pre-filled with the key HighLevel publishes; change it only if HighLevel rotates its key or for a test sender of your own.',
			...(main ? { displayOptions: { show: { ...V1_2, signatureMode: ['auto', 'ed25519'] } } } : {}),
		},
		{
			displayName: 'RSA Public Key',
			name: 'rsaPublicKey',
			type: 'string',
			typeOptions: { rows: 6 },
			required: main,
			default: PUBLISHED_RSA_PUBLIC_KEY,
			description:
				'PEM key that verifies the legacy x-wh-signature. Pre-filled with the key HighLevel publishes; change it only if HighLevel rotates its key.',
			...(main ? { displayOptions: { show: { ...V1_2, signatureMode: ['auto', 'rsa'] } } } : {}),
		},
	];
}

/** The Options every version has. */
const OPTIONS: INodeProperties[] = [
	{
		displayName: 'Other Event Types',
		name: 'otherEvents',
		type: 'string',
		default: '',
		placeholder: 'e.g. FormSubmission, CustomEventName',
		description:
			'Comma-separated body "type" values that also start the workflow, for event types newer than this list',
	},
	{
		displayName: 'Allow Missing Timestamp',
		name: 'allowMissingTimestamp',
		type: 'boolean',
		default: false,
		description:
			'Whether to accept signed deliveries without a "timestamp" field (the published examples have none). Without it, replays are only stopped by the duplicate check.',
	},
	echoGuardOption,
	{
		displayName: 'Remembered Deliveries',
		name: 'maxRememberedDeliveries',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		description:
			'How many recent webhook IDs to remember for the duplicate check. A duplicate of an ID that was pushed out is no longer detected.',
	},
	{
		displayName: 'Timestamp Tolerance (Seconds)',
		name: 'timestampToleranceSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 300,
		description:
			'Deliveries whose "timestamp" is further than this in the past or the future are rejected with 401',
	},
];

const EVENTS_PROPERTY: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	required: true,
	default: ['ContactCreate', 'ContactUpdate'],
	description:
		'The events that start the workflow (matched on the body\'s "type"). Other events are acknowledged with 200 and start nothing.',
	// "Group: Event" names keep each group together in the alphabetical list.
	options: [
		{ name: 'All Events', value: ALL_EVENTS, description: 'Any event sent to this URL, including types not listed here' },
		...EVENT_GROUPS.flatMap(({ group, events }) =>
			events.map(([type, name]) => ({ name: `${group}: ${name}`, value: type, description: `Body "type": ${type}` })),
		).sort((a, b) => a.name.localeCompare(b.name)),
	],
};

export const properties: INodeProperties[] = [
	{
		displayName:
			'Paste the Production URL above into your HighLevel app under Advanced Settings → Webhook, next to the events you want, then publish this workflow.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{ ...EVENTS_PROPERTY, displayOptions: { show: V3 } },
	{ ...EVENTS_PROPERTY, default: [ALL_EVENTS], displayOptions: { show: V1_2 } },
	{
		displayName: 'Location ID',
		name: 'locationId',
		type: 'string',
		default: '',
		placeholder: 've9EPM428h8vShlRW1KT',
		description: 'Only start for deliveries of this location (sub-account). Leave empty for all locations.',
	},
	{
		displayName: 'Signature Check',
		name: 'signatureMode',
		type: 'options',
		noDataExpression: true,
		default: 'auto',
		options: [
			{
				name: 'Auto (Recommended)',
				value: 'auto',
				description:
					'Verify x-ghl-signature (Ed25519, what deliveries carry since 2026-07-01) when present, otherwise the legacy x-wh-signature (RSA)',
			},
			{ name: 'Ed25519 Only', value: 'ed25519', description: 'Require a valid x-ghl-signature' },
			{
				name: 'Off (Unsafe)',
				value: 'off',
				description: 'Accept unsigned deliveries: anyone who knows the URL can start the workflow',
			},
			{ name: 'RSA Only (Legacy)', value: 'rsa', description: 'Require a valid x-wh-signature' },
		],
	},
	{
		displayName:
			'Unsafe: signatures are not checked, so anyone who learns this URL can start the workflow with any data. Use only for a first test.',
		name: 'unsafeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { signatureMode: ['off'] } },
	},
	...keyProperties(true),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: V3 },
		options: [...OPTIONS, ...keyProperties(false)],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: V1_2 },
		options: OPTIONS,
	},
];
