import type {
	IAuthenticate,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/*
 * The four credential classes of this folder are written out field by field, alike as they
 * look: n8n's lint (`n8n-node lint`: eslint-plugin-n8n-nodes-base's cred-class-* rules and
 * @n8n/eslint-plugin-community-nodes, e.g. cred-class-field-icon-missing and
 * credential-test-required) reads each class's fields from its source literally, and cannot
 * see through a base class, a spread or a helper. Said here once for all four.
 */

export class CallbellApi implements ICredentialType {
	name = 'callbellApi';

	displayName = 'Callbell API';

	icon: Icon = { light: 'file:callbell.svg', dark: 'file:callbell.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-contacts-api/n8n-nodes-contacts-api/blob/main/docs/credentials.md#callbell-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Created in Callbell under Settings → Integrations → API',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.callbell.eu/v1',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'whsec_…',
			description:
				'Optional. When set, the Callbell Trigger rejects deliveries whose X-Callbell-Signature does not match. When empty, unsigned deliveries are accepted. A change applies within 0.1 s of saving.',
		},
	];

	// A function rather than a generic block: no expression evaluation on every request.
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey)}` },
	});

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/auth/me',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		// Without a rule n8n shows only the HTTP status text ("Unauthorized").
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Invalid API key: Callbell rejected it. Copy the key again from Settings → Integrations → API.',
				},
			},
		],
	};
}
