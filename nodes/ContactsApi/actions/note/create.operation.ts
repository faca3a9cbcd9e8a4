import type { IDataObject } from 'n8n-workflow';

import { collection, forOperation, requiredString } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';
import { namingMissing } from '../apiQuirks';
import { nonEmptyText } from '../parameterReaders';
import { bodyDescription, optionalNoteFields, readNoteFields } from './fields';

export interface Prepared {
	contactId: string;
	body: IDataObject;
}

export const create: NodeOperation<Prepared> = {
	description: forOperation('note', 'create', [
		contactLocator(),
		requiredString('Body', 'body', { typeOptions: { rows: 4 }, description: bodyDescription }),
		collection('additionalFields', optionalNoteFields),
	]),

	prepare(itemIndex, validate) {
		const contactId = readContactId(this, itemIndex, validate);
		const text = nonEmptyText(validate, 'Body (body)', this.getNodeParameter('body', itemIndex, ''));
		const fields = readNoteFields(validate, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject);
		return { contactId, body: { ...fields, body: text } };
	},

	async run({ contactId, body }, itemIndex) {
		// Not idempotent: a retry after an ambiguous failure could add the note twice.
		const response = await namingMissing(
			this,
			{ contact: contactId },
			contactsApiRequest<{ note: IDataObject }>(this, {
				method: 'POST',
				path: `/contacts/${pathSegment(contactId)}/notes`,
				body,
				idempotent: false,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return response.note;
	},
};
