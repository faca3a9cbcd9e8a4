import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { fetchBusinessPages } from '../../transport/pagination';
import { forOperation, locationOverride, readLimit, readLocationId, readSearchText, returnAllAndLimit } from '../common';

export interface Prepared {
	businessId: string;
	qs: IDataObject;
	limit?: number;
}

export const getManyByBusiness: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getManyByBusiness', [
		{
			displayName: 'Business ID',
			name: 'businessId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 63b7ec34ea409a9a8bd2a4ff',
			description: 'The business whose contacts to get',
		},
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Query',
					name: 'query',
					type: 'string',
					default: '',
					description: 'Matches name, email, phone or company',
				},
			],
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
		const businessId = validate.id('Business ID (businessId)', this.getNodeParameter('businessId', itemIndex, ''));
		const limit = readLimit(this, itemIndex, validate);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const locationId = await readLocationId(this, itemIndex, validate);
		const qs: IDataObject = { locationId };
		const query = readSearchText(validate, 'Filters → Query (query)', filters.query);
		if (query) qs.query = query;
		return { businessId, qs, limit };
	},

	async run({ businessId, qs, limit }, itemIndex) {
		return await fetchBusinessPages(this, businessId, qs, limit, itemIndex);
	},
};
