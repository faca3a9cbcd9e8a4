import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { add } from './add.operation';
import { remove } from './remove.operation';

export const operations = { add, remove };

export const resource: INodePropertyOptions = { name: 'Workflow', value: 'workflow' };

export const operationProperty = operationSelector(resource, 'add', [
	{ name: 'Add', value: 'add', description: 'Add a contact to a workflow', action: 'Add a contact to a workflow' },
	{ name: 'Remove', value: 'remove', description: 'Remove a contact from a workflow', action: 'Remove a contact from a workflow' },
]);
