import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { idProperty, namingMissing, readId } from '../shared-related';
import { TASK_ID_LABEL } from './fields';

export interface Prepared {
	contactId: string;
	taskId: string;
}

export const get: NodeOperation<Prepared> = {
	description: forOperation('task', 'get', [
		contactLocator(),
		idProperty('taskId', TASK_ID_LABEL, 'ID of the task', 'e.g. lJpzYrWdpkC2hX6t2yue'),
	]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			taskId: readId(this, itemIndex, validate, 'taskId', TASK_ID_LABEL),
		};
	},

	async run({ contactId, taskId }, itemIndex) {
		const response = await namingMissing(
			this,
			{ task: taskId, contact: contactId },
			contactsApiRequest<{ task: IDataObject }>(this, {
				method: 'GET',
				path: `/contacts/${pathSegment(contactId)}/tasks/${pathSegment(taskId)}`,
				idempotent: true,
				scope: 'contacts.readonly',
				itemIndex,
			}),
		);
		return response.task;
	},
};
