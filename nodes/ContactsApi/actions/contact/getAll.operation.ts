import type { IDataObject } from 'n8n-workflow';

import { forOperation, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { fetchContactPages } from '../../transport/pagination';
import { locationOptions, readLocationId } from '../common';
import { queryFilters, readListQuery } from './fields';

export interface Prepared {
	qs: IDataObject;
	limit?: number;
}

export const getAll: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getAll', [
		...returnAllAndLimit(),
		queryFilters,
		locationOptions,
	]),

	async prepare(itemIndex, validate) {
		const locationId = await readLocationId(this, itemIndex, validate);
		const limit = readLimit(this, itemIndex, validate);
		return { qs: readListQuery(this, itemIndex, validate, locationId), limit };
	},

	async run({ qs, limit }, itemIndex) {
		return await fetchContactPages(this, qs, limit, itemIndex);
	},
};
