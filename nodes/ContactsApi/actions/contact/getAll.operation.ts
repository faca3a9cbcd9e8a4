import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { fetchContactPages } from '../../transport/pagination';
import { forOperation, locationOverride, readLimit, readLocationId, readSearchText, returnAllAndLimit } from '../common';

export interface Prepared {
	qs: IDataObject;
	limit?: number;
}

export const getAll: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getAll', [
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
		const locationId = await readLocationId(this, itemIndex, validate);
		const limit = readLimit(this, itemIndex, validate);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = { locationId };
		const query = readSearchText(validate, 'Filters → Query (query)', filters.query);
		if (query) qs.query = query;
		return { qs, limit };
	},

	async run({ qs, limit }, itemIndex) {
		return await fetchContactPages(this, qs, limit, itemIndex);
	},
};
