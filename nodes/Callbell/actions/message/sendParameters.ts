import type { INodeProperties } from 'n8n-workflow';

import { choice, collection, requiredString } from '../../../shared/descriptions';
import { assignedUserField, botStatusField, teamField } from '../../helpers/contactFields';
import { markWritesWhere } from '../../../shared/sync/write';
import { channelLocator, templateLocator } from '../common';
import { METADATA_MAX_KEY_LENGTH, METADATA_MAX_KEYS, METADATA_MAX_VALUE_LENGTH } from './sendInputs';

/** The parameters of Message → Send (POST /messages/send, post_send_messages.md) and the values they offer. */

const MEDIA_TYPES = ['image', 'document', 'audio', 'video'];
export const MESSAGE_TYPES = ['text', ...MEDIA_TYPES, 'template'];
export const TEMPLATE_MEDIA_TYPES = ['none', 'image', 'document', 'video'];
/** What Send Message may add to its answer (`fields`); the check in send.operation.ts reads the same list. */
const OUTPUT_FIELD_OPTIONS = [
	{ name: 'Contact', value: 'contact' },
	{ name: 'Conversation', value: 'conversation' },
];
export const OUTPUT_FIELDS = OUTPUT_FIELD_OPTIONS.map((o) => o.value);

const show = (messageType: string[]) => ({ displayOptions: { show: { messageType } } });

export const sendProperties: INodeProperties[] = [
	// Callbell's "from" (the platform) is the channel's own type: the node reads it from the
	// channel (channelTypeOf) instead of asking for it a second time.
	channelLocator({ description: 'The channel to send from (the current Callbell docs require it); its platform is sent as "from"' }),
	choice('Recipient', 'recipientType', [
		{ name: 'Phone Number or Platform ID', value: 'to' },
		{ name: 'BSUID', value: 'bsuid', description: 'WhatsApp Business Suite User ID' },
	], 'to'),
	requiredString('To', 'to', {
		placeholder: 'e.g. +31612345678',
		description: "WhatsApp: the phone number in international format. Other platforms: the contact's ID there.",
		displayOptions: { show: { recipientType: ['to'] } },
	}),
	requiredString('BSUID', 'bsuid', {
		placeholder: 'e.g. US.13491208655302741918',
		displayOptions: { show: { recipientType: ['bsuid'] } },
	}),
	choice('Message Type', 'messageType', [
		{ name: 'Audio', value: 'audio', description: 'WhatsApp Business API channels only' },
		{ name: 'Document', value: 'document' },
		{ name: 'Image', value: 'image' },
		{ name: 'Template', value: 'template', description: 'An approved WhatsApp template; the only kind allowed after 24 h without a reply' },
		{ name: 'Text', value: 'text' },
		{ name: 'Video', value: 'video', description: 'WhatsApp Business API channels only' },
	], 'text', { description: 'Outside the 24-hour window after the contact last wrote, only templates can be sent' }),
	requiredString('Text', 'text', { typeOptions: { rows: 3 }, ...show(['text']) }),
	requiredString('Media URL', 'mediaUrl', {
		placeholder: 'https://example.com/file.jpeg',
		description: 'Public http(s) URL of the file',
		...show(MEDIA_TYPES),
	}),
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		...show(['image', 'video', 'document']),
	},
	templateLocator({ description: 'An approved template (WhatsApp Business API channels only)', ...show(['template']) }),
	{
		displayName: 'Template Values',
		name: 'templateValues',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Value',
		description: 'Values for the placeholders {{1}}, {{2}}, … in order',
		options: [{ displayName: 'Value', name: 'value', values: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }] }],
		...show(['template']),
	},
	choice('Template Media', 'templateMediaType', [
		{ name: 'None', value: 'none' },
		{ name: 'Document', value: 'document' },
		{ name: 'Image', value: 'image' },
		{ name: 'Video', value: 'video' },
	], 'none', { description: 'For templates approved with a media header', ...show(['template']) }),
	requiredString('Template Media URL', 'templateMediaUrl', {
		placeholder: 'https://example.com/file.pdf',
		displayOptions: { show: { messageType: ['template'], templateMediaType: ['image', 'document', 'video'] } },
	}),
	{
		displayName: 'Contact Opted In',
		name: 'optInContact',
		type: 'boolean',
		default: false,
		description: 'Whether the contact agreed to receive messages. Callbell requires this confirmation for every template message.',
		...show(['template']),
	},
	collection('additionalFields', [
		{ ...assignedUserField, description: 'Assign the conversation to this Callbell user (email)' },
		botStatusField,
		{
			displayName: 'Include in Output',
			name: 'fields',
			type: 'multiOptions',
			options: OUTPUT_FIELD_OPTIONS,
			default: [],
			description: 'Extra objects Callbell returns with the message',
		},
		{
			displayName: 'Metadata',
			name: 'metadata',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Metadata',
			description: `Up to ${METADATA_MAX_KEYS} key-value pairs returned in webhook events (keys up to ${METADATA_MAX_KEY_LENGTH} characters, values up to ${METADATA_MAX_VALUE_LENGTH}). No sensitive data.`,
			options: [
				{
					displayName: 'Entry',
					name: 'entry',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{ ...teamField, description: 'Assign the conversation to this team. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.' },
	]),
	collection('options', [markWritesWhere('The mark goes into the message metadata (key n8n_sync), which Callbell sends back in message_created.')]),
];
