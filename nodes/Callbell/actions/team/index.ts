import type { INodePropertyOptions } from 'n8n-workflow';

import { operationSelector, standardOperations } from '../../../shared/router';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getMembers } from './getMembers.operation';
import { update } from './update.operation';

export const operations = { get, getAll, getMembers, update };

export const resource: INodePropertyOptions = { name: 'Team', value: 'team' };

export const operationProperty = operationSelector(resource, 'getAll', [
	...standardOperations({ one: 'a team', many: 'teams' }, ['get', 'getAll']),
	{ name: 'Get Members', value: 'getMembers', description: 'Get the members of a team', action: 'Get the members of a team' },
	{ name: 'Update', value: 'update', description: 'Rename a team', action: 'Update a team' },
]);
