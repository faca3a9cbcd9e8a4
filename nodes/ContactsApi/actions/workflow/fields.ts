import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Validator } from '../../../shared/validation';
import { idProperty, readDateTime } from '../shared-related';

export const WORKFLOW_ID_LABEL = 'Workflow ID';

export const workflowIdProperty = idProperty(
	'workflowId',
	WORKFLOW_ID_LABEL,
	'ID of the workflow (the automation in the Contacts app, not an n8n workflow)',
	'e.g. 78559bb3-b920-461e-b010-7b2a2816d2a9',
);

export function eventStartTimeFields(description: string): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Event Start Time',
				name: 'eventStartTime',
				type: 'dateTime',
				default: '',
				description: `${description} ISO 8601; a time without offset is read in the workflow's time zone`,
			},
		],
	};
}

/** CreateWorkflowDto: `{eventStartTime?}`. The spec requires the body, so it is at least {}. */
export function readWorkflowBody(ctx: IExecuteFunctions, itemIndex: number, validate: Validator): IDataObject {
	const fields = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const value = fields.eventStartTime;
	if (value === undefined || value === '') return {};
	return { eventStartTime: readDateTime(ctx, validate, 'Event Start Time (eventStartTime)', value) };
}
