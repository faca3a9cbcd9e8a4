import type { INodeProperties } from 'n8n-workflow';

import { add } from './add.operation';
import { remove } from './remove.operation';

export const operations = { add, remove };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['tag'] } },
	options: [
		{ name: 'Add', value: 'add', description: 'Add tags to a contact', action: 'Add tags to a contact' },
		{ name: 'Remove', value: 'remove', description: 'Remove tags from a contact', action: 'Remove tags from a contact' },
	],
	default: 'add',
};
