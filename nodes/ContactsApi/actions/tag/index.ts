import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { add } from './add.operation';
import { remove } from './remove.operation';

export const operations = { add, remove };

export const resource: INodePropertyOptions = { name: 'Tag', value: 'tag' };

export const operationProperty = operationSelector(resource, 'add', [
	{ name: 'Add', value: 'add', description: 'Add tags to a contact', action: 'Add tags to a contact' },
	{ name: 'Remove', value: 'remove', description: 'Remove tags from a contact', action: 'Remove tags from a contact' },
]);
