import { updateRecordOperation } from '../contactRecordOperations';
import { dueDateDescription, optionalTaskFields, readTaskFields, TASK } from './fields';

export const update = updateRecordOperation(
	TASK,
	'ID of the task to update',
	[
		...optionalTaskFields,
		{ displayName: 'Due Date', name: 'dueDate', type: 'dateTime', default: '', description: dueDateDescription },
		{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Title of the task' },
	],
	readTaskFields,
);
