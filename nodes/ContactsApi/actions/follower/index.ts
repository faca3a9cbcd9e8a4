import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { add } from './add.operation';
import { remove } from './remove.operation';

export const operations = { add, remove };

export const resource: INodePropertyOptions = { name: 'Follower', value: 'follower' };

export const operationProperty = operationSelector(resource, 'add', [
	{ name: 'Add', value: 'add', description: 'Add followers to a contact', action: 'Add followers to a contact' },
	{ name: 'Remove', value: 'remove', description: 'Remove followers from a contact', action: 'Remove followers from a contact' },
]);
