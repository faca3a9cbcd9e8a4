import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector, standardOperations } from '../../../shared/router';
import { create } from './create.operation';
import { deleteCustomStatus } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const operations = { create, delete: deleteCustomStatus, get, getAll, update };

export const resource: INodePropertyOptions = { name: 'Custom Status', value: 'customStatus' };

export const operationProperty = operationSelector(resource, 'getAll', [
	...standardOperations({ one: 'a custom status', many: 'custom statuses' }, ['create', 'delete', 'get', 'getAll']),
	{ name: 'Update', value: 'update', description: 'Rename a custom status', action: 'Update a custom status' },
]);
