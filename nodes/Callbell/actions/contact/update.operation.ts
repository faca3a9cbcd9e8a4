import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
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
import { callbellApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactUuid, requiredText } from '../common';

export interface Prepared {
	uuid: string;
	body: IDataObject;
}

export const update: NodeOperation<Prepared> = {
	description: forOperation('contact', 'update', [
		contactLocator(),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'The phone number of a contact cannot be changed',
			options: [
				assignedUserField,
				botStatusField,
				customFieldsField,
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				noteField(true),
				{
					...tagsField,
					description:
						'Replaces all tags of the contact. Tag names separated by commas; each must already exist in Callbell. Leave empty to remove every tag.',
				},
				teamField,
				{
					displayName: 'Unassign User',
					name: 'unassignUser',
					type: 'boolean',
					default: true,
					description: 'Whether to remove the assigned user from the contact',
				},
			],
		},
	]),

	prepare(itemIndex, validate) {
		const uuid = readContactUuid(this, itemIndex, validate);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {};
		if (fields.name !== undefined) body.name = requiredText(validate, 'Name (name)', fields.name).trim();
		if (fields.tags !== undefined) body.tags = readTags(validate, fields.tags, true);
		if (fields.customFields !== undefined) body.custom_fields = readCustomFields(validate, fields.customFields);
		if (fields.assignedUser !== undefined) body.assigned_user = validate.email('Assigned User Email (assignedUser)', fields.assignedUser);
		if (fields.unassignUser === true) {
			if (body.assigned_user) validate.fail('Unassign User (unassignUser)', 'it cannot be combined with Assigned User Email');
			body.unassign_user = true;
		}
		if (fields.teamUuid !== undefined) body.team_uuid = validate.id('Team (teamUuid)', fields.teamUuid);
		if (fields.botStatus !== undefined) body.bot_status = readBotStatus(validate, fields.botStatus);
		// An empty note is sent on purpose: Callbell clears the note on "".
		if (fields.note !== undefined) body.note = readNote(validate, fields.note);
		if (Object.keys(body).length === 0) validate.fail('Update Fields (updateFields)', 'add at least one field to change');
		return { uuid, body };
	},

	async run({ uuid, body }, itemIndex) {
		const response = await callbellApiRequest<{ contact?: unknown }>(this, {
			method: 'PATCH',
			path: `/contacts/${pathSegment(uuid)}`,
			body,
			idempotent: true,
			itemIndex,
			subject: `contact "${uuid}"`,
		});
		return normalizeContact(response.contact);
	},
};
