import type { IDataObject } from 'n8n-workflow';

import { collection, forOperation, requiredString } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { normalizeContact } from '../../helpers/contactFields';
import { locatorValue, optionalChannelLocator } from '../common';
import { callbellApiRequest, pathSegment } from '../../transport';

export interface Prepared {
	digits: string;
	qs: IDataObject;
}

export const getByPhone: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getByPhone', [
		requiredString('Phone Number', 'phoneNumber', {
			placeholder: 'e.g. +393331234567',
			description: 'International format with the country code; spaces and dashes are fine',
		}),
		collection('options', [
			optionalChannelLocator('Search this WhatsApp channel instead of the main one'),
		]),
	]),

	prepare(itemIndex, validate) {
		const phone = validate.phone('Phone Number (phoneNumber)', this.getNodeParameter('phoneNumber', itemIndex, ''));
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		// An emptied picker means "the main channel", like an option never added.
		const channel = locatorValue(options.channelUuid);
		if (channel !== undefined && channel !== '') qs.channel_uuid = validate.id('Channel (channelUuid)', channel);
		// The docs' example puts the bare digits in the path (…/contacts/phone/5790372023).
		return { digits: phone.replace(/^\+/, ''), qs };
	},

	async run({ digits, qs }, itemIndex) {
		const response = await callbellApiRequest<{ contact?: unknown }>(this, {
			method: 'GET',
			path: `/contacts/phone/${pathSegment(digits)}`,
			qs,
			idempotent: true,
			itemIndex,
			subject: `a contact with the phone number +${digits}${qs.channel_uuid ? ' on that channel' : ' on the main WhatsApp channel'}`,
		});
		return normalizeContact(response.contact);
	},
};
