import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { namingMissing, readId, succeeded } from '../shared-related';
import { CAMPAIGN_ID_LABEL, campaignIdProperty } from './fields';

export interface Prepared {
	contactId: string;
	campaignId: string;
}

export const remove: NodeOperation<Prepared> = {
	description: forOperation('campaign', 'remove', [contactLocator(), campaignIdProperty]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			campaignId: readId(this, itemIndex, validate, 'campaignId', CAMPAIGN_ID_LABEL),
		};
	},

	async run({ contactId, campaignId }, itemIndex) {
		// Removing a contact that is not (or no longer) in the campaign is a no-op.
		const response = await namingMissing(
			this,
			{ campaign: campaignId, contact: contactId },
			contactsApiRequest(this, {
				method: 'DELETE',
				path: `/contacts/${pathSegment(contactId)}/campaigns/${pathSegment(campaignId)}`,
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return { success: succeeded(response), contactId, campaignId };
	},
};
