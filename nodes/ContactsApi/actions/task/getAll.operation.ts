import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId, readLimit, returnAllAndLimit } from '../common';
import { applyLimit, namingMissing } from '../shared-related';

export interface Prepared {
	contactId: string;
	limit?: number;
}

export const getAll: NodeOperation<Prepared> = {
	description: forOperation('task', 'getAll', [contactLocator(), ...returnAllAndLimit()]),

	prepare(itemIndex, validate) {
		return { contactId: readContactId(this, itemIndex, validate), limit: readLimit(this, itemIndex, validate) };
	},

	async run({ contactId, limit }, itemIndex) {
		// The endpoint returns every task of the contact at once (no paging), so the limit
		// is applied here.
		const response = await namingMissing(
			this,
			{ contact: contactId },
			contactsApiRequest<{ tasks?: IDataObject[] }>(this, {
				method: 'GET',
				path: `/contacts/${pathSegment(contactId)}/tasks`,
				idempotent: true,
				scope: 'contacts.readonly',
				itemIndex,
			}),
		);
		return applyLimit(response.tasks, limit);
	},
};
