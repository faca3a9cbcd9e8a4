import type { INodeProperties } from 'n8n-workflow';

import { PUBLISHED_RSA_PUBLIC_KEY } from './signature';

/** Event names exactly as they arrive in the body's `type` field. */
export const EVENTS = [
	'AppointmentCreate',
	'AppointmentDelete',
	'AppointmentUpdate',
	'ContactCreate',
	'ContactDelete',
	'ContactDndUpdate',
	'ContactTagUpdate',
	'ContactUpdate',
	'NoteCreate',
	'NoteDelete',
	'NoteUpdate',
	'TaskComplete',
	'TaskCreate',
	'TaskDelete',
] as const;

export const ALL_EVENTS = '*';

function label(event: string): string {
	return event.replace(/([a-z])([A-Z])/g, '$1 $2').replace('Dnd', 'DND');
}

export const properties: INodeProperties[] = [
	{
		displayName:
			'The webhook is registered by the account owner, not by this node: copy the Production URL shown above, open your app in the app dashboard, go to Advanced Settings → Webhook, turn on the events you want and paste the URL next to them. Then publish (activate) this workflow.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [ALL_EVENTS],
		description:
			'The events that start the workflow (matched on the body\'s "type"). Other events are acknowledged with 200 and start nothing.',
		options: [
			{ name: 'All Events', value: ALL_EVENTS, description: 'Any event the dashboard sends to this URL' },
			...EVENTS.map((event) => ({ name: label(event), value: event })),
		],
	},
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
					'Verify x-ghl-signature (Ed25519) when the delivery has it, otherwise x-wh-signature (RSA)',
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
	{
		displayName: 'RSA Public Key',
		name: 'rsaPublicKey',
		type: 'string',
		typeOptions: { rows: 6 },
		required: true,
		default: PUBLISHED_RSA_PUBLIC_KEY,
		description:
			'PEM key that verifies x-wh-signature. Defaults to the key published in the Webhook Integration Guide; replace it when upstream rotates the key.',
		displayOptions: { show: { signatureMode: ['auto', 'rsa'] } },
	},
	{
		displayName: 'Ed25519 Public Key',
		name: 'ed25519PublicKey',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA...\n-----END PUBLIC KEY-----',
		description:
			'PEM key that verifies x-ghl-signature. Paste the Ed25519 public key from the provider\'s webhook documentation (no default is shipped); replace it when the provider rotates the key.',
		displayOptions: { show: { signatureMode: ['auto', 'ed25519'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allow Missing Timestamp',
				name: 'allowMissingTimestamp',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept signed deliveries without a "timestamp" field (the published examples have none). Without it, replays are only stopped by the duplicate check.',
			},
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
		],
	},
];
