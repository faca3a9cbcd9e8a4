import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';
import { readSimplify, simplifyContacts, simplifyProperties } from './simplify';

export const get: NodeOperation<{ contactId: string; simplify: boolean }> = {
	description: forOperation('contact', 'get', [contactLocator(), ...simplifyProperties]),

	prepare(itemIndex, validate) {
		return { contactId: readContactId(this, itemIndex, validate), simplify: readSimplify(this, itemIndex) };
	},

	async run({ contactId, simplify }, itemIndex) {
		const response = await contactsApiRequest<{ contact: IDataObject }>(this, {
			method: 'GET',
			path: `/contacts/${pathSegment(contactId)}`,
			idempotent: true,
			scope: 'contacts.readonly',
			itemIndex,
		});
		return simplify ? (await simplifyContacts(this, [response.contact]))[0] : response.contact;
	},
};
