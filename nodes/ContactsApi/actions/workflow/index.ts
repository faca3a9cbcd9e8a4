import type { INodeProperties } from 'n8n-workflow';

import { add } from './add.operation';
import { remove } from './remove.operation';

export const operations = { add, remove };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['workflow'] } },
	options: [
		{ name: 'Add', value: 'add', description: 'Add a contact to a workflow', action: 'Add a contact to a workflow' },
		{ name: 'Remove', value: 'remove', description: 'Remove a contact from a workflow', action: 'Remove a contact from a workflow' },
	],
	default: 'add',
};
