import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { fetchContactPages } from '../../transport';
import { forOperation, locationOverride, readLocationId, returnAllAndLimit } from '../common';

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
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll
			? undefined
			: validate.integer('Limit (limit)', this.getNodeParameter('limit', itemIndex, 50), 1, 1_000_000);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = { locationId };
		if (filters.query) qs.query = String(filters.query);
		return { qs, limit };
	},

	async run({ qs, limit }, itemIndex) {
		return await fetchContactPages(this, qs, limit, itemIndex);
	},
};
