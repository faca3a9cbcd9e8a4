import type { IDataObject } from 'n8n-workflow';

import { collection, forOperation } from '../../../shared/descriptions';
import { clearNotice } from '../../../shared/optional';
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
import { CALLBELL_MARK, markWritesWhere, skipUnchangedOption } from '../../../shared/sync/write';
import { guardCallbellContactWrite, runCallbellGuarded } from '../../helpers/echoGuard';
import { callbellApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactUuid, requiredText } from '../common';

export interface Prepared {
	uuid: string;
	body: IDataObject;
}

export const update: NodeOperation<Prepared> = {
	clearsFields: true,
	description: forOperation('contact', 'update', [
		contactLocator(),
		clearNotice,
		collection('updateFields', [
			assignedUserField,
			botStatusField,
			customFieldsField,
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			noteField(true),
			{
				...tagsField,
				description:
					'Replaces all tags of the contact. Tag names separated by commas; each must already exist in Callbell. The expression {{ null }} removes every tag.',
			},
			teamField,
			{
				displayName: 'Unassign User',
				name: 'unassignUser',
				type: 'boolean',
				default: true,
				description: 'Whether to remove the assigned user from the contact',
			},
		], { description: 'The phone number of a contact cannot be changed' }),
		collection('options', [markWritesWhere(CALLBELL_MARK), skipUnchangedOption]),
	]),

	prepare(itemIndex, validate) {
		const uuid = readContactUuid(this, itemIndex, validate);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {};
		// Empty fields never arrive here (see shared/optional.ts); `null` ones ask to clear.
		if (fields.name === null) validate.fail('Name (name)', 'a contact must keep a name; give the new name instead of clearing it');
		if (fields.name !== undefined) body.name = requiredText(validate, 'Name (name)', fields.name).trim();
		if (fields.tags !== undefined) body.tags = fields.tags === null ? [] : readTags(validate, fields.tags, false);
		const customFields = readCustomFields(validate, fields.customFields, true);
		if (customFields) body.custom_fields = customFields;
		if (fields.assignedUser === null) body.unassign_user = true;
		else if (fields.assignedUser !== undefined) body.assigned_user = validate.email('Assigned User Email (assignedUser)', fields.assignedUser);
		if (fields.unassignUser === true) {
			if (body.assigned_user) validate.fail('Unassign User (unassignUser)', 'it cannot be combined with Assigned User Email');
			body.unassign_user = true;
		}
		// Callbell documents no way to take a contact out of its team (team_uuid is a string).
		if (fields.teamUuid === null) validate.fail('Team (teamUuid)', 'Callbell cannot remove a contact from its team; choose another team instead of clearing it');
		if (fields.teamUuid !== undefined) body.team_uuid = validate.id('Team (teamUuid)', fields.teamUuid);
		if (fields.botStatus === null) validate.fail('Bot Status (botStatus)', 'it cannot be cleared; choose Start or End');
		if (fields.botStatus !== undefined) body.bot_status = readBotStatus(validate, fields.botStatus);
		// Callbell clears the note on "".
		if (fields.note === null) body.note = '';
		else if (fields.note !== undefined) body.note = readNote(validate, fields.note);
		if (Object.keys(body).length === 0) validate.fail('Update Fields (updateFields)', 'add at least one field to change');
		return { uuid, body };
	},

	async run({ uuid, body }, itemIndex) {
		const guard = await guardCallbellContactWrite(this, itemIndex, uuid, body);
		return await runCallbellGuarded(this, guard, async (sent) => {
			const response = await callbellApiRequest<{ contact?: unknown }>(this, {
				method: 'PATCH',
				path: `/contacts/${pathSegment(uuid)}`,
				body: sent,
				idempotent: true,
				itemIndex,
				subject: `contact "${uuid}"`,
			});
			return normalizeContact(response.contact);
		});
	},
};
