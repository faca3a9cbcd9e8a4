import type { IDataObject } from 'n8n-workflow';

import { collection, forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';
import { nonEmptyText, readDateTime } from '../parameterReaders';
import { dueDateDescription, optionalTaskFields, readTaskFields } from './fields';

export interface Prepared {
	contactId: string;
	body: IDataObject;
}

export const create: NodeOperation<Prepared> = {
	description: forOperation('task', 'create', [
		contactLocator(),
		{ displayName: 'Title', name: 'title', type: 'string', required: true, default: '', description: 'Title of the task' },
		{
			displayName: 'Due Date',
			name: 'dueDate',
			type: 'dateTime',
			required: true,
			default: '',
			description: dueDateDescription,
		},
		collection('additionalFields', optionalTaskFields),
	]),

	prepare(itemIndex, validate) {
		const contactId = readContactId(this, itemIndex, validate);
		const title = nonEmptyText(validate, 'Title (title)', this.getNodeParameter('title', itemIndex, ''));
		const dueDate = readDateTime(this, validate, 'Due Date (dueDate)', this.getNodeParameter('dueDate', itemIndex, ''));
		const fields = readTaskFields(this, validate, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject);
		// The API requires `completed` on create; a new task is open unless said otherwise.
		return { contactId, body: { completed: false, ...fields, title, dueDate } };
	},

	async run({ contactId, body }, itemIndex) {
		// Not idempotent: a retry after an ambiguous failure could create the task twice.
		const response = await contactsApiRequest<{ task: IDataObject }>(this, {
			method: 'POST',
			path: `/contacts/${pathSegment(contactId)}/tasks`,
			body,
			idempotent: false,
			scope: 'contacts.write',
			itemIndex,
		});
		return response.task;
	},
};
