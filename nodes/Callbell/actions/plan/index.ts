import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { get } from './get.operation';

export const operations = { get };

export const resource: INodePropertyOptions = { name: 'Plan', value: 'plan' };

export const operationProperty = operationSelector(resource, 'get', [{ name: 'Get', value: 'get', description: "Get the account's plan", action: 'Get the plan' }]);
