import type { INodeProperties } from 'n8n-workflow';

// Operation modules of this resource: `<operation>.operation.ts`, registered here.
export const operations = {};

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
