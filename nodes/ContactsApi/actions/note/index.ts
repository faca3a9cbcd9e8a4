import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector } from '../../../shared/router';
import { create } from './create.operation';
import { deleteNote } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const operations = { create, delete: deleteNote, get, getAll, update };

export const resource: INodePropertyOptions = { name: 'Note', value: 'note' };

export const operationProperty = operationSelector(resource, 'create', [
	{ name: 'Create', value: 'create', description: 'Create a note', action: 'Create a note' },
	{ name: 'Delete', value: 'delete', description: 'Delete a note', action: 'Delete a note' },
	{ name: 'Get', value: 'get', description: 'Get a note', action: 'Get a note' },
	{ name: 'Get Many', value: 'getAll', description: 'Get many notes', action: 'Get many notes' },
	{ name: 'Update', value: 'update', description: 'Update a note', action: 'Update a note' },
]);
