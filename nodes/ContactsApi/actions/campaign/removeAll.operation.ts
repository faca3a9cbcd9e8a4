import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';
import { namingMissing, succeeded } from '../apiQuirks';

export interface Prepared {
	contactId: string;
}

export const removeAll: NodeOperation<Prepared> = {
	description: forOperation('campaign', 'removeAll', [contactLocator()]),

	prepare(itemIndex, validate) {
		return { contactId: readContactId(this, itemIndex, validate) };
	},

	async run({ contactId }, itemIndex) {
		// Ends with the contact in no campaign, however often it runs.
		const response = await namingMissing(
			this,
			{ contact: contactId },
			contactsApiRequest(this, {
				method: 'DELETE',
				path: `/contacts/${pathSegment(contactId)}/campaigns/removeAll`,
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return { success: succeeded(response), contactId };
	},
};
