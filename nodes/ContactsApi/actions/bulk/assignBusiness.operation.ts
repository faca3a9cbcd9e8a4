import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { locationOptions, readLocationId } from '../common';
import { addOrRemove, bulkRequest, businessLocator, contactIdsProperty, readAddOrRemove, readBusinessId, readContactIds } from './fields';

export interface Prepared {
	body: IDataObject;
}

export const assignBusiness: NodeOperation<Prepared> = {
	description: forOperation('bulk', 'assignBusiness', [
		addOrRemove('businessAction', 'Add to Business', 'Remove From Business'),
		businessLocator({
			description: 'The business to add the contacts to',
			displayOptions: { show: { businessAction: ['add'] } },
		}),
		contactIdsProperty,
		locationOptions,
	]),

	async prepare(itemIndex, validate) {
		const action = readAddOrRemove(this, itemIndex, validate, 'businessAction');
		// The API removes contacts from their business when businessId is null.
		const businessId = action === 'add' ? readBusinessId(this, itemIndex, validate) : null;
		const ids = readContactIds(this, itemIndex, validate);
		const locationId = await readLocationId(this, itemIndex, validate);
		return { body: { locationId, ids, businessId } };
	},

	async run({ body }, itemIndex) {
		// Setting the same business again changes nothing, so retries are safe.
		return await bulkRequest(this, '/contacts/bulk/business', body, itemIndex);
	},
};
