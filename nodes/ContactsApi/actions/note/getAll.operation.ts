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
	description: forOperation('note', 'getAll', [contactLocator(), ...returnAllAndLimit()]),

	prepare(itemIndex, validate) {
		return { contactId: readContactId(this, itemIndex, validate), limit: readLimit(this, itemIndex, validate) };
	},

	async run({ contactId, limit }, itemIndex) {
		// Not paged by the API: every note comes at once and the limit is applied here.
		const response = await namingMissing(
			this,
			{ contact: contactId },
			contactsApiRequest<{ notes?: IDataObject[] }>(this, {
				method: 'GET',
				path: `/contacts/${pathSegment(contactId)}/notes`,
				idempotent: true,
				scope: 'contacts.readonly',
				itemIndex,
			}),
		);
		return applyLimit(response.notes, limit);
	},
};
