import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { idProperty, namingMissing, readId, requireSomeField } from '../shared-related';
import { NOTE_ID_LABEL, bodyDescription, optionalNoteFields, readNoteFields } from './fields';

export interface Prepared {
	contactId: string;
	noteId: string;
	body: IDataObject;
}

export const update: NodeOperation<Prepared> = {
	description: forOperation('note', 'update', [
		contactLocator(),
		idProperty('noteId', NOTE_ID_LABEL, 'ID of the note to update', 'e.g. HGPcayliwcdoUFzvbTok'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 4 }, default: '', description: bodyDescription },
				...optionalNoteFields,
			],
		},
	]),

	prepare(itemIndex, validate) {
		const contactId = readContactId(this, itemIndex, validate);
		const noteId = readId(this, itemIndex, validate, 'noteId', NOTE_ID_LABEL);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		return { contactId, noteId, body: requireSomeField(validate, readNoteFields(validate, fields)) };
	},

	async run({ contactId, noteId, body }, itemIndex) {
		// PUT sets the given fields: repeating it changes nothing more.
		const response = await namingMissing(
			this,
			{ note: noteId, contact: contactId },
			contactsApiRequest<{ note: IDataObject }>(this, {
				method: 'PUT',
				path: `/contacts/${pathSegment(contactId)}/notes/${pathSegment(noteId)}`,
				body,
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return response.note;
	},
};
