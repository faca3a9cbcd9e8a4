import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { namingMissing, readList } from '../shared-related';
import { TAGS_LABEL, tagsProperty } from './fields';

export interface Prepared {
	contactId: string;
	tags: string[];
}

export const add: NodeOperation<Prepared> = {
	description: forOperation('tag', 'add', [contactLocator(), tagsProperty]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			tags: readList(validate, TAGS_LABEL, this.getNodeParameter('tags', itemIndex, [])),
		};
	},

	async run({ contactId, tags }, itemIndex) {
		// Idempotent: a contact's tags are a set, so adding a tag it already has changes
		// nothing and a retry after a dropped connection cannot duplicate anything.
		const response = await namingMissing(
			this,
			{ contact: contactId },
			contactsApiRequest<{ tags?: string[] }>(this, {
				method: 'POST',
				path: `/contacts/${pathSegment(contactId)}/tags`,
				body: { tags },
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		// The API answers with the contact's tags after the change.
		return { success: true, contactId, tagsAdded: tags, tags: response.tags ?? [] };
	},
};
