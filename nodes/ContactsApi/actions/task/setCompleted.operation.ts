import type { IDataObject } from 'n8n-workflow';

import { forOperation } from '../../../shared/descriptions';
import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest } from '../../transport';
import { contactLocator, readContactId } from '../common';
import { readRecordId, recordIdProperty, recordPath } from '../contactRecordOperations';
import { namingMissing } from '../apiQuirks';
import { TASK } from './fields';

export interface Prepared {
	contactId: string;
	taskId: string;
	completed: boolean;
}

export const setCompleted: NodeOperation<Prepared> = {
	description: forOperation('task', 'setCompleted', [
		contactLocator(),
		recordIdProperty(TASK, 'ID of the task'),
		{
			displayName: 'Completed',
			name: 'completed',
			type: 'boolean',
			default: true,
			description: 'Whether to mark the task completed (on) or open again (off)',
		},
	]),

	prepare(itemIndex, validate) {
		// An expression may hand over "true"/"false" as text; anything else is a mistake.
		const raw = this.getNodeParameter('completed', itemIndex, true);
		const completed =
			raw === true || raw === 'true'
				? true
				: raw === false || raw === 'false'
					? false
					: validate.fail('Completed (completed)', `"${String(raw)}" is not true or false`);
		return {
			contactId: readContactId(this, itemIndex, validate),
			taskId: readRecordId(this, itemIndex, validate, TASK),
			completed,
		};
	},

	async run({ contactId, taskId, completed }, itemIndex) {
		// Sets a state rather than toggling it, so repeating the call is harmless.
		const response = await namingMissing(
			this,
			{ task: taskId, contact: contactId },
			contactsApiRequest<{ task: IDataObject }>(this, {
				method: 'PUT',
				path: `${recordPath(TASK, contactId, taskId)}/completed`,
				body: { completed },
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return response.task;
	},
};
