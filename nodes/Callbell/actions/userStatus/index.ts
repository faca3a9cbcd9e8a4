import type { INodeProperties } from 'n8n-workflow';

import { clear } from './clear.operation';
import { set } from './set.operation';

export const operations = { clear, set };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['userStatus'] } },
	options: [
		{ name: 'Clear', value: 'clear', description: "Clear a user's custom status", action: 'Clear the status of a user' },
		{ name: 'Set', value: 'set', description: "Set a user's availability and custom status", action: 'Set the status of a user' },
	],
	default: 'set',
};
