import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';

export const operations = { get };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['plan'] } },
	options: [{ name: 'Get', value: 'get', description: "Get the account's plan", action: 'Get the plan' }],
	default: 'get',
};
