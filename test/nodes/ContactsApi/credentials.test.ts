import { testCredential } from '../../harness/credentialTest';
import { CONTACTS_DEMO, contactsCredential, type Sandbox, useContactsSandbox } from '../../harness/sandboxes';

let sandbox: Sandbox;
useContactsSandbox((started) => (sandbox = started));

const credential = (overrides = {}) => contactsCredential(sandbox, overrides).contactsApi;

describe('Contacts API credential: Test request (as n8n runs it, through RoutingNode)', () => {
	it('succeeds with the read-only token, sending the resolved request', async () => {
		const result = await testCredential('contactsApi', credential({ token: CONTACTS_DEMO.tokens.readonly }));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.requests).toHaveLength(1);
		const [req] = sandbox.requests;
		expect(req).toMatchObject({ method: 'GET', path: '/contacts/', status: 200 });
		expect(req.query).toEqual({ locationId: CONTACTS_DEMO.locationId, limit: '1' });
		expect(req.headers.authorization).toBe(`Bearer ${CONTACTS_DEMO.tokens.readonly}`);
		expect(req.headers.version).toBe('2021-07-28');
	});

	it('strips a trailing slash from a custom base URL', async () => {
		const result = await testCredential('contactsApi', credential({ customBaseUrl: `${sandbox.url}/` }));
		expect(result.status).toBe('OK');
		expect(sandbox.requests[0].path).toBe('/contacts/');
	});

	it('defaults an empty API Version', async () => {
		const result = await testCredential('contactsApi', credential({ apiVersion: '' }));
		expect(result.status).toBe('OK');
		expect(sandbox.requests[0].headers.version).toBe('2021-07-28');
	});

	it('fails with a bad token (401)', async () => {
		const result = await testCredential('contactsApi', credential({ token: 'pit-not-a-real-token-000000000000' }));
		expect(result.status).toBe('Error');
		expect(sandbox.requests.every((r) => r.status === 401)).toBe(true);
		expect(result.message).not.toContain('pit-not-a-real-token');
		// A token of the other platform fails the same way: the message says what to switch.
		expect(result.message).toContain('if it comes from Taskee Portal, set Base URL to Taskee Portal; if from HighLevel or LeadConnector, to HighLevel / LeadConnector');
	});

	it('both Contacts API credentials start on the same host, each option named after its platform', () => {
		const { ContactsApi } = require('../../../credentials/ContactsApi.credentials');
		const { ContactsApiOAuth2Api } = require('../../../credentials/ContactsApiOAuth2Api.credentials');
		const baseUrl = (credential: { properties: Array<{ name: string; default: unknown; options?: Array<{ name: string; value: unknown }> }> }) =>
			credential.properties.find((p) => p.name === 'baseUrl')!;
		const [token, oauth] = [baseUrl(new ContactsApi()), baseUrl(new ContactsApiOAuth2Api())];
		expect(token.default).toBe('https://services.leadconnectorhq.com');
		expect(oauth.default).toBe(token.default);
		expect(token.options!.map((o) => o.name)).toEqual([
			'HighLevel / LeadConnector (services.leadconnectorhq.com)',
			'Taskee Portal (portalapi.taskee.ai)',
			'Custom (Another White Label)',
		]);
		expect(oauth.options).toEqual(token.options);
	});

	it('fails when the token does not belong to the location (403)', async () => {
		const result = await testCredential('contactsApi', credential({ token: CONTACTS_DEMO.tokens.otherLocation }));
		expect(result.status).toBe('Error');
		expect(sandbox.requests.map((r) => r.status)).toEqual([403]);
	});

	it('fails with a wrong API Version (400)', async () => {
		const result = await testCredential('contactsApi', credential({ apiVersion: '2020-01-01' }));
		expect(result.status).toBe('Error');
		expect(sandbox.requests.map((r) => r.status)).toEqual([400]);
	});
});
