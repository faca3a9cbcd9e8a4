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
	displayOptions: { show: { resource: ['channel'] } },
	options: [
		{ name: 'Get', value: 'get', description: 'Get a channel', action: 'Get a channel' },
		{ name: 'Get Many', value: 'getAll', description: 'Get many channels', action: 'Get many channels' },
		{ name: 'Update', value: 'update', description: 'Change the title of a channel', action: 'Update a channel' },
	],
	default: 'getAll',
};
