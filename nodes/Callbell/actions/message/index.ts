import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { deleteMessage } from './delete.operation';
import { getStatus } from './getStatus.operation';
import { send } from './send.operation';

export const operations = { delete: deleteMessage, getStatus, send };

export const resource: INodePropertyOptions = { name: 'Message', value: 'message' };

export const operationProperty = operationSelector(resource, 'send', [
	{ name: 'Delete', value: 'delete', description: 'Delete a message', action: 'Delete a message' },
	{ name: 'Get Status', value: 'getStatus', description: 'Get the delivery status of a sent message', action: 'Get the status of a message' },
	{ name: 'Send', value: 'send', description: 'Send a text, media or template message', action: 'Send a message' },
]);
