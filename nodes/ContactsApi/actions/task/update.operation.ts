import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { idProperty, namingMissing, readId, requireSomeField } from '../shared-related';
import { TASK_ID_LABEL, dueDateDescription, optionalTaskFields, readTaskFields } from './fields';

export interface Prepared {
	contactId: string;
	taskId: string;
	body: IDataObject;
}

export const update: NodeOperation<Prepared> = {
	description: forOperation('task', 'update', [
		contactLocator(),
		idProperty('taskId', TASK_ID_LABEL, 'ID of the task to update', 'e.g. lJpzYrWdpkC2hX6t2yue'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				...optionalTaskFields,
				{ displayName: 'Due Date', name: 'dueDate', type: 'dateTime', default: '', description: dueDateDescription },
				{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Title of the task' },
			],
		},
	]),

	prepare(itemIndex, validate) {
		const contactId = readContactId(this, itemIndex, validate);
		const taskId = readId(this, itemIndex, validate, 'taskId', TASK_ID_LABEL);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		return { contactId, taskId, body: requireSomeField(validate, readTaskFields(this, validate, fields)) };
	},

	async run({ contactId, taskId, body }, itemIndex) {
		// PUT sets the given fields to the given values: repeating it changes nothing more.
		const response = await namingMissing(
			this,
			{ task: taskId, contact: contactId },
			contactsApiRequest<{ task: IDataObject }>(this, {
				method: 'PUT',
				path: `/contacts/${pathSegment(contactId)}/tasks/${pathSegment(taskId)}`,
				body,
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return response.task;
	},
};
