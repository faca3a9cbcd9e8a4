import type { IDataObject } from 'n8n-workflow';

import type { NodeOperation } from '../../../shared/items';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, forOperation, readContactId } from '../common';
import { namingMissing, readId, requiredJsonBody, succeeded } from '../shared-related';
import { WORKFLOW_ID_LABEL, eventStartTimeFields, readWorkflowBody, workflowIdProperty } from './fields';

export interface Prepared {
	contactId: string;
	workflowId: string;
	body: IDataObject;
}

export const remove: NodeOperation<Prepared> = {
	description: forOperation('workflow', 'remove', [
		contactLocator(),
		workflowIdProperty,
		// The spec gives the DELETE the same body as the add (CreateWorkflowDto).
		eventStartTimeFields('Event start time of the enrolment to remove, as the API accepts it on removal too.'),
	]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			workflowId: readId(this, itemIndex, validate, 'workflowId', WORKFLOW_ID_LABEL),
			body: readWorkflowBody(this, itemIndex, validate),
		};
	},

	async run({ contactId, workflowId, body }, itemIndex) {
		// Removing a contact that is not enrolled is a no-op, so repeating is safe.
		const response = await namingMissing(
			this,
			{ workflow: workflowId, contact: contactId },
			contactsApiRequest(this, {
				method: 'DELETE',
				path: `/contacts/${pathSegment(contactId)}/workflow/${pathSegment(workflowId)}`,
				...requiredJsonBody(body),
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return { success: succeeded(response), contactId, workflowId };
	},
};
