import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest } from '../../transport';
import { forOperation, locationOverride, readIdList, readLocationId } from '../common';

export interface Prepared {
	body: IDataObject;
}

export const assignBusiness: NodeOperation<Prepared> = {
	description: forOperation('bulk', 'assignBusiness', [
		{
			displayName: 'Action',
			name: 'businessAction',
			type: 'options',
			options: [
				{ name: 'Add to Business', value: 'add' },
				{ name: 'Remove From Business', value: 'remove' },
			],
			default: 'add',
		},
		{
			displayName: 'Business ID',
			name: 'businessId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 63b7ec34ea409a9a8bd2a4ff',
			displayOptions: { show: { businessAction: ['add'] } },
		},
		{
			displayName: 'Contact IDs',
			name: 'contactIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. ocQHyuzHvysMo5N5VsXc, pOC0uJ97VYOKH2m3fkMD',
			description: 'IDs separated by commas, spaces or new lines, or an array from an expression',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [locationOverride],
		},
	]),

	async prepare(itemIndex, validate) {
		const action = this.getNodeParameter('businessAction', itemIndex, 'add') as string;
		if (action !== 'add' && action !== 'remove') validate.fail('Action (businessAction)', `"${action}" is not add or remove`);
		// The API removes contacts from their business when businessId is null.
		const businessId =
			action === 'add' ? validate.id('Business ID (businessId)', this.getNodeParameter('businessId', itemIndex, '')) : null;
		const ids = readIdList(this, itemIndex, validate, 'contactIds', 'Contact IDs');
		const locationId = await readLocationId(this, itemIndex, validate);
		return { body: { locationId, ids, businessId } };
	},

	async run({ body }, itemIndex) {
		// Setting the same business again changes nothing, so retries are safe.
		return await contactsApiRequest<IDataObject>(this, {
			method: 'POST',
			path: '/contacts/bulk/business',
			body,
			idempotent: true,
			scope: 'contacts.write',
			itemIndex,
		});
	},
};
