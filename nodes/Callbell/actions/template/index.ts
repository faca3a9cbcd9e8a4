import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const operations = { get, getAll, update };

export const resource: INodePropertyOptions = { name: 'Template', value: 'template' };

export const operationProperty = operationSelector(resource, 'getAll', [
	{ name: 'Get', value: 'get', description: 'Get a template', action: 'Get a template' },
	{ name: 'Get Many', value: 'getAll', description: 'Get many templates', action: 'Get many templates' },
	{ name: 'Update', value: 'update', description: 'Change the title of a template', action: 'Update a template' },
]);
