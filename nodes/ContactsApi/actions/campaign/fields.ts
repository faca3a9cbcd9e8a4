import type { IHttpRequestMethods } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import { locator, readLocator } from '../../../shared/locators';
import type { NodeOperation } from '../../../shared/items';
import type { ContactsRequest } from '../../transport';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';
import { namingMissing, succeeded } from '../apiQuirks';

export const CAMPAIGN_ID_LABEL = 'Campaign ID';

export const campaignIdProperty = locator({
	displayName: 'Campaign',
	name: 'campaignId',
	searchMethod: 'searchCampaigns',
	placeholder: 'e.g. YlWd2wuCAZQzh2cH1fVZ',
	description: 'The campaign (an email/SMS sequence of the location): pick it, or give its ID',
});

export interface Membership {
	contactId: string;
	campaignId: string;
}

/**
 * Adding a contact to a campaign and removing it are the same call with another method:
 * /contacts/{contactId}/campaigns/{campaignId}. Both are idempotent (membership is keyed by
 * contact and campaign); the output is the same.
 */
export function membershipOperation(
	operation: 'add' | 'remove',
	method: IHttpRequestMethods,
	body: Pick<ContactsRequest, 'body' | 'headers'> = {},
): NodeOperation<Membership> {
	return {
		description: forOperation('campaign', operation, [contactLocator(), campaignIdProperty]),

		prepare(itemIndex, validate) {
			return {
				contactId: readContactId(this, itemIndex, validate),
				campaignId: readLocator(this, itemIndex, validate, 'campaignId', CAMPAIGN_ID_LABEL),
			};
		},

		async run({ contactId, campaignId }, itemIndex) {
			const response = await namingMissing(
				this,
				{ campaign: campaignId, contact: contactId },
				contactsApiRequest(this, {
					method,
					path: `/contacts/${pathSegment(contactId)}/campaigns/${pathSegment(campaignId)}`,
					...body,
					idempotent: true,
					scope: 'contacts.write',
					itemIndex,
				}),
			);
			return { success: succeeded(response), contactId, campaignId };
		},
	};
}
