import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector, standardOperations } from '../../../shared/router';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const operations = { get, getAll, update };

export const resource: INodePropertyOptions = { name: 'Channel', value: 'channel' };

export const operationProperty = operationSelector(resource, 'getAll', [
	...standardOperations({ one: 'a channel', many: 'channels' }, ['get', 'getAll']),
	{ name: 'Update', value: 'update', description: 'Change the title of a channel', action: 'Update a channel' },
]);
