import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { send } from './send.operation';

export const operations = { send };

export const resource: INodePropertyOptions = { name: 'SMS', value: 'sms' };

export const operationProperty = operationSelector(resource, 'send', [{ name: 'Send', value: 'send', description: 'Send a text message', action: 'Send an SMS' }]);
