import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { Validator } from '../../../shared/validation';
import { assignedUserField, botStatusField, readBotStatus, teamField } from '../../helpers/contactFields';
import { MESSAGE_STAMP_KEY, messageValues } from '../../../shared/sync/receive';
import { makeStamp } from '../../../shared/sync/stamp';
import { marksWrites, markWritesWhere, writeKey } from '../../../shared/sync/write';
import { callbellApiRequest } from '../../transport';
import { channelLocator, channelTypeOf, oneOf, readLocator, requiredText, templateLocator } from '../common';

/** Documented metadata limits (post_send_messages.md, "Metadata Limitations"). */
export const METADATA_MAX_KEYS = 10;
export const METADATA_MAX_KEY_LENGTH = 50;
export const METADATA_MAX_VALUE_LENGTH = 500;

const MEDIA_TYPES = ['image', 'document', 'audio', 'video'];
const MESSAGE_TYPES = ['text', ...MEDIA_TYPES, 'template'];
const TEMPLATE_MEDIA_TYPES = ['none', 'image', 'document', 'video'];
const OUTPUT_FIELDS = ['contact', 'conversation'];

const show = (messageType: string[]) => ({ displayOptions: { show: { messageType } } });

const properties: INodeProperties[] = [
	// Callbell's "from" (the platform) is the channel's own type: the node reads it from the
	// channel (channelTypeOf) instead of asking for it a second time.
	channelLocator({ description: 'The channel to send from (the current Callbell docs require it); its platform is sent as "from"' }),
	{
		displayName: 'Recipient',
		name: 'recipientType',
		type: 'options',
		options: [
			{ name: 'Phone Number or Platform ID', value: 'to' },
			{ name: 'BSUID', value: 'bsuid', description: 'WhatsApp Business Suite User ID' },
		],
		default: 'to',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +31612345678',
		description: "WhatsApp: the phone number in international format. Other platforms: the contact's ID there.",
		displayOptions: { show: { recipientType: ['to'] } },
	},
	{
		displayName: 'BSUID',
		name: 'bsuid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. US.13491208655302741918',
		displayOptions: { show: { recipientType: ['bsuid'] } },
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{ name: 'Audio', value: 'audio', description: 'WhatsApp Business API channels only' },
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'Template', value: 'template', description: 'An approved WhatsApp template; the only kind allowed after 24 h without a reply' },
			{ name: 'Text', value: 'text' },
			{ name: 'Video', value: 'video', description: 'WhatsApp Business API channels only' },
		],
		default: 'text',
		description: 'Outside the 24-hour window after the contact last wrote, only templates can be sent',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		...show(['text']),
	},
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/file.jpeg',
		description: 'Public http(s) URL of the file',
		...show(MEDIA_TYPES),
	},
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
	{
		displayName: 'Template Media',
		name: 'templateMediaType',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'Video', value: 'video' },
		],
		default: 'none',
		description: 'For templates approved with a media header',
		...show(['template']),
	},
	{
		displayName: 'Template Media URL',
		name: 'templateMediaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/file.pdf',
		displayOptions: { show: { messageType: ['template'], templateMediaType: ['image', 'document', 'video'] } },
	},
	{
		displayName: 'Contact Opted In',
		name: 'optInContact',
		type: 'boolean',
		default: false,
		description: 'Whether the contact agreed to receive messages. Callbell requires this confirmation for every template message.',
		...show(['template']),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ ...assignedUserField, description: 'Assign the conversation to this Callbell user (email)' },
			botStatusField,
			{
				displayName: 'Include in Output',
				name: 'fields',
				type: 'multiOptions',
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Conversation', value: 'conversation' },
				],
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
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [markWritesWhere('The mark goes into the message metadata (key n8n_sync), which Callbell sends back in message_created.')],
	},
];

/**
 * Mark Writes on a message: the stamp goes into `metadata.n8n_sync` (Callbell returns a sender's
 * metadata in message_created), over the message's text. Not added when the metadata already
 * holds Callbell's maximum of keys.
 */
function markMessage(ctx: IExecuteFunctions, itemIndex: number, body: IDataObject): { body: IDataObject; sync?: IDataObject } {
	if (!marksWrites(ctx, ctx.getNodeParameter('options.markWrites', itemIndex, 'auto'))) return { body };
	const metadata = (body.metadata as IDataObject | undefined) ?? {};
	if (Object.keys(metadata).length >= METADATA_MAX_KEYS) {
		return { body, sync: { stamped: false, reason: `no stamp: the metadata already has ${METADATA_MAX_KEYS} keys, Callbell's maximum` } };
	}
	const text = (body.content as IDataObject | undefined)?.text;
	const stamp = makeStamp(writeKey(ctx), 'cb', '', ['mt'], messageValues(body.type === 'text' ? text : undefined), Date.now());
	return { body: { ...body, metadata: { ...metadata, [MESSAGE_STAMP_KEY]: stamp } }, sync: { stamped: true } };
}

function httpUrl(validate: Validator, label: string, value: unknown): string {
	const text = String(value ?? '').trim();
	let ok = false;
	try {
		const url = new URL(text);
		ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		ok = false;
	}
	if (!ok) validate.fail(label, `"${text}" is not an http(s) URL`);
	return text;
}

