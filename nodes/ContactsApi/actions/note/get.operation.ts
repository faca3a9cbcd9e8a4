import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { idProperty, namingMissing, readId } from '../shared-related';
import { NOTE_ID_LABEL } from './fields';

export interface Prepared {
	contactId: string;
	noteId: string;
}

export const get: NodeOperation<Prepared> = {
	description: forOperation('note', 'get', [
		contactLocator(),
		idProperty('noteId', NOTE_ID_LABEL, 'ID of the note', 'e.g. HGPcayliwcdoUFzvbTok'),
	]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			noteId: readId(this, itemIndex, validate, 'noteId', NOTE_ID_LABEL),
		};
	},

	async run({ contactId, noteId }, itemIndex) {
		const response = await namingMissing(
			this,
			{ note: noteId, contact: contactId },
			contactsApiRequest<{ note: IDataObject }>(this, {
				method: 'GET',
				path: `/contacts/${pathSegment(contactId)}/notes/${pathSegment(noteId)}`,
				idempotent: true,
				scope: 'contacts.readonly',
				itemIndex,
			}),
		);
		return response.note;
	},
};
