import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { idProperty, namingMissing, readId, succeeded } from '../shared-related';
import { TASK_ID_LABEL } from './fields';

export interface Prepared {
	contactId: string;
	taskId: string;
}

export const deleteTask: NodeOperation<Prepared> = {
	description: forOperation('task', 'delete', [
		contactLocator(),
		idProperty('taskId', TASK_ID_LABEL, 'ID of the task to delete', 'e.g. lJpzYrWdpkC2hX6t2yue'),
	]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			taskId: readId(this, itemIndex, validate, 'taskId', TASK_ID_LABEL),
		};
	},

	async run({ contactId, taskId }, itemIndex) {
		// A DELETE may be repeated: the task is gone either way. A retry that finds it gone
		// answers 404, which is reported rather than hidden.
		const response = await namingMissing(
			this,
			{ task: taskId, contact: contactId },
			contactsApiRequest(this, {
				method: 'DELETE',
				path: `/contacts/${pathSegment(contactId)}/tasks/${pathSegment(taskId)}`,
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return { success: succeeded(response), contactId, taskId };
	},
};
