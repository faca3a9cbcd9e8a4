import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { create } from './create.operation';
import { deleteCustomStatus } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const operations = { create, delete: deleteCustomStatus, get, getAll, update };

export const resource: INodePropertyOptions = { name: 'Custom Status', value: 'customStatus' };

export const operationProperty = operationSelector(resource, 'getAll', [
	{ name: 'Create', value: 'create', description: 'Create a custom status', action: 'Create a custom status' },
	{ name: 'Delete', value: 'delete', description: 'Delete a custom status', action: 'Delete a custom status' },
	{ name: 'Get', value: 'get', description: 'Get a custom status', action: 'Get a custom status' },
	{ name: 'Get Many', value: 'getAll', description: 'Get many custom statuses', action: 'Get many custom statuses' },
	{ name: 'Update', value: 'update', description: 'Rename a custom status', action: 'Update a custom status' },
]);
