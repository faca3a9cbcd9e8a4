import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { BASE_URL_DESCRIPTION, BASE_URL_OPTIONS, DEFAULT_BASE_URL } from '../nodes/ContactsApi/transport/hosts';

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
 * OAuth2 (authorization code) for a HighLevel marketplace app (HighLevel / LeadConnector or a white
 * label such as Taskee Portal). Access tokens expire daily; n8n
 * refreshes them on a 401. Version and location are added by the node's transport.
 */
export class ContactsApiOAuth2Api implements ICredentialType {
	name = 'contactsApiOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'HighLevel Contacts OAuth2 API';

	icon: Icon = { light: 'file:contactsApi.svg', dark: 'file:contactsApi.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-contacts-api/n8n-nodes-contacts-api/blob/main/docs/credentials.md#highlevel-contacts-api-oauth2';

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
			options: BASE_URL_OPTIONS,
			default: DEFAULT_BASE_URL,
			description: BASE_URL_DESCRIPTION,
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
