import type { IDataObject } from 'n8n-workflow';

import { forOperation, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { fetchBusinessPages } from '../../transport/pagination';
import { businessLocator, readBusinessId } from '../bulk/fields';
import { locationOptions, readLocationId } from '../common';
import { queryFilters, readListQuery } from './fields';

export interface Prepared {
	businessId: string;
	qs: IDataObject;
	limit?: number;
}

export const getManyByBusiness: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getManyByBusiness', [
		businessLocator({ description: 'The business whose contacts to get' }),
		...returnAllAndLimit(),
		queryFilters,
		locationOptions,
	]),

	async prepare(itemIndex, validate) {
		const businessId = readBusinessId(this, itemIndex, validate);
		const limit = readLimit(this, itemIndex, validate);
		const locationId = await readLocationId(this, itemIndex, validate);
		return { businessId, qs: readListQuery(this, itemIndex, validate, locationId), limit };
	},

	async run({ businessId, qs, limit }, itemIndex) {
		return await fetchBusinessPages(this, businessId, qs, limit, itemIndex);
	},
};
