import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId, readIdList } from '../common';
import { namingMissing } from '../shared-related';
import { followersProperty } from './fields';

export interface Prepared {
	contactId: string;
	followers: string[];
}

export const add: NodeOperation<Prepared> = {
	description: forOperation('follower', 'add', [contactLocator(), followersProperty]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			followers: readIdList(this, itemIndex, validate, 'followers', 'Followers'),
		};
	},

	async run({ contactId, followers }, itemIndex) {
		// Idempotent: followers are a set of user IDs; a user who already follows is not
		// added again, so a retry cannot duplicate anything.
		const response = await namingMissing(
			this,
			{ contact: contactId },
			contactsApiRequest<{ followers?: string[]; followersAdded?: string[] }>(this, {
				method: 'POST',
				path: `/contacts/${pathSegment(contactId)}/followers`,
				body: { followers },
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		// The API answers with all followers now and the ones this call actually added.
		return {
			success: true,
			contactId,
			followers: response.followers ?? [],
			followersAdded: response.followersAdded ?? [],
		};
	},
};
