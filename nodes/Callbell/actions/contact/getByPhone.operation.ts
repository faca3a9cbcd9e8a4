import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { channelField, normalizeContact } from '../../helpers/contactFields';
import { callbellApiRequest, pathSegment } from '../../transport';

export interface Prepared {
	digits: string;
	qs: IDataObject;
}

export const getByPhone: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getByPhone', [
		{
			displayName: 'Phone Number',
			name: 'phoneNumber',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. +393331234567',
			description: 'International format with the country code; spaces and dashes are fine',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					...channelField,
					description:
						'Search this channel instead of the main WhatsApp channel. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
			],
		},
	]),

	prepare(itemIndex, validate) {
		const phone = validate.phone('Phone Number (phoneNumber)', this.getNodeParameter('phoneNumber', itemIndex, ''));
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		if (options.channelUuid !== undefined) qs.channel_uuid = validate.id('Channel (channelUuid)', options.channelUuid);
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
