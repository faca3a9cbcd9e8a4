import type { INodeProperties } from 'n8n-workflow';

// Operation modules of this resource: `<operation>.operation.ts`, registered here.
export const operations = {};

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['appointment'] } },
	options: [
		{ name: 'Get Many', value: 'getAll', description: 'Get many appointments of a contact', action: 'Get many appointments of a contact' },
	],
	default: 'getAll',
};
