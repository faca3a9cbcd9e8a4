import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { get } from './get.operation';
import { getAll } from './getAll.operation';

export const operations = { get, getAll };

export const resource: INodePropertyOptions = { name: 'Call', value: 'call' };

export const operationProperty = operationSelector(resource, 'getAll', [
	{ name: 'Get', value: 'get', description: 'Get a call with its recording and transcript links', action: 'Get a call' },
	{ name: 'Get Many', value: 'getAll', description: 'Get finished calls, newest first', action: 'Get many calls' },
]);
