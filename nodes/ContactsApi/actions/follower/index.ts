import type { INodeProperties } from 'n8n-workflow';

import { add } from './add.operation';
import { remove } from './remove.operation';

export const operations = { add, remove };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['follower'] } },
	options: [
		{ name: 'Add', value: 'add', description: 'Add followers to a contact', action: 'Add followers to a contact' },
		{ name: 'Remove', value: 'remove', description: 'Remove followers from a contact', action: 'Remove followers from a contact' },
	],
	default: 'add',
};
