import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';

export const deleteContact: NodeOperation<{ contactId: string }> = {
	description: forOperation('contact', 'delete', [contactLocator({ description: 'The contact to delete' })]),

	prepare(itemIndex, validate) {
		return { contactId: readContactId(this, itemIndex, validate) };
	},

	async run({ contactId }, itemIndex) {
		const response = await contactsApiRequest<IDataObject>(this, {
			method: 'DELETE',
			path: `/contacts/${pathSegment(contactId)}`,
			idempotent: true,
			scope: 'contacts.write',
			itemIndex,
			// A retry after a lost answer finds the contact already gone: that is success.
			alreadyDone: { statuses: [404], response: { succeded: true } },
		});
		return { id: contactId, deleted: response.succeded === true };
	},
};
