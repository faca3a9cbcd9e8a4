import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getAll } from './getAll.operation';

export const operations = { get, getAll };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['call'] } },
	options: [
		{ name: 'Get', value: 'get', description: 'Get a call with its recording and transcript links', action: 'Get a call' },
		{ name: 'Get Many', value: 'getAll', description: 'Get finished calls, newest first', action: 'Get many calls' },
	],
	default: 'getAll',
};
