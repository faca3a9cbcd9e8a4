import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { dialpadApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';

/** DELETE /contacts/{id} answers with the deleted contact. */
export const deleteContact: NodeOperation<{ contactId: string }> = {
	description: forOperation('contact', 'delete', [contactLocator({ description: 'The contact to delete. This cannot be undone.' })]),

	prepare(itemIndex, validate) {
		return { contactId: readContactId(this, itemIndex, validate) };
	},

	async run({ contactId }, itemIndex) {
		const deleted = await dialpadApiRequest(this, {
			method: 'DELETE',
			path: `/contacts/${pathSegment(contactId)}`,
			idempotent: true,
			itemIndex,
			subject: `contact "${contactId}"`,
			// A retry that finds nothing: the first attempt deleted it and its answer was lost.
			alreadyDone: { statuses: [404], response: { id: contactId } },
		});
		return { ...deleted, deleted: true };
	},
};
