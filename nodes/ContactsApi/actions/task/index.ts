import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { create } from './create.operation';
import { deleteTask } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { setCompleted } from './setCompleted.operation';
import { update } from './update.operation';

export const operations = { create, delete: deleteTask, get, getAll, setCompleted, update };

export const resource: INodePropertyOptions = { name: 'Task', value: 'task' };

export const operationProperty = operationSelector(resource, 'create', [
	{ name: 'Create', value: 'create', description: 'Create a task', action: 'Create a task' },
	{ name: 'Delete', value: 'delete', description: 'Delete a task', action: 'Delete a task' },
	{ name: 'Get', value: 'get', description: 'Get a task', action: 'Get a task' },
	{ name: 'Get Many', value: 'getAll', description: 'Get many tasks', action: 'Get many tasks' },
	{ name: 'Mark Completed or Incomplete', value: 'setCompleted', description: 'Mark a task completed or incomplete', action: 'Mark a task completed or incomplete' },
	{ name: 'Update', value: 'update', description: 'Update a task', action: 'Update a task' },
]);