export function readMetadata(validate: Validator, collection: unknown): IDataObject {
	const entries = ((collection as IDataObject | undefined)?.entry ?? []) as IDataObject[];
	const label = 'Metadata (metadata)';
	if (entries.length === 0) validate.fail(label, 'add at least one entry, or remove the option');
	if (entries.length > METADATA_MAX_KEYS) validate.fail(label, `it has ${entries.length} entries; Callbell accepts at most ${METADATA_MAX_KEYS}`);
	const out: IDataObject = {};
	for (const entry of entries) {
		const key = String(entry.key ?? '').trim();
		const value = String(entry.value ?? '');
		if (!key) validate.fail(label, 'a key is empty');
		if (key.length > METADATA_MAX_KEY_LENGTH) validate.fail(label, `the key "${key.slice(0, 20)}…" is ${key.length} characters long; at most ${METADATA_MAX_KEY_LENGTH}`);
		if (value.length > METADATA_MAX_VALUE_LENGTH) validate.fail(label, `the value of "${key}" is ${value.length} characters long; at most ${METADATA_MAX_VALUE_LENGTH}`);
		if (key in out) validate.fail(label, `the key "${key}" is given twice`);
		out[key] = value;
	}
	return out;
}

function readTemplateValues(collection: unknown): string[] {
	const rows = ((collection as IDataObject | undefined)?.value ?? []) as IDataObject[];
	return rows.map((r) => String(r.value ?? ''));
}

export interface Prepared {
	body: IDataObject;
	/** The recipient as given; checked for the channel's platform in run(). */
	to?: unknown;
}

export const send: NodeOperation<Prepared> = {
	description: forOperation('message', 'send', properties),

	prepare(itemIndex, validate) {
		const param = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
		const body: IDataObject = { channel_uuid: readLocator(this, itemIndex, validate, 'channelUuid', 'Channel') };
		const recipientType = oneOf(validate, 'Recipient (recipientType)', param('recipientType', 'to'), ['to', 'bsuid']);
		let to: unknown;
		if (recipientType === 'to') {
			// Which rule applies (a WhatsApp number or another platform's ID) depends on the
			// channel's platform, read in run(); here `to` must pass one of them, so a value
			// that fits no platform stops the node before anything is sent.
			to = param('to');
			const text = String(to ?? '').trim();
			// Digits with a "+" or phone punctuation can only be a number; anything else must at
			// least be a valid ID (a bare digit string may be a Telegram chat ID).
			if (/^[+\d\s\-().]+$/.test(text) && /[+\s\-().]/.test(text)) validate.phone('To (to)', to);
			else validate.id('To (to)', to);
		} else {
			body.bsuid = validate.id('BSUID (bsuid)', param('bsuid'));
		}

		const messageType = oneOf(validate, 'Message Type (messageType)', param('messageType', 'text'), MESSAGE_TYPES);
		if (messageType === 'text') {
			body.type = 'text';
			body.content = { text: requiredText(validate, 'Text (text)', param('text')) };
		} else if (messageType === 'template') {
			if (param('optInContact', false) !== true) {
				validate.fail('Contact Opted In (optInContact)', 'Callbell sends templates only with the confirmation that the contact opted in');
			}
			const mediaType = oneOf(validate, 'Template Media (templateMediaType)', param('templateMediaType', 'none'), TEMPLATE_MEDIA_TYPES);
			const values = readTemplateValues(param('templateValues', {}));
			const content: IDataObject = {};
			// A one-placeholder template takes its value from content.text; several go in template_values.
			if (values.length) content.text = values[0];
			if (mediaType !== 'none') content.url = httpUrl(validate, 'Template Media URL (templateMediaUrl)', param('templateMediaUrl'));
			body.type = mediaType === 'none' ? 'text' : mediaType;
			body.content = content;
			body.template_uuid = readLocator(this, itemIndex, validate, 'templateUuid', 'Template');
			body.optin_contact = true;
			if (values.length) body.template_values = values;
		} else {
			const content: IDataObject = { url: httpUrl(validate, 'Media URL (mediaUrl)', param('mediaUrl')) };
			const caption = messageType === 'audio' ? '' : String(param('caption') ?? '');
			if (caption.trim()) content.text = caption;
			body.type = messageType;
			body.content = content;
		}

		const extra = param('additionalFields', {}) as IDataObject;
		if (extra.assignedUser !== undefined) body.assigned_user = validate.email('Assigned User Email (assignedUser)', extra.assignedUser);
		if (extra.teamUuid !== undefined) body.team_uuid = validate.id('Team (teamUuid)', extra.teamUuid);
		if (extra.botStatus !== undefined) body.bot_status = readBotStatus(validate, extra.botStatus);
		if (extra.fields !== undefined) {
			const fields = (Array.isArray(extra.fields) ? extra.fields : [extra.fields]).map(String);
			for (const f of fields) oneOf(validate, 'Include in Output (fields)', f, OUTPUT_FIELDS);
			if (fields.length) body.fields = [...new Set(fields)].join(',');
		}
		if (extra.metadata !== undefined) body.metadata = readMetadata(validate, extra.metadata);
		return { body, to };
	},

	async run({ body, to }, itemIndex) {
		const from = await channelTypeOf(this, String(body.channel_uuid), itemIndex);
		const validate = new Validator(this, itemIndex);
		const recipient = to === undefined ? {} : { to: from === 'whatsapp' ? validate.phone('To (to)', to) : validate.id('To (to)', to) };
		const marked = markMessage(this, itemIndex, body);
		// Never retried after an ambiguous failure: the contact would get the message twice.
		const response = await callbellApiRequest<{ message?: IDataObject }>(this, {
			method: 'POST',
			path: '/messages/send',
			body: { from, ...marked.body, ...recipient },
			idempotent: false,
			itemIndex,
			action: 'send the message',
		});
		const message = response.message ?? {};
		return marked.sync ? { ...message, _sync: marked.sync } : message;
	},
};
