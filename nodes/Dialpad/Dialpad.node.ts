import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions';
import { listSearch } from './methods';

export class Dialpad implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dialpad',
		name: 'dialpad',
		icon: { light: 'file:dialpad.svg', dark: 'file:dialpad.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage Dialpad contacts, read calls, send SMS and list users, offices and numbers',
		defaults: { name: 'Dialpad' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dialpadApi', required: true }],
		properties: router.properties(),
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.execute(this);
	}
}
