import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { deleteCustomStatus } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const operations = { create, delete: deleteCustomStatus, get, getAll, update };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['customStatus'] } },
	options: [
		{ name: 'Create', value: 'create', description: 'Create a custom status', action: 'Create a custom status' },
		{ name: 'Delete', value: 'delete', description: 'Delete a custom status', action: 'Delete a custom status' },
		{ name: 'Get', value: 'get', description: 'Get a custom status', action: 'Get a custom status' },
		{ name: 'Get Many', value: 'getAll', description: 'Get many custom statuses', action: 'Get many custom statuses' },
		{ name: 'Update', value: 'update', description: 'Rename a custom status', action: 'Update a custom status' },
	],
	default: 'getAll',
};
