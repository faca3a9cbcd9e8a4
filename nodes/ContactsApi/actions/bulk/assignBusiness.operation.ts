import type { IDataObject } from 'n8n-workflow';

import { choice, forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { locationOptions, readLocationId } from '../common';
import { bulkRequest, businessLocator, contactIdsProperty, readBusinessId, readContactIds } from './fields';

export interface Prepared {
	body: IDataObject;
}

export const assignBusiness: NodeOperation<Prepared> = {
	description: forOperation('bulk', 'assignBusiness', [
		choice('Action', 'businessAction', [
			{ name: 'Add to Business', value: 'add' },
			{ name: 'Remove From Business', value: 'remove' },
		], 'add'),
		businessLocator({
			description: 'The business to add the contacts to',
			displayOptions: { show: { businessAction: ['add'] } },
		}),
		contactIdsProperty,
		locationOptions,
	]),

	async prepare(itemIndex, validate) {
		const action = this.getNodeParameter('businessAction', itemIndex, 'add') as string;
		if (action !== 'add' && action !== 'remove') validate.fail('Action (businessAction)', `"${action}" is not add or remove`);
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
