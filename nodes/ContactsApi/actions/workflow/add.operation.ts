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

export const add: NodeOperation<Prepared> = {
	description: forOperation('workflow', 'add', [
		contactLocator(),
		workflowIdProperty,
		eventStartTimeFields('Time the workflow treats as the start of the event, for time-relative steps.'),
	]),

	prepare(itemIndex, validate) {
		return {
			contactId: readContactId(this, itemIndex, validate),
			workflowId: readId(this, itemIndex, validate, 'workflowId', WORKFLOW_ID_LABEL),
			body: readWorkflowBody(this, itemIndex, validate),
		};
	},

	async run({ contactId, workflowId, body }, itemIndex) {
		// Treated as idempotent: enrolment is keyed by contact and workflow, so a repeated
		// add meets the existing enrolment (at most updating eventStartTime) rather than
		// starting a second one. A workflow set to allow re-entry is the one case this
		// assumption has not been checked against the live API.
		const response = await namingMissing(
			this,
			{ workflow: workflowId, contact: contactId },
			contactsApiRequest(this, {
				method: 'POST',
				path: `/contacts/${pathSegment(contactId)}/workflow/${pathSegment(workflowId)}`,
				...requiredJsonBody(body),
				idempotent: true,
				scope: 'contacts.write',
				itemIndex,
			}),
		);
		return { success: succeeded(response), contactId, workflowId, ...body };
	},
};
