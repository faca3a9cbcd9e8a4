import type { INodeProperties } from 'n8n-workflow';

import { send } from './send.operation';

export const operations = { send };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['sms'] } },
	options: [{ name: 'Send', value: 'send', description: 'Send a text message', action: 'Send an SMS' }],
	default: 'send',
};
