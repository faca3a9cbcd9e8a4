import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { getAll } from './getAll.operation';

export const operations = { getAll };

export const resource: INodePropertyOptions = { name: 'Webhook Delivery Event', value: 'webhookEvent' };

export const operationProperty = operationSelector(resource, 'getAll', [
	{ name: 'Get Many', value: 'getAll', description: "Get the delivery log of the account's webhook", action: 'Get many webhook delivery events' },
]);
