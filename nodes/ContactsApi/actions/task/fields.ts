import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listedOption } from '../../../shared/descriptions';
import type { Validator } from '../../../shared/validation';
import type { ContactRecord } from '../contactRecordOperations';
import { nonEmptyText, readDateTime } from '../parameterReaders';

export const TASK: ContactRecord = {
	resource: 'task',
	path: 'tasks',
	idName: 'taskId',
	idLabel: 'Task ID',
	displayName: 'Task',
	searchMethod: 'searchTasks',
	placeholder: 'e.g. lJpzYrWdpkC2hX6t2yue',
};

export const dueDateDescription =
	"When the task is due, ISO 8601 (e.g. 2026-05-01T09:30:00Z). A time without offset is read in the workflow's time zone.";

export const assignedToOption: INodeProperties = listedOption('Assigned To', 'assignedTo', 'getUsers',
	'User responsible for the task.',
);

/** Optional task fields shared by create ("Additional Fields") and update ("Update Fields"). */
export const optionalTaskFields: INodeProperties[] = [
	assignedToOption,
	{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'Details of the task' },
	{ displayName: 'Completed', name: 'completed', type: 'boolean', default: false, description: 'Whether the task is done' },
];

/**
 * Turns the optional fields of one item into the spec's body fields (CreateTaskParams /
 * UpdateTaskBody). Empty values never arrive (they mean "not set"); on update `null` clears
 * Body and Assigned To and sets Completed to false. Title and Due Date cannot be cleared.
 */
export function readTaskFields(ctx: IExecuteFunctions, validate: Validator, fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (fields.title === null) validate.fail('Title (title)', 'a task must keep a title; give the new title instead of clearing it');
	if (fields.dueDate === null) validate.fail('Due Date (dueDate)', 'a task must keep a due date; give the new date instead of clearing it');
	if (fields.title !== undefined) body.title = nonEmptyText(validate, 'Title (title)', fields.title);
	if (fields.dueDate !== undefined && fields.dueDate !== '') {
		body.dueDate = readDateTime(ctx, validate, 'Due Date (dueDate)', fields.dueDate);
	}
	if (fields.body === null) body.body = '';
	else if (typeof fields.body === 'string' && fields.body !== '') body.body = fields.body;
	if (fields.completed === null) body.completed = false;
	else if (fields.completed !== undefined) body.completed = fields.completed === true || fields.completed === 'true';
	if (fields.assignedTo === null) body.assignedTo = null;
	else if (fields.assignedTo !== undefined && fields.assignedTo !== '') {
		body.assignedTo = validate.id('Assigned To (assignedTo)', fields.assignedTo);
	}
	return body;
}
