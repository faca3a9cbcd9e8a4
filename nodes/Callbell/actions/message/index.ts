import type { INodeProperties } from 'n8n-workflow';

import { deleteMessage } from './delete.operation';
import { getStatus } from './getStatus.operation';
import { send } from './send.operation';

export const operations = { delete: deleteMessage, getStatus, send };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['message'] } },
	options: [
		{ name: 'Delete', value: 'delete', description: 'Delete a message', action: 'Delete a message' },
		{ name: 'Get Status', value: 'getStatus', description: 'Get the delivery status of a sent message', action: 'Get the status of a message' },
		{ name: 'Send', value: 'send', description: 'Send a text, media or template message', action: 'Send a message' },
	],
	default: 'send',
};
