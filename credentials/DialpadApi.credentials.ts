import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Dialpad API key (Bearer). Sources: Dialpad's OpenAPI file (servers, securitySchemes) and
 * developers.dialpad.com/docs/authentication-basics: keys are made in Admin → My Company →
 * Authentication → API keys and sent as `Authorization: Bearer <key>` (the `?apikey=` form
 * is allowed too but leaks into logs, so it is never used). Sandbox accounts live on
 * sandbox.dialpad.com with their own keys.
 */
export class DialpadApi implements ICredentialType {
	name = 'dialpadApi';

	displayName = 'Dialpad API';

	icon: Icon = { light: 'file:dialpad.svg', dark: 'file:dialpad.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-contacts-api/n8n-nodes-contacts-api/blob/main/docs/credentials.md#dialpad-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Created in Dialpad under Admin → My Company → Authentication → API keys. A company-admin key is needed for calls, numbers, contact events and the credential test.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production (dialpad.com)', value: 'production' },
				{ name: 'Sandbox (sandbox.dialpad.com)', value: 'sandbox' },
				{ name: 'Custom Base URL', value: 'custom' },
			],
			default: 'production',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://dialpad.example.com',
			description: 'The host only; the node adds /api/v2',
			displayOptions: { show: { environment: ['custom'] } },
		},
	];

	// A function rather than a generic block: no expression evaluation on every request.
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey)}` },
	});

	// GET /api/v2/company: the cheapest read the docs name for a key check (company-admin keys).
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.environment === "custom" ? $credentials.customBaseUrl.replace(/\\/+$/, "") : $credentials.environment === "sandbox" ? "https://sandbox.dialpad.com" : "https://dialpad.com"}}',
			url: '/api/v2/company',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Invalid API key: Dialpad rejected it. Check the key and the Environment (sandbox keys only work on sandbox.dialpad.com).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The key works but is not a company-admin key: Dialpad refuses GET /company. Calls, numbers and contact events need an admin key.',
				},
			},
		],
	};
}
