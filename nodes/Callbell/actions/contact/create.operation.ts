import type { IDataObject } from 'n8n-workflow';

import { choice, collection, forOperation, requiredString } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import {
	assignedUserField,
	botStatusField,
	customFieldsField,
	noteField,
	normalizeContact,
	readBotStatus,
	readCustomFields,
	readNote,
	readTags,
	tagsField,
	teamField,
} from '../../helpers/contactFields';
import { CALLBELL_MARK, markWritesWhere } from '../../../shared/sync/write';
import { guardCallbellContactWrite, runCallbellGuarded } from '../../helpers/echoGuard';
import { callbellApiRequest } from '../../transport';
import { locatorValue, openChoice, optionalChannelLocator, requiredText, SOURCE_OPTIONS } from '../common';

export interface Prepared {
	body: IDataObject;
}

export const create: NodeOperation<Prepared> = {
	description: forOperation('contact', 'create', [
		choice('Source', 'source', SOURCE_OPTIONS, 'whatsapp', {
			required: true,
			description: 'The integration the contact comes from',
		}),
		requiredString('Identifier', 'identifier', {
			placeholder: 'e.g. +393331234567',
			description:
				"For WhatsApp the phone number in international format (it cannot be changed later); otherwise the contact's ID on that platform",
		}),
		requiredString('Name', 'name'),
		collection('additionalFields', [
			assignedUserField,
			botStatusField,
			optionalChannelLocator('Channel of the contact (default: the main channel of the source); the list shows the channels of the chosen Source'),
			customFieldsField,
			noteField(false),
			tagsField,
			teamField,
		]),
		collection('options', [markWritesWhere(CALLBELL_MARK)]),
	]),

	prepare(itemIndex, validate) {
		const source = openChoice(validate, 'Source (source)', this.getNodeParameter('source', itemIndex, ''));
		const rawIdentifier = this.getNodeParameter('identifier', itemIndex, '');
		const identifier =
			source === 'whatsapp'
				? validate.phone('Identifier (identifier)', rawIdentifier)
				: validate.id('Identifier (identifier)', rawIdentifier);
		const name = requiredText(validate, 'Name (name)', this.getNodeParameter('name', itemIndex, '')).trim();
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = { identifier, source, name };
		if (fields.tags !== undefined) {
			const tags = readTags(validate, fields.tags, true);
			if (tags.length) body.tags = tags;
		}
		const customFields = readCustomFields(validate, fields.customFields);
		if (customFields) body.custom_fields = customFields;
		if (fields.assignedUser) body.assigned_user = validate.email('Assigned User Email (assignedUser)', fields.assignedUser);
		if (fields.teamUuid) body.team_uuid = validate.id('Team (teamUuid)', fields.teamUuid);
		if (locatorValue(fields.channelUuid)) body.channel_uuid = validate.id('Channel (channelUuid)', locatorValue(fields.channelUuid));
		if (fields.botStatus !== undefined) body.bot_status = readBotStatus(validate, fields.botStatus);
		if (fields.note !== undefined && fields.note !== '') body.note = readNote(validate, fields.note);
		return { body };
	},

	async run({ body }, itemIndex) {
		// Not idempotent: never retried after an ambiguous failure (a second contact). Sent again
		// without the stamp only after a clear refusal of its field (nothing was created).
		const guard = await guardCallbellContactWrite(this, itemIndex, undefined, body);
		return await runCallbellGuarded(this, guard, async (sent) => {
			const response = await callbellApiRequest<{ contact?: unknown }>(this, {
				method: 'POST',
				path: '/contacts',
				body: sent,
				idempotent: false,
				itemIndex,
				action: 'create the contact',
			});
			return normalizeContact(response.contact);
		});
	},
};
