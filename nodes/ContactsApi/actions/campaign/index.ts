import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { add } from './add.operation';
import { remove } from './remove.operation';
import { removeAll } from './removeAll.operation';

export const operations = { add, remove, removeAll };

export const resource: INodePropertyOptions = { name: 'Campaign', value: 'campaign' };

export const operationProperty = operationSelector(resource, 'add', [
	{ name: 'Add', value: 'add', description: 'Add a contact to a campaign', action: 'Add a contact to a campaign' },
	{ name: 'Remove', value: 'remove', description: 'Remove a contact from a campaign', action: 'Remove a contact from a campaign' },
	{ name: 'Remove From All', value: 'removeAll', description: 'Remove a contact from every campaign', action: 'Remove a contact from every campaign' },
]);
