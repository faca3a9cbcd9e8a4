import type { INodeProperties } from 'n8n-workflow';

import { getAll } from './getAll.operation';

export const operations = { getAll };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['webhookEvent'] } },
	options: [
		{ name: 'Get Many', value: 'getAll', description: "Get the delivery log of the account's webhook", action: 'Get many webhook delivery events' },
	],
	default: 'getAll',
};
