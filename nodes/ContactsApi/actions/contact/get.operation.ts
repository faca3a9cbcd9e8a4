import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';

export const get: NodeOperation<{ contactId: string }> = {
	description: forOperation('contact', 'get', [contactLocator()]),

	prepare(itemIndex, validate) {
		return { contactId: readContactId(this, itemIndex, validate) };
	},

	async run({ contactId }, itemIndex) {
		const response = await contactsApiRequest<{ contact: IDataObject }>(this, {
			method: 'GET',
			path: `/contacts/${pathSegment(contactId)}`,
			idempotent: true,
			scope: 'contacts.readonly',
			itemIndex,
		});
		return response.contact;
	},
};
