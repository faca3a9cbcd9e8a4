import type { INodeProperties } from 'n8n-workflow';

import { assignBusiness } from './assignBusiness.operation';
import { updateTags } from './updateTags.operation';

export const operations = { assignBusiness, updateTags };

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['bulk'] } },
	options: [
		{ name: 'Assign Business', value: 'assignBusiness', description: 'Add or remove many contacts to or from a business', action: 'Add or remove many contacts to or from a business' },
		{ name: 'Update Tags', value: 'updateTags', description: 'Add or remove tags on many contacts', action: 'Add or remove tags on many contacts' },
	],
	default: 'assignBusiness',
};
