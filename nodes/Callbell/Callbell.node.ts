import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { runOperation } from '../shared/items';
import { allProperties, findOperation } from './actions';
import { listSearch, loadOptions } from './methods';

export class Callbell implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Callbell',
		name: 'callbell',
		icon: { light: 'file:callbell.svg', dark: 'file:callbell.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send WhatsApp, Instagram, Messenger and Telegram messages and manage contacts in Callbell',
		defaults: { name: 'Callbell' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'callbellApi', required: true }],
		properties: allProperties(),
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = findOperation(resource, operation);
		if (!handler) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
		}
		return [await runOperation(this, handler)];
	}
}
