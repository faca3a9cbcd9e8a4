import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { BASE_URL_DESCRIPTION, BASE_URL_OPTIONS, DEFAULT_BASE_URL } from '../nodes/ContactsApi/transport/hosts';

/**
 * Private Integration token for the LeadConnector/HighLevel v2 API, as white-labelled by
 * the Taskee Portal. The token carries no location, so the location ID lives here too.
 */
export class ContactsApi implements ICredentialType {
	name = 'contactsApi';

	displayName = 'HighLevel Contacts API';

	icon: Icon = { light: 'file:contactsApi.svg', dark: 'file:contactsApi.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-contacts-api/n8n-nodes-contacts-api/blob/main/docs/credentials.md#highlevel-contacts-api-private-integration-token';

	properties: INodeProperties[] = [
		{
			displayName: 'Private Integration Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'pit-…',
			description:
				'Token from Settings → Private Integrations. Grant contacts.readonly and contacts.write (plus locations/tags.readonly, locations/customFields.readonly, users.readonly, campaigns.readonly, workflows.readonly and businesses.readonly for the dropdowns and pickers).',
		},
		{
			displayName: 'Location ID',
			name: 'locationId',
			type: 'string',
			default: '',
			required: true,
			description: 'The sub-account (location) the token works on. Nodes can override it.',
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
			placeholder: 'https://api.example.com',
			displayOptions: { show: { baseUrl: ['custom'] } },
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '2021-07-28',
			description: 'Sent as the Version header on every request',
		},
	];

	// A function, not a generic block with expressions: n8n would evaluate those expressions
	// on every request (every page of a Return All), which costs measurably more.
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.token)}`,
			Version: String(credentials.apiVersion || '2021-07-28'),
		},
	});

	// A cheap read that needs only contacts.readonly.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl === "custom" ? $credentials.customBaseUrl.replace(/\\/+$/, "") : $credentials.baseUrl}}',
			url: '/contacts/',
			method: 'GET',
			headers: { Accept: 'application/json' },
			qs: { locationId: '={{$credentials.locationId}}', limit: 1 },
		},
		// Without rules n8n shows only the HTTP status text ("Unauthorized", "Forbidden").
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The API rejected the Private Integration token. A token works only on the host of the platform that made it: if it comes from Taskee Portal, set Base URL to Taskee Portal; if from HighLevel or LeadConnector, to HighLevel / LeadConnector. Otherwise copy it again from Settings → Private Integrations (a rotated token stops working once its 7-day overlap ends).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Insufficient scopes or no access to this location: the token needs the contacts.readonly scope and must belong to the sub-account set as Location ID.',
				},
			},
		],
	};
}
