import type { INodeProperties } from 'n8n-workflow';

import { getAll } from './getAll.operation';

export const operations = { getAll };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['appointment'] } },
	options: [
		{ name: 'Get Many', value: 'getAll', description: 'Get many appointments of a contact', action: 'Get many appointments of a contact' },
	],
	default: 'getAll',
};
