import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { clear } from './clear.operation';
import { set } from './set.operation';

export const operations = { clear, set };

export const resource: INodePropertyOptions = { name: 'User Status', value: 'userStatus' };

export const operationProperty = operationSelector(resource, 'set', [
	{ name: 'Clear', value: 'clear', description: "Clear a user's custom status", action: 'Clear the status of a user' },
	{ name: 'Set', value: 'set', description: "Set a user's availability and custom status", action: 'Set the status of a user' },
]);
