import type { INodeProperties } from 'n8n-workflow';

import { getAll } from './getAll.operation';

export const operations = { getAll };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['funnel'] } },
	options: [{ name: 'Get Many', value: 'getAll', description: 'Get the funnel stages', action: 'Get many funnels' }],
	default: 'getAll',
};
