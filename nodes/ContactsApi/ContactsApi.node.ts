import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions';
import { listSearch, loadOptions } from './methods';
import { resourceMapping } from './methods/resourceMapping';

export class ContactsApi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HighLevel Contacts API',
		name: 'contactsApi',
		icon: { light: 'file:contactsApi.svg', dark: 'file:contactsApi.dark.svg' },
		group: ['transform'],
		// 1.1: Contact → Create asks for Email and Phone up front (1 keeps them in Additional Fields).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{"HighLevel: " + $parameter["operation"] + " " + $parameter["resource"]}}',
		description:
			'The Contacts API of HighLevel / LeadConnector and its white labels (Taskee Portal): every operation, nothing lost across pages',
		defaults: { name: 'Contacts API' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'contactsApi',
				required: true,
				displayOptions: { show: { authentication: ['privateIntegration'] } },
			},
			{
				name: 'contactsApiOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Private Integration Token', value: 'privateIntegration' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'privateIntegration',
			},
			...router.properties(),
		],
	};

	methods = { listSearch, loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.execute(this);
	}
}
