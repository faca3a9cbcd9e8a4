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

const AUTHENTICATION_OPTIONS = [
	{ name: 'Private Integration Token', value: 'privateIntegration' },
	{ name: 'OAuth2', value: 'oAuth2' },
];

export class ContactsApi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HighLevel Contacts API',
		name: 'contactsApi',
		icon: { light: 'file:contactsApi.svg', dark: 'file:contactsApi.dark.svg' },
		group: ['transform'],
		// 1.1: Contact → Create asks for Email and Phone up front (1 keeps them in Additional Fields).
		// 1.2: Authentication starts unset and is set by n8n when a credential is chosen, so the
		// Custom Fields mapper (shown once it is set, reloaded when it changes) asks for the
		// location's fields with that credential instead of before it (a 500 on a new node).
		// No defaultVersion: n8n 2.41 adds "Custom API Call" only to a node whose defaultVersion
		// is unset or equals `version`, and new nodes take the last version listed anyway.
		version: [1, 1.1, 1.2],
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
				// '' is 1.2's "not chosen yet": a node saved that way runs with the token credential.
				displayOptions: { show: { authentication: ['privateIntegration', ''] } },
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
				options: AUTHENTICATION_OPTIONS,
				default: 'privateIntegration',
				displayOptions: { show: { '@version': [1, 1.1] } },
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: AUTHENTICATION_OPTIONS,
				// Unset until a credential is chosen: n8n then sets it to that credential's type.
				default: '',
				displayOptions: { show: { '@version': [{ _cnd: { gte: 1.2 } }] } },
			},
			...router.properties(),
		],
	};

	methods = { listSearch, loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.execute(this);
	}
}
