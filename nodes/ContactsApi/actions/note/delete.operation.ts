import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { idProperty, namingMissing, readId, succeeded } from '../shared-related';
import { NOTE_ID_LABEL } from './fields';

export interface Prepared {
	contactId: string;
	noteId: string;
}

export const deleteNote: NodeOperation<Prepared> = {
	description: forOperation('note', 'delete', [
		contactLocator(),
		idProperty('noteId', NOTE_ID_LABEL, 'ID of the note to delete', 'e.g. HGPcayliwcdoUFzvbTok'),
	]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			noteId: readId(this, itemIndex, validate, 'noteId', NOTE_ID_LABEL),
		};
	},

	async run({ contactId, noteId }, itemIndex) {
		// A DELETE may be repeated: the note is gone either way.
		const response = await namingMissing(
			this,
			{ note: noteId, contact: contactId },
			contactsApiRequest(this, {
				method: 'DELETE',
				path: `/contacts/${pathSegment(contactId)}/notes/${pathSegment(noteId)}`,
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return { success: succeeded(response), contactId, noteId };
	},
};
