import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getMembers } from './getMembers.operation';
import { update } from './update.operation';

export const operations = { get, getAll, getMembers, update };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['team'] } },
	options: [
		{ name: 'Get', value: 'get', description: 'Get a team', action: 'Get a team' },
		{ name: 'Get Many', value: 'getAll', description: 'Get many teams', action: 'Get many teams' },
		{ name: 'Get Members', value: 'getMembers', description: 'Get the members of a team', action: 'Get the members of a team' },
		{ name: 'Update', value: 'update', description: 'Rename a team', action: 'Update a team' },
	],
	default: 'getAll',
};
