import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const operations = { get, getAll, update };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['template'] } },
	options: [
		{ name: 'Get', value: 'get', description: 'Get a template', action: 'Get a template' },
		{ name: 'Get Many', value: 'getAll', description: 'Get many templates', action: 'Get many templates' },
		{ name: 'Update', value: 'update', description: 'Change the title of a template', action: 'Update a template' },
	],
	default: 'getAll',
};
