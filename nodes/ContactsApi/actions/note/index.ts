import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector, standardOperations } from '../../../shared/router';
import { create } from './create.operation';
import { deleteNote } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const operations = { create, delete: deleteNote, get, getAll, update };

export const resource: INodePropertyOptions = { name: 'Note', value: 'note' };

export const operationProperty = operationSelector(resource, 'create', standardOperations({ one: 'a note', many: 'notes' }, ['create', 'delete', 'get', 'getAll', 'update']));
