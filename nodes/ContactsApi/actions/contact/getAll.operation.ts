import type { IDataObject } from 'n8n-workflow';

import { forOperation, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { fetchContactPages } from '../../transport/pagination';
import { locationOptions, readLocationId } from '../common';
import { queryFilters, readListQuery } from './fields';
import { readSimplify, simplifyContacts, simplifyProperties } from './simplify';

export interface Prepared {
	qs: IDataObject;
	limit?: number;
	simplify: boolean;
}

export const getAll: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getAll', [
		...returnAllAndLimit(),
		queryFilters,
		...simplifyProperties,
		locationOptions,
	]),

	async prepare(itemIndex, validate) {
		const locationId = await readLocationId(this, itemIndex, validate);
		const limit = readLimit(this, itemIndex, validate);
		return { qs: readListQuery(this, itemIndex, validate, locationId), limit, simplify: readSimplify(this, itemIndex) };
	},

	async run({ qs, limit, simplify }, itemIndex) {
		const contacts = await fetchContactPages(this, qs, limit, itemIndex);
		return simplify ? await simplifyContacts(this, contacts) : contacts;
	},
};
