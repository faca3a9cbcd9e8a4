import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';

import { collection, forOperation } from '../../../shared/descriptions';
import { locator, readLocator } from '../../../shared/locators';
import type { NodeOperation } from '../../../shared/items';
import type { Validator } from '../../../shared/validation';
import { contactsApiRequest, pathSegment } from '../../transport';
import { contactLocator, readContactId } from '../common';
import { namingMissing, requiredJsonBody } from '../apiQuirks';
import { readDateTime } from '../parameterReaders';

export const WORKFLOW_ID_LABEL = 'Workflow ID';

export const workflowIdProperty = locator({
	displayName: 'Workflow',
	name: 'workflowId',
	searchMethod: 'searchWorkflows',
	placeholder: 'e.g. 78559bb3-b920-461e-b010-7b2a2816d2a9',
	description: 'The workflow (an automation in the Contacts app, not an n8n workflow): pick it, or give its ID',
});

export function eventStartTimeFields(description: string): INodeProperties {
	return collection('additionalFields', [
		{
			displayName: 'Event Start Time',
			name: 'eventStartTime',
			type: 'dateTime',
			default: '',
			description: `${description} ISO 8601; a time without offset is read in the workflow's time zone`,
		},
	]);
}

/** CreateWorkflowDto: `{eventStartTime?}`. The spec requires the body, so it is at least {}. */
export function readWorkflowBody(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): IDataObject {
	const fields = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const value = fields.eventStartTime;
	if (value === undefined || value === '') return {};
	return { eventStartTime: readDateTime(ctx, validate, 'Event Start Time (eventStartTime)', value) };
}

export interface Enrolment {
	contactId: string;
	workflowId: string;
	body: IDataObject;
}

/**
 * Adding a contact to a workflow and removing it are the same call with another method:
 * /contacts/{contactId}/workflow/{workflowId} with a CreateWorkflowDto body, at least {}.
 * Both are sent as idempotent (see each operation for why).
 */
export function enrolmentOperation(
	operation: 'add' | 'remove',
	method: IHttpRequestMethods,
	eventStartTimeDescription: string,
	output: (enrolment: Enrolment, response: unknown) => IDataObject,
): NodeOperation<Enrolment> {
	return {
		description: forOperation('workflow', operation, [
			contactLocator(),
			workflowIdProperty,
			eventStartTimeFields(eventStartTimeDescription),
		]),

		prepare(itemIndex, validate) {
			return {
				contactId: readContactId(this, itemIndex, validate),
				workflowId: readLocator(this, itemIndex, validate, 'workflowId', WORKFLOW_ID_LABEL),
				body: readWorkflowBody(this, itemIndex, validate),
			};
		},

		async run(enrolment, itemIndex) {
			const { contactId, workflowId, body } = enrolment;
			const response = await namingMissing(
				this,
				{ workflow: workflowId, contact: contactId },
				contactsApiRequest(this, {
					method,
					path: `/contacts/${pathSegment(contactId)}/workflow/${pathSegment(workflowId)}`,
					...requiredJsonBody(body),
					idempotent: true,
					scope: 'contacts.write',
					itemIndex,
				}),
			);
			return output(enrolment, response);
		},
	};
}
