import type { IDataObject } from 'n8n-workflow';

import { choice, forOperation, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { readLocator } from '../../../shared/locators';
import { fetchAllPages } from '../../transport';
import { numericId, userLocator } from '../common';

export interface Prepared {
	qs: IDataObject;
	limit?: number;
}

/** GET /contacts: company-shared contacts, or one user's local ones with `owner_id`. */
export const getAll: NodeOperation<Prepared> = {
	description: forOperation('contact', 'getAll', [
		...returnAllAndLimit(),
		choice('Contacts Of', 'scope', [
			{ name: 'Company (Shared Contacts)', value: 'shared' },
			{ name: 'One User (Local Contacts)', value: 'local' },
		], 'shared'),
		userLocator({
			displayName: 'Owner',
			description: 'The user whose local contacts to list',
			displayOptions: { show: { scope: ['local'] } },
		}),
		{
			displayName: 'Include Local Contacts',
			name: 'includeLocal',
			type: 'boolean',
			default: false,
			description: "Whether to list users' local contacts too (Dialpad's include_local)",
			displayOptions: { show: { scope: ['shared'] } },
		},
	]),

	prepare(itemIndex, validate) {
		const limit = readLimit(this, itemIndex, validate);
		const qs: IDataObject = {};
		if (this.getNodeParameter('scope', itemIndex, 'shared') === 'local') {
			qs.owner_id = numericId(validate, 'Owner (userId)', readLocator(this, itemIndex, validate, 'userId', 'Owner'));
		} else if (this.getNodeParameter('includeLocal', itemIndex, false) === true) {
			qs.include_local = true;
		}
		return { qs, limit };
	},

	async run({ qs, limit }, itemIndex) {
		return await fetchAllPages(this, { path: '/contacts', qs, limit, itemIndex });
	},
};
