import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector, standardOperations } from '../../../shared/router';
import { create } from './create.operation';
import { deleteContact } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';
import { upsert } from './upsert.operation';

export const operations = { create, delete: deleteContact, get, getAll, update, upsert };

export const resource: INodePropertyOptions = { name: 'Contact', value: 'contact' };

export const operationProperty = operationSelector(resource, 'upsert', [
	...standardOperations({ one: 'a contact', many: 'contacts' }, ['delete', 'get', 'getAll', 'update']),
	{ name: 'Create', value: 'create', description: 'Create a company or local contact', action: 'Create a contact' },
	{
		name: 'Create or Update',
		value: 'upsert',
		description: 'Create a new record, or update the current one if it already exists (upsert)',
		action: 'Create or update a contact',
	},
]);
