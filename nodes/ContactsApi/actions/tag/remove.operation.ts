import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { namingMissing, readList } from '../shared-related';
import { TAGS_LABEL, tagsProperty } from './fields';

export interface Prepared {
	contactId: string;
	tags: string[];
}

export const remove: NodeOperation<Prepared> = {
	description: forOperation('tag', 'remove', [contactLocator(), tagsProperty]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			tags: readList(validate, TAGS_LABEL, this.getNodeParameter('tags', itemIndex, [])),
		};
	},

	async run({ contactId, tags }, itemIndex) {
		// The API takes the tags as a JSON body on DELETE. Removing a tag that is already
		// gone is a no-op, so the call is safe to repeat.
		const response = await namingMissing(
			this,
			{ contact: contactId },
			contactsApiRequest<{ tags?: string[] }>(this, {
				method: 'DELETE',
				path: `/contacts/${pathSegment(contactId)}/tags`,
				body: { tags },
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		// The API answers with the tags the contact still has.
		return { success: true, contactId, tagsRemoved: tags, tags: response.tags ?? [] };
	},
};
