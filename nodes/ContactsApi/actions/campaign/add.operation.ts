import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { namingMissing, readId, requiredJsonBody, succeeded } from '../shared-related';
import { CAMPAIGN_ID_LABEL, campaignIdProperty } from './fields';

export interface Prepared {
	contactId: string;
	campaignId: string;
}

export const add: NodeOperation<Prepared> = {
	description: forOperation('campaign', 'add', [contactLocator(), campaignIdProperty]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			campaignId: readId(this, itemIndex, validate, 'campaignId', CAMPAIGN_ID_LABEL),
		};
	},

	async run({ contactId, campaignId }, itemIndex) {
		// Idempotent: membership is keyed by contact and campaign, so adding a member again
		// leaves one membership. The spec requires a JSON body: an empty object.
		const response = await namingMissing(
			this,
			{ campaign: campaignId, contact: contactId },
			contactsApiRequest(this, {
				method: 'POST',
				path: `/contacts/${pathSegment(contactId)}/campaigns/${pathSegment(campaignId)}`,
				...requiredJsonBody({}),
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return { success: succeeded(response), contactId, campaignId };
	},
};
