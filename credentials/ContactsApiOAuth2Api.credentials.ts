import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

const SCOPES = [
	'contacts.readonly',
	'contacts.write',
	'locations.readonly',
	'locations/tags.readonly',
	'locations/customFields.readonly',
	'users.readonly',
	// The Campaign, Workflow and Business pickers' lists.
	'campaigns.readonly',
	'workflows.readonly',
	'businesses.readonly',
];

/**
 * OAuth2 (authorization code) for a marketplace app. Access tokens expire daily; n8n
 * refreshes them on a 401. Version and location are added by the node's transport.
 */
export class ContactsApiOAuth2Api implements ICredentialType {
	name = 'contactsApiOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Contacts API OAuth2 API';

	icon: Icon = { light: 'file:contactsApi.svg', dark: 'file:contactsApi.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-contacts-api/n8n-nodes-contacts-api#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://marketplace.leadconnectorhq.com/oauth/chooselocation',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: 'https://services.leadconnectorhq.com/oauth/token',
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: SCOPES.join(' '),
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			displayName: 'Location ID',
			name: 'locationId',
			type: 'string',
			default: '',
			description:
				'The sub-account (location) to work on. Leave empty to use the location the token was issued for.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'options',
			options: [
				{ name: 'Taskee Portal (portalapi.taskee.ai)', value: 'https://portalapi.taskee.ai' },
				{
					name: 'LeadConnector Upstream (services.leadconnectorhq.com)',
					value: 'https://services.leadconnectorhq.com',
				},
				{ name: 'Custom', value: 'custom' },
			],
			default: 'https://services.leadconnectorhq.com',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			displayOptions: { show: { baseUrl: ['custom'] } },
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '2021-07-28',
		},
	];
}
