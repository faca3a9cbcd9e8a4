import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector, standardOperations } from '../../../shared/router';
import { create } from './create.operation';
import { deleteTask } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { setCompleted } from './setCompleted.operation';
import { update } from './update.operation';

export const operations = { create, delete: deleteTask, get, getAll, setCompleted, update };

export const resource: INodePropertyOptions = { name: 'Task', value: 'task' };

export const operationProperty = operationSelector(resource, 'create', [
	...standardOperations({ one: 'a task', many: 'tasks' }, ['create', 'delete', 'get', 'getAll', 'update']),
	{ name: 'Mark Completed or Incomplete', value: 'setCompleted', description: 'Mark a task completed or incomplete', action: 'Mark a task completed or incomplete' },
]);
