import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { collection } from '../../../shared/descriptions';
import type { Validator } from '../../../shared/validation';
import { readSearchText } from '../common';

/** The "Filters" of the plain contact lists (Get Many, Get Many by Business). */
export const queryFilters: INodeProperties = collection('filters', [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		description: 'Free text that matches the name, email, phone or company, e.g. a surname (at most 75 characters). Leave empty for all contacts.',
	},
]);

/** The query string for those lists: the location, and the Query filter when one is set. */
export function readListQuery(ctx: IExecuteFunctions, itemIndex: number, validate: Validator, locationId: string): IDataObject {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { locationId };
	const query = readSearchText(validate, 'Filters → Query (query)', filters.query);
	if (query) qs.query = query;
	return qs;
}
