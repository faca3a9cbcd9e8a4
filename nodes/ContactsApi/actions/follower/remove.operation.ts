import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId, readIdList } from '../common';
import { namingMissing } from '../shared-related';
import { followersProperty } from './fields';

export interface Prepared {
	contactId: string;
	followers: string[];
}

export const remove: NodeOperation<Prepared> = {
	description: forOperation('follower', 'remove', [contactLocator(), followersProperty]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			followers: readIdList(this, itemIndex, validate, 'followers', 'Followers'),
		};
	},

	async run({ contactId, followers }, itemIndex) {
		// JSON body on DELETE, as the spec has it. Removing a non-follower is a no-op.
		const response = await namingMissing(
			this,
			{ contact: contactId },
			contactsApiRequest<{ followers?: string[]; followersRemoved?: string[] }>(this, {
				method: 'DELETE',
				path: `/contacts/${pathSegment(contactId)}/followers`,
				body: { followers },
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		// The API answers with the remaining followers and the ones this call removed.
		return {
			success: true,
			contactId,
			followers: response.followers ?? [],
			followersRemoved: response.followersRemoved ?? [],
		};
	},
};
