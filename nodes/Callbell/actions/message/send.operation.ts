import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { Validator } from '../../../shared/validation';
import { readBotStatus } from '../../helpers/contactFields';
import { callbellApiRequest } from '../../transport';
import { channelTypeOf, oneOf, readLocator, requiredText } from '../common';
import { httpUrl, markMessage, readMetadata, readTemplateValues } from './sendInputs';
import { MESSAGE_TYPES, OUTPUT_FIELDS, sendProperties, TEMPLATE_MEDIA_TYPES } from './sendParameters';

export { METADATA_MAX_KEY_LENGTH, METADATA_MAX_KEYS, METADATA_MAX_VALUE_LENGTH, readMetadata } from './sendInputs';

export interface Prepared {
	body: IDataObject;
	/** The recipient as given; checked for the channel's platform in run(). */
	to?: unknown;
}

export const send: NodeOperation<Prepared> = {
	description: forOperation('message', 'send', sendProperties),

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
