import type { INodeProperties } from 'n8n-workflow';

import { add } from './add.operation';
import { remove } from './remove.operation';
import { removeAll } from './removeAll.operation';

export const operations = { add, remove, removeAll };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['campaign'] } },
	options: [
		{ name: 'Add', value: 'add', description: 'Add a contact to a campaign', action: 'Add a contact to a campaign' },
		{ name: 'Remove', value: 'remove', description: 'Remove a contact from a campaign', action: 'Remove a contact from a campaign' },
		{ name: 'Remove From All', value: 'removeAll', description: 'Remove a contact from every campaign', action: 'Remove a contact from every campaign' },
	],
	default: 'add',
};
