import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';

export const operations = { create, get, getAll };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['contact'] } },
	options: [
		{ name: 'Create', value: 'create', description: 'Create a contact', action: 'Create a contact' },
		{ name: 'Get', value: 'get', description: 'Get a contact', action: 'Get a contact' },
		{ name: 'Get Many', value: 'getAll', description: 'Get many contacts', action: 'Get many contacts' },
	],
	default: 'create',
};
